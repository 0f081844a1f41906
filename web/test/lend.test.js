// @ts-check
// The checks of the Prompt API for sites that need no browser: the page's
// canonical prompt (extension/lend/prompt.js, the spec's errors), the
// offscreen document's check of every call (extension/lend/checks.js), the
// rate (extension/lend/rate.js) and what an answer hands the page while it
// streams (extension/lend/answer.js; wasmtest's TestPromptAPIAnswers runs it
// on the library's real parts).
import assert from "node:assert/strict";
import { test } from "node:test";

Object.assign(globalThis, { chrome: { runtime: { id: "x" } } });
const { canonicalPrompt } = await import("../extension/lend/prompt.js");
const { checkCall, CallError } = await import("../extension/lend/checks.js");
const { RateBucket } = await import("../extension/lend/rate.js");
const { MAX_INPUT_CHARS } = await import("../extension/lend/limits.js");
const { readAnswer } = await import("../extension/lend/answer.js");

test("a prompt becomes text messages, as the spec canonicalizes it", () => {
  assert.deepEqual(canonicalPrompt("hi", false), [{ role: "user", content: "hi" }]);
  assert.deepEqual(canonicalPrompt([], false), [{ role: "user", content: "" }]);
  assert.deepEqual(canonicalPrompt([{ role: "user", content: [{ type: "text", value: "a" }, { type: "text", value: "b" }] }], false),
    [{ role: "user", content: "ab" }]);
  assert.deepEqual(canonicalPrompt([{ role: "system", content: "s" }, { role: "assistant", content: "x", prefix: true }], false),
    [{ role: "system", content: "s" }, { role: "assistant", content: "x", prefix: true }]);
});

test("a prompt the spec refuses gets the spec's error", () => {
  const name = (/** @type {() => unknown} */ fn) => {
    try {
      fn();
    } catch (e) {
      return /** @type {Error} */ (e).name;
    }
    return "none";
  };
  assert.equal(name(() => canonicalPrompt([{ role: "system", content: "s" }], true)), "TypeError");
  assert.equal(name(() => canonicalPrompt([{ role: "user", content: "u" }, { role: "system", content: "s" }], false)), "TypeError");
  assert.equal(name(() => canonicalPrompt([{ role: "user", content: "u", prefix: true }], false)), "SyntaxError");
  assert.equal(name(() => canonicalPrompt([{ role: "assistant", content: "a", prefix: true }, { role: "user", content: "u" }], false)), "SyntaxError");
  assert.equal(name(() => canonicalPrompt([{ role: "user", content: [{ type: "image", value: new Uint8Array(1) }] }], false)), "NotSupportedError");
  assert.equal(name(() => canonicalPrompt([{ role: "user", content: [{ type: "text", value: 1 }] }], false)), "TypeError");
  assert.equal(name(() => canonicalPrompt([{ role: "tool", content: "t" }], false)), "TypeError");
});

test("the offscreen document takes a call only in the shape the page's LanguageModel sends", () => {
  const input = [{ role: "user", content: "hi" }];
  assert.equal(checkCall({ id: 1, op: "prompt", session: "s1", input, stream: true }).op, "prompt");
  assert.equal(checkCall({ id: 2, op: "create", options: { temperature: 1, initialPrompts: input }, monitor: true }).op, "create");
  const refused = (/** @type {unknown} */ msg) => {
    try {
      checkCall(msg);
    } catch (e) {
      assert.ok(e instanceof CallError);
      return e.wire.name;
    }
    return "taken";
  };
  assert.equal(refused({ id: 3, op: "policy" }), "TypeError");
  assert.equal(refused({ id: 4, op: "availability", origin: "http://elsewhere" }), "TypeError");
  assert.equal(refused({ id: 5, op: "create", options: { baseURL: "http://x" } }), "TypeError");
  assert.equal(refused({ id: 6, op: "prompt", session: "s1", input: "hi" }), "TypeError");
  assert.equal(refused({ id: 7, op: "prompt", session: "s1", input: [{ role: "user", content: "hi", prefix: true }] }), "TypeError");
  assert.equal(refused({ id: 8, op: "prompt", session: "../s1", input }), "TypeError");
  assert.equal(refused({ id: 9, op: "prompt", input }), "TypeError");
  assert.equal(refused({ id: 10, op: "prompt", session: "s1", input: [{ role: "user", content: "x".repeat(MAX_INPUT_CHARS + 1) }] }), "QuotaExceededError");
  assert.equal(refused([1]), "TypeError");
});

test("the rate gives a burst, then one call each refill", () => {
  let now = 0;
  const bucket = new RateBucket(3, 1000, () => now);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  now = 999;
  assert.equal(bucket.take(), false);
  now = 2000; // two refills since the last take: two calls
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take()], [true, true, false]);
});

test("an answer hands the page no text that may still turn out to be reasoning", async () => {
  /** @param {any[]} parts */
  async function* from(parts) {
    yield* parts;
  }
  const content = (/** @type {string} */ text) => ({ type: "content", index: 0, text });
  // A template that opened <think>: the content before </think> was reasoning.
  const opened = [content("I think"), content("."), { type: "content_to_reasoning", index: 0, text: "I think." }, content("Hi"), content("!"),
    { type: "finish", index: 0, finishReason: "stop" }];
  /** @param {any[]} parts @param {boolean | undefined} opensThink */
  const read = async (parts, opensThink) => {
    /** @type {string[]} */
    const pieces = [];
    const answer = await readAnswer(from(parts), opensThink, (t) => pieces.push(t));
    return { pieces, answer };
  };
  for (const opensThink of [undefined, true]) {
    const { pieces, answer } = await read(opened, opensThink);
    assert.deepEqual(pieces, ["Hi", "!"], `habit ${opensThink}`);
    assert.equal(answer.text, "Hi!");
    assert.equal(answer.closedThink, true);
    assert.equal(answer.finish, "stop");
  }
  // Known not to open <think>: each piece as it comes; the answer alone.
  const plain = [{ type: "reasoning", index: 0, text: "hmm" }, content("Hi"), content("!"), { type: "content", index: 1, text: "other" }];
  assert.deepEqual((await read(plain, false)).pieces, ["Hi", "!"]);
  // Not known, and no </think>: all of it, once the answer ends.
  const { pieces, answer } = await read(plain, undefined);
  assert.deepEqual(pieces, ["Hi!"]);
  assert.equal(answer.closedThink, false);
});
