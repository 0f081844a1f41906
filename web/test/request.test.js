// @ts-check
// ui/request.js: a chat's options and messages as the request of its next answer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { answerRequest, hasPictures, titleOf } from "../ui/request.js";

/** @import { Chat } from "../ui/store.js" */

/**
 * @param {Partial<Chat["options"]>} options
 * @returns {Chat}
 */
function chatWith(options) {
  return {
    id: "c", title: "", created: 0, updated: 0,
    options: { model: "", system: "", temperature: "", maxTokens: "", tools: [], ...options },
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
    stream_options: { include_usage: true },
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

test("an answer goes back as its words: never its thinking, nor its tool steps", () => {
  const chat = chatWith({});
  chat.messages[1] = {
    id: "2", role: "assistant", content: "Yes.", state: "done", thinking: "The user asks; I say yes.", thoughtMs: 1200,
    steps: [{ id: "call_1", name: "date_time", arguments: "{}", result: "Monday", state: "done" }],
  };
  assert.deepEqual(answerRequest(chat).messages[1], { role: "assistant", content: "Yes." });
});

test("pictures go as OpenAI's nested image parts after the text", () => {
  const chat = chatWith({});
  const png = "data:image/png;base64,iVBORw0KGgo=";
  chat.messages[3] = { id: "4", role: "user", content: "What is this?", images: [png, png] };
  chat.messages.push({ id: "5", role: "user", content: "", images: [png] });
  const sent = answerRequest(chat).messages;
  assert.deepEqual(sent[2], { role: "user", content: [
    { type: "text", text: "What is this?" },
    { type: "image_url", image_url: { url: png } },
    { type: "image_url", image_url: { url: png } },
  ] });
  assert.deepEqual(sent[3], { role: "user", content: [{ type: "image_url", image_url: { url: png } }] });
  assert.equal(hasPictures(chat), true);
  assert.equal(hasPictures(chatWith({})), false);
});
