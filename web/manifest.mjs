// @ts-check
// node web/manifest.mjs BROWSER OUTDIR [--store]: writes the extension's
// manifest for one browser (chrome or firefox) to OUTDIR/manifest.json:
// web/extension/manifest.json, which both browsers share, with the
// browser's own keys of web/extension/manifest.BROWSER.json merged in.
// `make extension` runs it for each build. --store leaves out "key", which
// the Chrome Web Store refuses (it assigns the id itself).
//
// The merge adds, never overrides: an object merges key by key, a list
// gains the overlay's items (permissions), and a value the base already has
// is an error, so each key has its one place.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const BROWSERS = ["chrome", "firefox"];
const [browser, outdir, ...flags] = process.argv.slice(2);
if (!BROWSERS.includes(browser) || !outdir || flags.some((f) => f !== "--store")) {
  console.error(`usage: node web/manifest.mjs ${BROWSERS.join("|")} OUTDIR [--store]`);
  process.exit(2);
}
const source = path.join(path.dirname(new URL(import.meta.url).pathname), "extension");
/** @param {string} name a file of web/extension/ @returns {any} its JSON */
const read = (name) => JSON.parse(readFileSync(path.join(source, name), "utf8"));

/**
 * Returns base with overlay added (see above).
 * @param {any} base
 * @param {any} overlay
 * @param {string} where the key's path, for errors
 * @returns {any}
 */
function merge(base, overlay, where) {
  if (base === undefined) return overlay;
  if (Array.isArray(base) && Array.isArray(overlay)) return [...base, ...overlay];
  /** @param {unknown} v */
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(base) || !isObject(overlay)) {
    throw new Error(`manifest.${browser}.json sets ${where}, which manifest.json already sets`);
  }
  const out = { ...base };
  for (const [k, v] of Object.entries(overlay)) out[k] = merge(base[k], v, where ? `${where}.${k}` : k);
  return out;
}

const manifest = merge(read("manifest.json"), read(`manifest.${browser}.json`), "");
if (flags.includes("--store")) delete manifest.key;
writeFileSync(path.join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
