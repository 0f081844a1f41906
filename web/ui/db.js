// @ts-check
// The page's IndexedDB database (through idb, lib/idb.js): its one schema,
// its one connection per page, and what a failed write means in words.
// Chats and their messages (chatstore.js), generated images
// (page/imagestore.js) and search vectors (page/vectorstore.js) live here,
// each record on its own, so a growing answer rewrites one message and not
// its whole chat.

import { openDB } from "./lib/idb.js";

/** @import { IDBPDatabase } from "idb" */
/** @import { ChatOptions, ErrorText } from "./store.js" */

const NAME = "edgen";
const VERSION = 1;

/**
 * A chat without its messages, as the chats store keeps it.
 * @typedef {object} ChatRecord
 * @property {string} id
 * @property {string} title
 * @property {number} created
 * @property {number} updated
 * @property {ChatOptions} options
 */

/**
 * One message, keyed by its chat and its own id; n is its place in the chat.
 * @typedef {object} MessageRecord
 * @property {string} chat
 * @property {string} id
 * @property {number} n
 * @property {"user" | "assistant"} role
 * @property {string} content
 * @property {"done" | "stopped" | "error" | "streaming"} [state]
 * @property {ErrorText} [error]
 */

/**
 * A generated image: the PNG file as a Blob, its prompt, its number.
 * @typedef {object} ImageRecord
 * @property {string} id
 * @property {number} n
 * @property {string} prompt
 * @property {number} created
 * @property {Blob} blob
 */

/**
 * The embedding of a text by a model.
 * @typedef {object} VectorRecord
 * @property {string} model
 * @property {string} text
 * @property {Float32Array} vector
 */

/**
 * The database's stores, for idb's types.
 * @typedef {object} EdgenSchema
 * @property {{key: string, value: ChatRecord}} chats
 * @property {{key: [string, string], value: MessageRecord}} messages
 * @property {{key: string, value: ImageRecord}} images
 * @property {{key: [string, string], value: VectorRecord}} vectors
 */

/** @typedef {IDBPDatabase<EdgenSchema>} Database */

/** @type {Promise<Database> | undefined} */
let opened;
let replaced = false; // a newer page took the database: this one's connection is closed

/**
 * The page's connection to its database, opened on first use; it rejects
 * where the browser keeps nothing (storage disabled, some private modes).
 * @returns {Promise<Database>}
 */
export function openDatabase() {
  opened ??= openDB(NAME, VERSION, {
    upgrade(db) {
      db.createObjectStore("chats", { keyPath: "id" });
      db.createObjectStore("messages", { keyPath: ["chat", "id"] });
      db.createObjectStore("images", { keyPath: "id" });
      db.createObjectStore("vectors", { keyPath: ["model", "text"] });
    },
    // A newer page wants another version: this one lets go (its next write
    // fails and says so) rather than block it.
    blocking() {
      replaced = true;
      opened?.then((db) => db.close());
    },
  });
  return opened;
}

/**
 * The key range of every message of the chat id (keys [id, message id]:
 * an array sorts after every string).
 * @param {string} id
 */
export function messagesOf(id) {
  return IDBKeyRange.bound([id], [id, []]);
}

/**
 * What went wrong with the browser's storage.
 * @typedef {object} StorageProblem
 * @property {"full" | "unavailable" | "failed"} kind
 * @property {string} text a sentence for the person
 */

/**
 * Says err, from a write or from opening the database, in words.
 * @param {unknown} err
 * @returns {StorageProblem}
 */
export function storageProblem(err) {
  const name = err instanceof Error || err instanceof DOMException ? err.name : "";
  if (replaced) {
    return { kind: "failed", text: "A newer version of this page opened in another tab: reload this one to save again." };
  }
  if (name === "QuotaExceededError") {
    return { kind: "full", text: "The browser's storage for this page is full." };
  }
  if (name === "SecurityError" || name === "InvalidStateError" || name === "UnknownError" || !globalThis.indexedDB) {
    return { kind: "unavailable", text: "This browser does not let the page keep anything (storage is off, or this is a private window)." };
  }
  const words = err instanceof Error ? err.message : String(err);
  return { kind: "failed", text: `The browser could not save: ${words || name || "unknown error"}.` };
}
