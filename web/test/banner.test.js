// @ts-check
// page/banner.js: what serve.go's /serve-info (internal/devserver/info.go) says, in words.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bannerText } from "../page/banner.js";

test("the fake, with the upstream it found missing", () => {
  assert.equal(bannerText({ backend: "fake", upstream_url: "http://127.0.0.1:33322/v1", reason: "nothing answers", required: false }),
    "No Edgen at http://127.0.0.1:33322/v1: a built-in fake gives canned replies. Start Edgen and this page follows.");
  assert.equal(bannerText({ backend: "fake", upstream_url: "", required: false }), "The built-in fake Edgen answers with canned replies.");
});

test("another server, named when known", () => {
  assert.match(bannerText({ backend: "compatible", upstream_url: "http://127.0.0.1:11434/v1", server: "ollama", required: false }),
    /^ollama answers at http:\/\/127\.0\.0\.1:11434\/v1, not Edgen/);
  assert.match(bannerText({ backend: "compatible", upstream_url: "http://127.0.0.1:8081/v1", required: false }),
    /^An OpenAI-compatible server answers at http:\/\/127\.0\.0\.1:8081\/v1/);
});

test("nothing, with the reason", () => {
  assert.equal(bannerText({ backend: "none", upstream_url: "http://127.0.0.1:33322/v1", reason: "connection refused", required: true }),
    "Nothing answers at http://127.0.0.1:33322/v1 (connection refused). Start Edgen there; this page follows within seconds.");
});

test("Edgen itself, or no answer, needs no banner", () => {
  assert.equal(bannerText({ backend: "edgen", upstream_url: "http://127.0.0.1:33322/v1", version: "0.1.5", required: false }), "");
  assert.equal(bannerText(null), "");
});
