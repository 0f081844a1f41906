// @ts-check
// Chats out of the browser and back in: every chat as one JSON file (the
// Export of Settings and of the storage notice), read back by Import with
// each chat checked as a saved one is. Generated images are not in the
// file (each downloads as a PNG from the Images view): chats are text, and
// a file of them stays small enough to keep and to mail.

import { checkedChat } from "./store.js";

/** @import { Chat } from "./store.js" */

/** What the file says it is. */
const FORMAT = "edgen-chats";
const VERSION = 1;

/**
 * Every chat of chats in one JSON file.
 * @param {Chat[]} chats
 */
export function chatsFile(chats) {
  const doc = { format: FORMAT, version: VERSION, exported: new Date().toISOString(), chats };
  return new Blob([JSON.stringify(doc, null, 1)], { type: "application/json" });
}

/**
 * The name of the file of chats exported now: edgen-chats-YYYY-MM-DD.json.
 */
export function chatsFileName() {
  return `edgen-chats-${new Date().toISOString().slice(0, 10)}.json`;
}

/**
 * The chats of a file made by chatsFile, each checked; a file that is not
 * one throws an Error that says so in words.
 * @param {string} text
 * @returns {Chat[]}
 */
export function readChatsFile(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("This file is not an export of chats: it is not JSON.");
  }
  if (doc?.format !== FORMAT || !Array.isArray(doc.chats)) {
    throw new Error("This file is not an export of chats from this page.");
  }
  if (typeof doc.version !== "number" || doc.version > VERSION) {
    throw new Error("This file comes from a newer version of the page: update this one first.");
  }
  /** @type {Map<string, Chat>} */
  const chats = new Map(); // by id: a chat twice in the file counts once
  for (const c of doc.chats) {
    const chat = checkedChat(c);
    if (chat) chats.set(chat.id, chat);
  }
  return [...chats.values()];
}

/**
 * Lets the browser save blob as a file called name.
 * @param {Blob} blob
 * @param {string} name
 */
export function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
