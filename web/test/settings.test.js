// @ts-check
// The server URL each side accepts: the page's settings dialog
// (page/settingsdialog.js: only what its Content-Security-Policy lets it
// reach) and the extension panel's settings (extension/panelsettings.js:
// any http or https URL, stored in chrome.storage).
import assert from "node:assert/strict";
import { test } from "node:test";
import { pageGlobals } from "./globals.mjs";

pageGlobals({ storage: false });
const { reachError } = await import("../page/settingsdialog.js");

/** @type {Record<string, unknown>} */
let stored = {};
Object.assign(globalThis, { chrome: { storage: { local: { get: async (/** @type {string[]} */ keys) => Object.fromEntries(keys.filter((k) => k in stored).map((k) => [k, stored[k]])) } } } });
const panel = await import("../extension/panelsettings.js");

test("the page reaches its own server and http servers on this computer", () => {
  for (const ok of ["/v1", "http://127.0.0.1:8080/v1", "http://127.0.0.1:33322/v1", "http://localhost:11434/v1/"]) {
    assert.equal(reachError(ok), "", ok);
  }
});

test("the page says why it cannot reach the others", () => {
  for (const [value, words] of [
    ["", /Enter the server's address/],
    ["v1", /This is not an address/],
    ["127.0.0.1:33322/v1", /This is not an address\. Enter a full one such as http:\/\/127\.0\.0\.1:33322\/v1/],
    ["localhost:33322/v1", /Start the address with http:\/\/, as in http:\/\/localhost:33322\/v1\./],
    ["ftp://127.0.0.1/v1", /over http, not ftp/],
    ["http://[::1]:33322/v1", /cannot name an IPv6 address: use http:\/\/127\.0\.0\.1:33322\/v1/],
    ["http://example.com/v1", /its security policy blocks example\.com.*-edgen http:\/\/example\.com\/v1/],
    ["https://localhost:33322/v1", /Use http:\/\/ for a server on this computer/],
  ]) {
    assert.match(reachError(/** @type {string} */ (value)), /** @type {RegExp} */ (words), String(value));
  }
});

test("the panel takes any http or https URL", () => {
  assert.equal(panel.parseBaseURL("  http://192.168.1.5:33322/v1 ").href, "http://192.168.1.5:33322/v1");
  assert.equal(panel.parseBaseURL("https://edgen.example/v1").origin, "https://edgen.example");
  assert.throws(() => panel.parseBaseURL("localhost:33322"), { name: "TypeError", message: /must start with http:\/\/ or https:\/\// });
  assert.throws(() => panel.parseBaseURL("not a url"), { name: "TypeError", message: /"not a url" is not a URL, e\.g\. http:\/\/127\.0\.0\.1:33322\/v1/ });
});

test("the panel's saved settings fill the defaults' gaps", async () => {
  stored = {};
  assert.deepEqual(await panel.loadSettings(), { baseURL: "http://127.0.0.1:33322/v1", model: "default" });
  stored = { model: "tiny" };
  assert.deepEqual(await panel.loadSettings(), { baseURL: "http://127.0.0.1:33322/v1", model: "tiny" });
});
