// @ts-check
// ui/request.js: a chat's options and messages as the request of its next answer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { answerRequest, titleOf } from "../ui/request.js";

/** @import { Chat } from "../ui/store.js" */

/**
 * @param {Partial<Chat["options"]>} options
 * @returns {Chat}
 */
function chatWith(options) {
  return {
    id: "c", title: "", created: 0, updated: 0,
    options: { model: "", system: "", temperature: "", maxTokens: "", ...options },
    messages: [
      { id: "1", role: "user", content: "First?" },
      { id: "2", role: "assistant", content: "Yes.", state: "done" },
      { id: "3", role: "assistant", content: "", state: "error" },
      { id: "4", role: "user", content: "Second?" },
    ],
  };
}

test("the options left empty are the server's defaults", () => {
  assert.deepEqual(answerRequest(chatWith({})), {
    model: "default",
    stream: true,
    messages: [
      { role: "user", content: "First?" },
      { role: "assistant", content: "Yes." },
      { role: "user", content: "Second?" },
    ],
  });
});

test("the options set are sent, numbers as numbers, the system prompt first", () => {
  const params = answerRequest(chatWith({ model: "tiny", system: "Be brief.", temperature: "0.7", maxTokens: "64" }));
  assert.equal(params.model, "tiny");
  assert.equal(params.temperature, 0.7);
  assert.equal(params.max_tokens, 64);
  assert.deepEqual(params.messages[0], { role: "system", content: "Be brief." });
  assert.equal(params.messages.length, 4);
});

test("a blank system prompt is left out", () => {
  assert.equal(answerRequest(chatWith({ system: "  \n" })).messages[0].role, "user");
});

test("a title is the first line of the question without Markdown marks", () => {
  assert.equal(titleOf("  # **Why** `Go`?\nmore words"), "Why Go?");
  assert.equal(titleOf("###"), "Chat");
  const long = titleOf("x".repeat(100));
  assert.equal(long.length, 60);
  assert.ok(long.endsWith("…"));
});
