// @ts-check
// The extension's manifests (web/manifest.mjs): Chrome's and Firefox's are
// web/extension/manifest.json with each browser's own keys added, and
// neither carries the other browser's.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { web } from "../overlay.mjs";

/**
 * Runs web/manifest.mjs with args into a fresh folder and returns the
 * manifest it wrote.
 * @param {...string} args the browser, then flags
 * @returns {any}
 */
function manifestFor(...args) {
  const dir = mkdtempSync(path.join(tmpdir(), "edgen-manifest-"));
  try {
    execFileSync(process.execPath, [path.join(web, "manifest.mjs"), args[0], dir, ...args.slice(1)]);
    return JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = JSON.parse(readFileSync(path.join(web, "extension", "manifest.json"), "utf8"));

test("Chrome's manifest: the side panel, a service worker and the offscreen document (the Prompt API for sites), nothing of Firefox's", () => {
  const m = manifestFor("chrome");
  assert.equal(m.side_panel.default_path, "panel.html");
  assert.deepEqual(m.background, { service_worker: "background.js", type: "module" });
  assert.deepEqual(m.permissions, [...base.permissions, "sidePanel", "offscreen"]);
  assert.ok(m.key, "the unpacked build keeps its key (a fixed id)");
  for (const key of ["sidebar_action", "browser_specific_settings"]) assert.equal(m[key], undefined, key);
  assert.equal(m.action.default_area, undefined);
});

test("Firefox's manifest: the sidebar, background scripts and a Gecko id, nothing of Chrome's", () => {
  const m = manifestFor("firefox");
  assert.equal(m.sidebar_action.default_panel, "panel.html");
  assert.deepEqual(m.background, { scripts: ["background.js"], type: "module" });
  assert.match(m.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
  assert.ok(Number.parseFloat(m.browser_specific_settings.gecko.strict_min_version) >= 140);
  assert.deepEqual(m.permissions, base.permissions);
  assert.equal(m.action.default_area, "navbar");
  assert.equal(m.action.default_title, base.action.default_title, "the base's action is kept, the overlay's key added");
  for (const key of ["side_panel", "key", "minimum_chrome_version"]) assert.equal(m[key], undefined, key);
});

test("--store leaves the key out", () => {
  assert.equal(manifestFor("chrome", "--store").key, undefined);
});

test("an unknown browser is a usage error", () => {
  assert.throws(() => manifestFor("safari"), /usage: node web\/manifest\.mjs chrome\|firefox/);
});
