// @ts-check
// ui/chatstore.js over a real IndexedDB (fake-indexeddb, an in-memory
// implementation of the whole API): each message on its own record, saves
// that write only what changed, a failed write that damages nothing and is
// told, merging imports by id, the move from localStorage, other tabs.
import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { pageGlobals } from "./globals.mjs";

pageGlobals();
const chatstore = await import("../ui/chatstore.js");
const { openDatabase, storageProblem } = await import("../ui/db.js");
const { newChat } = await import("../ui/store.js");
const { chatsFile, readChatsFile } = await import("../ui/transfer.js");

/** @import { Chat, Message } from "../ui/store.js" */
/** @import { StorageProblem } from "../ui/db.js" */

const db = await openDatabase();

/** @type {{close(): void}[]} */
const opened = []; // each store hears other tabs on a BroadcastChannel until closed

/** A store over the test's database; without one, failing for why. */
function createChatStore(/** @type {typeof db | null} */ over, /** @type {StorageProblem | null} */ why) {
  const store = chatstore.createChatStore(over, why);
  opened.push(store);
  return store;
}

async function openChatStore() {
  const store = await chatstore.openChatStore();
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) store.close();
  const tx = db.transaction(["chats", "messages", "images", "vectors"], "readwrite");
  await Promise.all([...tx.objectStoreNames].map((name) => tx.objectStore(name).clear()).concat(tx.done));
});

/**
 * A chat of n questions and their answers, updated at updated.
 * @param {number} n
 * @param {number} [updated]
 * @returns {Chat}
 */
function chatOf(n, updated = 1000) {
  const chat = { ...newChat({ model: "tiny", system: "Be brief.", temperature: "0.5", maxTokens: "" }), title: `chat of ${n}`, updated };
  for (let i = 0; i < n; i++) {
    chat.messages.push({ id: `q${i}`, role: "user", content: `question ${i}` });
    chat.messages.push({ id: `a${i}`, role: "assistant", content: `answer ${i}`, state: "done" });
  }
  return chat;
}

/**
 * Counts the records put into each store while run runs.
 * @param {() => Promise<unknown>} run
 */
async function countPuts(run) {
  const proto = globalThis.IDBObjectStore.prototype;
  const put = proto.put;
  /** @type {Record<string, number>} */
  const counts = {};
  proto.put = function (/** @type {[any, IDBValidKey?]} */ ...args) {
    counts[this.name] = (counts[this.name] ?? 0) + 1;
    return put.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.put = put;
  }
  return counts;
}

/**
 * Runs run while every put into the messages store fails as a full disk does.
 * @param {() => Promise<unknown>} run
 */
async function whileFull(run) {
  const proto = globalThis.IDBObjectStore.prototype;
  const put = proto.put;
  proto.put = function (/** @type {[any, IDBValidKey?]} */ ...args) {
    if (this.name === "messages") throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return put.apply(this, args);
  };
  try {
    return await run();
  } finally {
    proto.put = put;
  }
}

test("a chat saved is listed and loaded as it was", async () => {
  const store = createChatStore(db, null);
  const chat = chatOf(2);
  assert.equal(await store.save(chat), true);
  assert.deepEqual(await createChatStore(db, null).load(chat.id), chat);
  const { id, title, created, updated, options } = chat;
  assert.deepEqual(await store.list(), [{ id, title, created, updated, options }]);
  assert.deepEqual(await store.all(), [chat]);
  assert.equal(await store.load("no such chat"), null);
});

test("a growing answer rewrites its one message, not its chat", async () => {
  const store = createChatStore(db, null);
  const chat = chatOf(50);
  await store.save(chat);
  /** @type {Message} */
  const answer = { id: "new", role: "assistant", content: "", state: "streaming" };
  chat.messages.push({ id: "ask", role: "user", content: "more" }, answer);
  assert.deepEqual(await countPuts(() => store.save(chat)), { chats: 1, messages: 2 });
  for (const word of ["Hello", " there", "!"]) {
    answer.content += word;
    assert.deepEqual(await countPuts(() => store.save(chat)), { chats: 1, messages: 1 });
  }
  answer.state = "done";
  assert.deepEqual(await countPuts(() => store.save(chat)), { chats: 1, messages: 1 });
  // A store that read the chat knows what it holds, too.
  const other = createChatStore(db, null);
  const read = /** @type {Chat} */ (await other.load(chat.id));
  assert.equal(read.messages.length, 102);
  assert.equal(read.messages.at(-1)?.content, "Hello there!");
  read.title = "renamed";
  assert.deepEqual(await countPuts(() => other.save(read)), { chats: 1 });
});

test("a message taken out of a chat (Retry) leaves the database too", async () => {
  const store = createChatStore(db, null);
  const chat = chatOf(3);
  await store.save(chat);
  chat.messages.splice(1, 1); // the first answer
  await store.save(chat);
  const read = await createChatStore(db, null).load(chat.id);
  assert.deepEqual(read?.messages.map((m) => m.id), ["q0", "q1", "a1", "q2", "a2"]);
});

test("an empty chat is not kept, and a deleted one is gone with its messages", async () => {
  const store = createChatStore(db, null);
  const chat = chatOf(1);
  await store.save(chat);
  await store.save({ ...chat, title: "", messages: [] });
  assert.equal(await store.load(chat.id), null);
  await store.save(chat);
  await store.remove(chat.id);
  assert.equal(await store.load(chat.id), null);
  assert.equal(await db.count("messages"), 0);
});

test("a full storage is told at once and damages nothing saved before", async () => {
  const store = createChatStore(db, null);
  /** @type {(StorageProblem | null)[]} */
  const told = [];
  store.onProblem((p) => told.push(p));
  const old = chatOf(2, 1);
  await store.save(old);
  const growing = chatOf(1, 2);
  await store.save(growing);
  const before = structuredClone(growing);

  const fresh = chatOf(3, 3);
  growing.messages.push({ id: "late", role: "user", content: "this one does not fit" });
  assert.equal(await whileFull(() => store.save(fresh)), false);
  assert.equal(await whileFull(() => store.save(growing)), false);
  assert.deepEqual(told.map((p) => p?.kind), ["full", "full"]);
  assert.match(told[0]?.text ?? "", /full/);
  assert.equal(store.problem?.kind, "full");

  // What was saved is whole; the unsaved chats live on in this page.
  const reader = createChatStore(db, null);
  assert.deepEqual(await reader.load(growing.id), before);
  assert.deepEqual(await reader.load(old.id), old);
  assert.equal(await reader.load(fresh.id), null);
  assert.equal(await db.count("messages"), 6);
  assert.equal(store.isUnsaved(fresh.id), true);
  assert.deepEqual((await store.list()).map((c) => c.id), [fresh.id, growing.id, old.id]);
  assert.deepEqual((await store.all()).find((c) => c.id === growing.id), growing);

  // Room again: the next saves succeed and the problem is over.
  assert.equal(await store.save(fresh), true);
  assert.equal(store.problem?.kind, "full"); // the other chat is still unsaved
  assert.equal(await store.save(growing), true);
  assert.equal(told.at(-1), null);
  assert.equal(store.problem, null);
  assert.deepEqual(await reader.load(growing.id), growing);
});

test("without a database every save says why, and the chats live in memory", async () => {
  const why = /** @type {StorageProblem} */ ({ kind: "unavailable", text: "Storage is off." });
  const store = createChatStore(null, why);
  /** @type {(StorageProblem | null)[]} */
  const told = [];
  store.onProblem((p) => told.push(p));
  const chat = chatOf(1);
  assert.equal(await store.save(chat), false);
  assert.deepEqual(told, [why]);
  assert.deepEqual(await store.all(), [chat]);
  assert.equal(await store.load(chat.id), chat);
  await assert.rejects(store.importChats([chatOf(1)]), /Storage is off/);
});

test("an import merges by id: new chats added, newer ones replace, nothing twice", async () => {
  const store = createChatStore(db, null);
  const here = chatOf(1, 10);
  const older = chatOf(1, 10);
  await store.save(here);
  await store.save(older);
  const newer = { ...structuredClone(older), updated: 20, title: "newer" };
  newer.messages.push({ id: "more", role: "user", content: "added elsewhere" });
  const stale = { ...structuredClone(here), updated: 5, title: "stale" };
  const added = chatOf(2, 30);
  const file = chatsFile([stale, newer, added]);
  const r = await store.importChats(readChatsFile(await file.text()));
  assert.deepEqual(r, { added: 1, replaced: 1, kept: 1, changed: [newer.id, added.id] });
  assert.deepEqual(await store.all(), [added, newer, here]);
  const again = await store.importChats(readChatsFile(await file.text()));
  assert.deepEqual(again, { added: 0, replaced: 0, kept: 3, changed: [] });
  assert.equal((await store.all()).length, 3);
  assert.equal(await db.count("messages"), 2 + 3 + 4);
});

test("a file that is no export of chats is refused in words", () => {
  assert.throws(() => readChatsFile("{not json"), /not JSON/);
  assert.throws(() => readChatsFile(JSON.stringify({ chats: [] })), /not an export of chats/);
  assert.throws(() => readChatsFile(JSON.stringify({ format: "edgen-chats", version: 99, chats: [] })), /newer version/);
  const c = chatOf(1);
  assert.deepEqual(readChatsFile(JSON.stringify({ format: "edgen-chats", version: 1, chats: [c, c, { id: 3 }] })), [c]);
});

test("the chats of localStorage move in once, and leave only once copied", async () => {
  const kept = chatOf(2);
  localStorage.setItem(`edgen-chat.chat.${kept.id}`, JSON.stringify(kept));
  localStorage.setItem("edgen-chat.chat.broken", "{not json");
  localStorage.setItem("edgen-chat.settings.v1", JSON.stringify({ baseURL: "/v1", model: "old-model" }));
  localStorage.setItem("edgen-chat.conversation.v1", JSON.stringify([{ role: "user", content: "from long ago" }]));

  const store = await openChatStore();
  const chats = await store.all();
  assert.equal(chats.length, 2);
  assert.deepEqual(chats.find((c) => c.id === kept.id), kept);
  const first = chats.find((c) => c.id !== kept.id);
  assert.equal(first?.options.model, "old-model");
  assert.deepEqual(first?.messages.map((m) => m.content), ["from long ago"]);
  assert.equal(localStorage.getItem(`edgen-chat.chat.${kept.id}`), null);
  assert.equal(localStorage.getItem("edgen-chat.conversation.v1"), null);
  assert.equal(localStorage.getItem("edgen-chat.chat.broken"), "{not json"); // not a chat: left alone
  assert.notEqual(localStorage.getItem("edgen-chat.settings.v1"), null);
  await openChatStore(); // a second load moves nothing twice
  assert.equal((await store.all()).length, 2);
});

test("chats that cannot be copied stay in localStorage", async () => {
  const kept = chatOf(1);
  localStorage.setItem(`edgen-chat.chat.${kept.id}`, JSON.stringify(kept));
  await whileFull(openChatStore);
  assert.notEqual(localStorage.getItem(`edgen-chat.chat.${kept.id}`), null);
  assert.equal(await db.count("chats"), 0);
  const store = await openChatStore();
  assert.deepEqual(await store.load(kept.id), kept);
});

test("another tab hears each save and delete", async () => {
  const writer = createChatStore(db, null);
  const reader = createChatStore(db, null);
  /** @type {string[]} */
  const heard = [];
  /** @type {() => void} */
  let twoHeard = () => {};
  const done = new Promise((resolve) => (twoHeard = () => resolve(undefined)));
  reader.onChange((id, deleted) => {
    heard.push(`${deleted ? "deleted" : "saved"} ${id}`);
    if (heard.length === 2) twoHeard();
  });
  const chat = chatOf(1);
  await writer.save(chat);
  await writer.remove(chat.id);
  await done;
  assert.deepEqual(heard, [`saved ${chat.id}`, `deleted ${chat.id}`]);
});

test("a tab opens its own chat after a reload, else the newest", async () => {
  const store = createChatStore(db, null);
  const newest = chatOf(1, 5);
  await store.save(chatOf(1, 4));
  await store.save(newest);
  assert.deepEqual(await store.opening(), newest);
  sessionStorage.setItem("edgen-chat.current", JSON.stringify("fresh")); // a new chat, never saved, stays new
  const fresh = await store.opening();
  assert.equal(fresh.id, "fresh");
  assert.deepEqual(fresh.messages, []);
});

test("what went wrong with the storage is said in words", () => {
  assert.equal(storageProblem(new DOMException("over", "QuotaExceededError")).kind, "full");
  assert.equal(storageProblem(new DOMException("no", "SecurityError")).kind, "unavailable");
  const other = storageProblem(new Error("disk on fire"));
  assert.equal(other.kind, "failed");
  assert.match(other.text, /disk on fire/);
});
