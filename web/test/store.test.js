// @ts-check
// ui/store.js: the shapes of a chat, checked when read; the settings in
// localStorage; the chat a tab shows in sessionStorage.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ORIGIN, pageGlobals } from "./globals.mjs";

pageGlobals();
const store = await import("../ui/store.js");

test("a malformed chat is mended field by field", () => {
  const chat = store.checkedChat({
    id: "x", title: 7, created: "yesterday", options: { model: "m", temperature: 1 },
    messages: [
      { role: "user", content: "kept, with a new id" },
      { id: "s", role: "system", content: "not a role of the page" },
      { id: "n", role: "assistant", content: 42 },
      { id: "w", role: "assistant", content: "left streaming by an old page", state: "thinking" },
      { id: "e", role: "assistant", content: "", state: "error", error: { text: "words" } },
    ],
  });
  assert.ok(chat);
  assert.equal(chat.title, "");
  assert.equal(chat.created, 0);
  assert.deepEqual(chat.options, { model: "m", system: "", temperature: "", maxTokens: "" });
  assert.deepEqual(chat.messages.map((m) => [m.role, m.content, m.state]), [
    ["user", "kept, with a new id", undefined],
    ["assistant", "left streaming by an old page", "stopped"],
    ["assistant", "", "error"],
  ]);
  assert.equal(typeof chat.messages[0].id, "string");
  assert.notEqual(chat.messages[0].id, "");
  assert.deepEqual(chat.messages[2].error, { kind: "", title: "Something went wrong", text: "words" });
});

test("what is no chat is refused", () => {
  for (const c of [null, "chat", { id: 5, messages: [] }, { id: "x" }, { id: "x", messages: {} }]) {
    assert.equal(store.checkedChat(c), null, JSON.stringify(c));
  }
});

test("the settings default to the page's own /v1 and keep a saved server", () => {
  assert.deepEqual(store.loadSettings(), { baseURL: `${ORIGIN}/v1` });
  store.saveSettings({ baseURL: "http://127.0.0.1:33322/v1" });
  assert.deepEqual(store.loadSettings(), { baseURL: "http://127.0.0.1:33322/v1" });
  localStorage.setItem(store.SETTINGS_KEY, JSON.stringify({ baseURL: 5 }));
  assert.deepEqual(store.loadSettings(), { baseURL: `${ORIGIN}/v1` });
});

test("a new chat copies its options and each tab remembers its own chat", () => {
  const options = { model: "tiny", system: "", temperature: "", maxTokens: "" };
  const chat = store.newChat(options);
  options.model = "changed";
  assert.equal(chat.options.model, "tiny");
  assert.notEqual(store.newChat().id, chat.id);
  assert.equal(store.currentChatID(), "");
  store.setCurrentChatID(chat.id);
  assert.equal(store.currentChatID(), chat.id);
});

test("full or disabled storage loses the settings' save, not the page", () => {
  const full = Object.assign(Object.create(localStorage), {
    setItem() {
      throw new DOMException("full", "QuotaExceededError");
    },
  });
  const saved = globalThis.localStorage;
  globalThis.localStorage = full;
  try {
    assert.doesNotThrow(() => store.saveSettings({ baseURL: "/v1" }));
  } finally {
    globalThis.localStorage = saved;
  }
});
