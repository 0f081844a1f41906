// @ts-check
// node web/bundle.mjs OUT OUTDIR [--define:NAME=VALUE...] [--iife] ENTRY...:
// bundles the entry points (scripts and styles) with esbuild into OUTDIR,
// reading web/ with OUT laid over it, as serve.go serves them (overlay.mjs).
// Each --define replaces the global NAME with the JavaScript VALUE, as
// esbuild's own flag does, and the branches a define makes dead are left
// out. The scripts are ES modules, or with --iife classic scripts whose
// names stay inside one function (the extension's content scripts, which
// share a page's global scope). `make extension` bundles the extension with
// it, once for each browser.
import path from "node:path";
import * as esbuild from "esbuild";
import { overlaid } from "./overlay.mjs";

const [out, outdir, ...rest] = process.argv.slice(2);
const iife = rest.includes("--iife");
const entryPoints = rest.filter((a) => !a.startsWith("--define:") && a !== "--iife");
/** @type {Record<string, string>} */
const define = {};
let usable = Boolean(out && outdir && entryPoints.length > 0);
for (const d of rest.filter((a) => a.startsWith("--define:"))) {
  const [name, value] = d.slice("--define:".length).split(/=(.*)/s);
  if (!name || !value) usable = false;
  else define[name] = value;
}
if (!usable) {
  console.error("usage: node web/bundle.mjs OUT OUTDIR [--define:NAME=VALUE...] [--iife] ENTRY...");
  process.exit(2);
}

/** @type {import("esbuild").Plugin} */
const overlay = {
  name: "overlay",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const built = overlaid(out, path.resolve(args.resolveDir, args.path));
      return built ? { path: built } : undefined;
    });
  },
};

await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  format: iife ? "iife" : "esm",
  define,
  minifySyntax: true, // drops the branches a define makes dead
  legalComments: "eof",
  logLevel: "warning",
  plugins: [overlay],
});
