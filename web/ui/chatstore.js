// @ts-check
// The chats, kept in IndexedDB (db.js): each chat and each message on its
// own record, so a save writes only what changed since the last one (a
// growing answer: its one message), in one transaction, so a write that
// fails (storage full) leaves what was saved before whole. A failed save is
// said at once (onProblem), the chat is kept in memory and still listed and
// exported, and its next save tries again. Other tabs hear of each change
// on a BroadcastChannel. Opening it moves in the chats of localStorage
// (migrate.js).

import { checkedChat, currentChatID, newChat, setCurrentChatID } from "./store.js";
import { messagesOf, openDatabase, storageProblem } from "./db.js";
import { askToKeep } from "./space.js";
import { moveLocalChats } from "./migrate.js";

/** @import { Chat, Message } from "./store.js" */
/** @import { Database, MessageRecord, StorageProblem } from "./db.js" */

const CHANNEL = "edgen-chat.chats";

/**
 * A chat without its messages: what the list of chats shows.
 * @typedef {Omit<Chat, "messages">} ChatHead
 */

/**
 * What an import did: chats added, chats replaced by a newer version, and
 * chats kept because this browser's version is as new or newer; changed
 * lists the ids of those added or replaced.
 * @typedef {{added: number, replaced: number, kept: number, changed: string[]}} ImportResult
 */

/**
 * The chats of this browser.
 * @typedef {ReturnType<typeof createChatStore>} ChatStore
 */

/**
 * Opens the page's store of chats. It always resolves: where the browser
 * keeps nothing, the store keeps the chats in memory and says so at each save.
 * @returns {Promise<ChatStore>}
 */
export async function openChatStore() {
  let store;
  try {
    store = createChatStore(await openDatabase(), null);
  } catch (err) {
    return createChatStore(null, storageProblem(err));
  }
  await moveLocalChats(store);
  return store;
}

/**
 * The store over db; without db (none could be opened, for the reason
 * given), every save fails with that reason.
 * @param {Database | null} db
 * @param {StorageProblem | null} why
 */
export function createChatStore(db, why) {
  /** @type {Map<string, Map<string, MessageRecord>>} */
  const written = new Map(); // chat id -> message id -> what the database holds, as this tab last wrote or read it
  /** @type {Map<string, {chat: Chat, problem: StorageProblem}>} */
  const unsaved = new Map(); // chat id -> the chat whose last save failed, and why
  /** @type {Set<(problem: StorageProblem | null) => void>} */
  const problemListeners = new Set();
  /** @type {Set<(id: string, deleted: boolean) => void>} */
  const changeListeners = new Set();
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  if (channel) {
    channel.onmessage = (e) => {
      const id = e.data?.id;
      if (typeof id !== "string") return;
      for (const hear of changeListeners) hear(id, e.data.deleted === true);
    };
  }

  /**
   * @param {string} id
   * @param {boolean} deleted
   */
  function announce(id, deleted) {
    channel?.postMessage({ id, deleted });
  }

  /** The problem to show: the latest failed save's, or null. */
  function problem() {
    return [...unsaved.values()].at(-1)?.problem ?? null;
  }

  function tell() {
    const p = problem();
    for (const hear of problemListeners) hear(p);
  }

  /**
   * @param {Chat} chat
   * @param {StorageProblem} p
   */
  function failed(chat, p) {
    unsaved.delete(chat.id); // the newest failure last
    unsaved.set(chat.id, { chat, problem: p });
    tell();
  }

  /** @param {string} id */
  function mended(id) {
    if (unsaved.delete(id)) tell();
  }

  /**
   * Saves chat: its record and the messages that changed since the last
   * save, and deletes the messages it no longer has; all or nothing.
   * Resolves whether it was saved (a failure was told to onProblem).
   * An empty chat is not kept: it comes back as a new chat.
   * @param {Chat} chat
   * @returns {Promise<boolean>}
   */
  async function save(chat) {
    if (chat.messages.length === 0 && !chat.title) {
      await remove(chat.id);
      return true;
    }
    if (!db) {
      failed(chat, /** @type {StorageProblem} */ (why));
      return false;
    }
    const before = written.get(chat.id);
    /** @type {Map<string, MessageRecord>} */
    const after = new Map();
    /** @type {Promise<unknown>[]} */
    const requests = [];
    let tx;
    try {
      tx = db.transaction(["chats", "messages"], "readwrite");
      const messages = tx.objectStore("messages");
      requests.push(tx.done);
      requests.push(tx.objectStore("chats").put(headOf(chat)));
      chat.messages.forEach((m, n) => {
        const rec = recordOf(chat.id, m, n);
        after.set(m.id, rec);
        if (!sameRecord(before?.get(m.id), rec)) requests.push(messages.put(rec));
      });
      if (before) {
        // Every request is made now: the transaction commits at once, so a
        // save as the page goes away (a reload mid-answer) still lands.
        for (const id of before.keys()) if (!after.has(id)) requests.push(messages.delete([chat.id, id]));
        tx.commit?.();
      } else {
        requests.push(messages.getAllKeys(messagesOf(chat.id)).then((keys) =>
          Promise.all(keys.filter(([, id]) => !after.has(id)).map((key) => messages.delete(key)))));
      }
      await Promise.all(requests);
    } catch (err) {
      await abandon(tx, requests);
      failed(chat, storageProblem(tx?.error ?? err));
      return false;
    }
    written.set(chat.id, after);
    mended(chat.id);
    announce(chat.id, false);
    if (chat.messages.some((m) => m.state === "done")) askToKeep();
    return true;
  }

  /**
   * Deletes the chat id and its messages.
   * @param {string} id
   */
  async function remove(id) {
    mended(id);
    written.delete(id);
    if (!db) return;
    try {
      const tx = db.transaction(["chats", "messages"], "readwrite");
      await Promise.all([tx.objectStore("chats").delete(id), tx.objectStore("messages").delete(messagesOf(id)), tx.done]);
      announce(id, true);
    } catch {
      // Nothing was deleted; a delete needs no space, so this is storage gone: saves say so.
    }
  }

  /**
   * The chat id as saved (or as kept in memory when its save failed), or null.
   * @param {string} id
   * @returns {Promise<Chat | null>}
   */
  async function load(id) {
    const kept = unsaved.get(id);
    if (kept) return kept.chat;
    if (!db) return null;
    try {
      const tx = db.transaction(["chats", "messages"]);
      const [head, records] = await Promise.all([
        tx.objectStore("chats").get(id), tx.objectStore("messages").getAll(messagesOf(id)), tx.done,
      ]);
      const chat = head && checkedChat({ ...head, messages: records.sort((a, b) => a.n - b.n) });
      if (!chat || chat.id !== id) return null;
      written.set(id, new Map(chat.messages.map((m, n) => [m.id, recordOf(id, m, n)])));
      return chat;
    } catch {
      return null;
    }
  }

  /**
   * Every chat without its messages, newest first.
   * @returns {Promise<ChatHead[]>}
   */
  async function list() {
    /** @type {Map<string, ChatHead>} */
    const heads = new Map();
    try {
      for (const rec of db ? await db.getAll("chats") : []) {
        const chat = checkedChat({ ...rec, messages: [] });
        if (chat) heads.set(chat.id, headOf(chat));
      }
    } catch {
      // storage gone: the chats kept in memory only
    }
    for (const { chat } of unsaved.values()) heads.set(chat.id, headOf(chat));
    return newestFirst([...heads.values()]);
  }

  /**
   * Every chat with its messages, newest first: for finding words in them,
   * searching and exporting.
   * @returns {Promise<Chat[]>}
   */
  async function all() {
    /** @type {Map<string, Chat>} */
    const chats = new Map();
    try {
      if (db) {
        const tx = db.transaction(["chats", "messages"]);
        const [heads, records] = await Promise.all([tx.objectStore("chats").getAll(), tx.objectStore("messages").getAll(), tx.done]);
        /** @type {Map<string, MessageRecord[]>} */
        const byChat = new Map();
        for (const r of records) byChat.set(r.chat, [...(byChat.get(r.chat) ?? []), r]);
        for (const head of heads) {
          const chat = checkedChat({ ...head, messages: (byChat.get(head.id) ?? []).sort((a, b) => a.n - b.n) });
          if (chat) chats.set(chat.id, chat);
        }
      }
    } catch {
      // storage gone: the chats kept in memory only
    }
    for (const { chat } of unsaved.values()) chats.set(chat.id, chat);
    return newestFirst([...chats.values()]);
  }

  /**
   * Adds chats (checked already) to the store, merging by id: a chat this
   * browser lacks is added, one it has is replaced only by a newer version
   * (updated later). All or nothing: it rejects with the problem in words.
   * @param {Chat[]} chats
   * @returns {Promise<ImportResult>}
   */
  async function importChats(chats) {
    if (!db) throw new Error(/** @type {StorageProblem} */ (why).text);
    /** @type {ImportResult} */
    const result = { added: 0, replaced: 0, kept: 0, changed: [] };
    /** @type {Promise<unknown>[]} */
    const requests = [];
    let tx;
    try {
      tx = db.transaction(["chats", "messages"], "readwrite");
      requests.push(tx.done);
      const heads = tx.objectStore("chats");
      const messages = tx.objectStore("messages");
      for (const chat of chats) {
        const have = await heads.get(chat.id);
        if (have && have.updated >= chat.updated) {
          result.kept++;
          continue;
        }
        if (have) requests.push(messages.delete(messagesOf(chat.id)));
        requests.push(heads.put(headOf(chat)));
        chat.messages.forEach((m, n) => requests.push(messages.put(recordOf(chat.id, m, n))));
        result[have ? "replaced" : "added"]++;
        result.changed.push(chat.id);
      }
      await Promise.all(requests);
    } catch (err) {
      await abandon(tx, requests);
      throw new Error(storageProblem(tx?.error ?? err).text, { cause: err });
    }
    for (const id of result.changed) {
      written.delete(id);
      announce(id, false);
    }
    return result;
  }

  /**
   * The chat this tab shows after a reload (a new one stays new), else the
   * newest saved one, else a new one; remembered as this tab's.
   * @returns {Promise<Chat>}
   */
  async function opening() {
    const id = currentChatID();
    let chat = id ? (await load(id)) ?? { ...newChat(), id } : null;
    if (!chat) {
      const [newest] = await list();
      chat = (newest && (await load(newest.id))) ?? newChat();
    }
    setCurrentChatID(chat.id);
    return chat;
  }

  return {
    save,
    remove,
    load,
    list,
    all,
    importChats,
    opening,
    /**
     * Whether the last save of the chat id failed (it lives in this page only).
     * @param {string} id
     */
    isUnsaved(id) {
      return unsaved.has(id);
    },
    /** The problem of the last failed save still not mended, or null. */
    get problem() {
      return problem();
    },
    /**
     * Calls hear with each problem as a save fails, and with null once every
     * failed chat is saved (or deleted).
     * @param {(problem: StorageProblem | null) => void} hear
     */
    onProblem(hear) {
      problemListeners.add(hear);
    },
    /**
     * Calls hear(id, deleted) when another tab saved or deleted the chat id.
     * @param {(id: string, deleted: boolean) => void} hear
     */
    onChange(hear) {
      changeListeners.add(hear);
    },
    /** Stops hearing other tabs. */
    close() {
      channel?.close();
    },
  };
}

/**
 * The record of msg, the n-th message of the chat id.
 * @param {string} chat
 * @param {Message} msg
 * @param {number} n
 * @returns {MessageRecord}
 */
function recordOf(chat, msg, n) {
  return { ...msg, chat, n };
}

/**
 * Whether a (what the database holds) is b. Unchanged messages share their
 * strings with what was written, so this costs no comparison of text.
 * @param {MessageRecord | undefined} a
 * @param {MessageRecord} b
 */
function sameRecord(a, b) {
  return a !== undefined && a.n === b.n && a.role === b.role && a.content === b.content &&
    a.state === b.state && a.error === b.error;
}

/**
 * The record of chat in the chats store: its fields but its messages.
 * @param {ChatHead} chat
 * @returns {ChatHead}
 */
function headOf({ id, title, created, updated, options }) {
  return { id, title, created, updated, options };
}

/**
 * Ends a transaction that failed: aborts it if it still runs (so nothing of
 * it is kept) and waits for its requests, which then fail, to settle.
 * @param {{abort(): void} | undefined} tx
 * @param {Promise<unknown>[]} requests
 */
async function abandon(tx, requests) {
  try {
    tx?.abort();
  } catch {
    // already ended
  }
  await Promise.allSettled(requests);
}

/**
 * @template {{updated: number}} T
 * @param {T[]} chats
 */
function newestFirst(chats) {
  return chats.sort((a, b) => b.updated - a.updated);
}
