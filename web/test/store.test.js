// @ts-check
// ui/store.js: chats and settings in localStorage, each checked when read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ORIGIN, pageGlobals } from "./globals.mjs";

pageGlobals();
const store = await import("../ui/store.js");

test("a chat saved is listed and loaded as it was", () => {
  const chat = store.newChat({ model: "tiny", system: "Be brief.", temperature: "0.5", maxTokens: "" });
  chat.title = "Greetings";
  chat.messages.push({ id: "q", role: "user", content: "Hi" }, { id: "a", role: "assistant", content: "Hello", state: "done" });
  store.saveChat(chat);
  assert.deepEqual(store.loadChat(chat.id), chat);
  assert.deepEqual(store.listChats(), [chat]);
});

test("listChats puts the newest first and skips what is not a chat", () => {
  const old = { ...store.newChat(), title: "old", updated: 1 };
  const recent = { ...store.newChat(), title: "recent", updated: 2 };
  store.saveChat(old);
  store.saveChat(recent);
  localStorage.setItem("edgen-chat.chat.broken", "{not json");
  localStorage.setItem("edgen-chat.chat.other", JSON.stringify({ ...old, id: "another id" }));
  localStorage.setItem("unrelated", "1");
  assert.deepEqual(store.listChats().map((c) => c.title), ["recent", "old"]);
});

test("an empty chat is not kept", () => {
  const chat = store.newChat();
  store.saveChat({ ...chat, title: "kept" });
  assert.notEqual(store.loadChat(chat.id), null);
  store.saveChat(chat);
  assert.equal(store.loadChat(chat.id), null);
});

test("a malformed entry is mended field by field", () => {
  localStorage.setItem("edgen-chat.chat.x", JSON.stringify({
    id: "x", title: 7, created: "yesterday", options: { model: "m", temperature: 1 },
    messages: [
      { role: "user", content: "kept, with a new id" },
      { id: "s", role: "system", content: "not a role of the page" },
      { id: "n", role: "assistant", content: 42 },
      { id: "w", role: "assistant", content: "left streaming by an old page", state: "thinking" },
      { id: "e", role: "assistant", content: "", state: "error", error: { text: "words" } },
    ],
  }));
  const chat = store.loadChat("x");
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

test("the settings default to the page's own /v1 and keep a saved server", () => {
  assert.deepEqual(store.loadSettings(), { baseURL: `${ORIGIN}/v1` });
  store.saveSettings({ baseURL: "http://127.0.0.1:33322/v1" });
  assert.deepEqual(store.loadSettings(), { baseURL: "http://127.0.0.1:33322/v1" });
  localStorage.setItem("edgen-chat.settings.v1", JSON.stringify({ baseURL: 5 }));
  assert.deepEqual(store.loadSettings(), { baseURL: `${ORIGIN}/v1` });
});

test("the one conversation of the first version moves into the list", () => {
  localStorage.setItem("edgen-chat.settings.v1", JSON.stringify({ baseURL: "/v1", model: "old-model" }));
  localStorage.setItem("edgen-chat.conversation.v1", JSON.stringify([{ role: "user", content: "from long ago" }]));
  const [chat, ...rest] = store.listChats();
  assert.equal(rest.length, 0);
  assert.equal(chat.options.model, "old-model");
  assert.deepEqual(chat.messages.map((m) => m.content), ["from long ago"]);
  assert.equal(localStorage.getItem("edgen-chat.conversation.v1"), null);
});

test("a tab opens its own chat after a reload, else the newest", () => {
  const newest = { ...store.newChat(), title: "newest", updated: 5 };
  store.saveChat({ ...store.newChat(), title: "older", updated: 4 });
  store.saveChat(newest);
  assert.equal(store.openingChat().id, newest.id);
  assert.equal(store.currentChatID(), newest.id);

  store.setCurrentChatID("fresh"); // a new chat, never saved, stays new across a reload
  const fresh = store.openingChat();
  assert.equal(fresh.id, "fresh");
  assert.deepEqual(fresh.messages, []);
});

test("chat keys name their chat", () => {
  assert.equal(store.isChatKey("edgen-chat.chat.abc"), true);
  assert.equal(store.isChatKey("edgen-chat.settings.v1"), false);
  assert.equal(store.isChatKey(null), false);
  assert.equal(store.chatIDOf("edgen-chat.chat.abc"), "abc");
});

test("full or disabled storage loses the chat, not the page", () => {
  const full = Object.assign(Object.create(localStorage), {
    setItem() {
      throw new DOMException("full", "QuotaExceededError");
    },
  });
  const saved = globalThis.localStorage;
  globalThis.localStorage = full;
  try {
    const chat = { ...store.newChat(), title: "lost" };
    assert.doesNotThrow(() => store.saveChat(chat));
  } finally {
    globalThis.localStorage = saved;
  }
});
