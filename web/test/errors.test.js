// @ts-check
// ui/errors.js: failed requests in words, for the real error classes of edgen.js.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as edgen from "../edgen/edgen.js";
import { describeError } from "../ui/errors.js";

const BASE = "http://127.0.0.1:33322/v1";

test("no server: nothing answered at the base URL", () => {
  const d = describeError(new edgen.APIConnectionError("edgen: connection refused"), edgen, BASE);
  assert.equal(d.kind, "APIConnectionError");
  assert.equal(d.title, "The server can't be reached.");
  assert.match(d.text, /Nothing answered at http:\/\/127\.0\.0\.1:33322\/v1\./);
});

test("a connection broken mid-answer keeps the words that came", () => {
  const d = describeError(new edgen.APIConnectionError("edgen: unexpected EOF"), edgen, { baseURL: BASE, partial: true });
  assert.equal(d.title, "The connection broke in the middle of the answer.");
  assert.match(d.text, /The words that came before are kept above\./);
});

test("a timeout is a timeout, not a refused connection", () => {
  const d = describeError(new edgen.APITimeoutError("edgen: timeout"), edgen, BASE);
  assert.equal(d.kind, "APITimeoutError");
  assert.equal(d.title, "The server took too long to answer.");
});

test("Edgen's tagged error says which model it lacks", () => {
  const err = new edgen.NotFoundError("edgen: 404 Not Found", {
    status: 404, code: "no_such_model", error: { error: "no_such_model", model_name: "owner/repo/file" },
  });
  const d = describeError(err, edgen, BASE);
  assert.equal(d.kind, "NotFoundError · 404");
  assert.equal(d.title, "The server does not know this model.");
  assert.match(d.text, /^The server said: “there is no model "owner\/repo\/file"\.”/);
});

test("the OpenAI envelope's message is the server's words", () => {
  const err = new edgen.RateLimitError("edgen: Slow down please (429 Too Many Requests)", {
    status: 429, error: { error: { message: "Slow down please", type: "rate_limit" } },
  });
  const d = describeError(err, edgen, BASE);
  assert.equal(d.title, "The server is busy.");
  assert.equal(d.text, "The server said: “Slow down please” Wait a moment, then retry.");
});

test("a status alone says what the status means", () => {
  for (const [status, title] of /** @type {const} */ ([
    [401, "The server refused the request."],
    [404, "The server has no such address."],
    [405, "The server does not take this request at this address."],
    [502, "The server behind this page did not answer."],
    [500, "The server failed while answering."],
    [418, "The server answered with status 418."],
  ])) {
    const d = describeError(new edgen.APIStatusError(`edgen: ${status}`, { status }), edgen, BASE);
    assert.equal(d.title, title, `status ${status}`);
    assert.doesNotMatch(d.text, /The server said/, `status ${status}: no words of its own`);
  }
});

test("an error event inside a stream, and bad arguments", () => {
  const event = describeError(new edgen.APIError("edgen: the model crashed", { status: 200 }), edgen, BASE);
  assert.equal(event.title, "The server stopped the answer with an error.");
  assert.match(event.text, /“the model crashed”/);
  const bad = describeError(new TypeError("edgen: temperature must be a number"), edgen, BASE);
  assert.equal(bad.title, "A setting is not valid.");
});

test("long words are cut, and anything thrown is described", () => {
  const err = new edgen.BadRequestError("edgen: " + "w".repeat(500), { status: 400 });
  const words = /“(.*)”/.exec(describeError(err, edgen, BASE).text)?.[1] ?? "";
  assert.equal(words.length, 240);
  assert.deepEqual(describeError("plain text", null, BASE), { kind: "String", title: "Something went wrong.", text: "plain text" });
});
