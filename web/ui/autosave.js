// @ts-check
// Saving chats as they change (chatstore.js). A growing answer is saved at
// most every SAVE_MS, so other tabs show it growing at that pace without a
// write per token; a save asked for "now" happens at once and replaces the
// one waiting.

/** @import { Chat } from "./store.js" */

const SAVE_MS = 300;

/**
 * Returns save(chat, now): saves chat with saveChat, at once when now, else
 * within SAVE_MS; onSaved(chat) hears each save once done (saveChat itself
 * tells of a failure).
 * @param {(chat: Chat) => Promise<boolean>} saveChat
 * @param {(chat: Chat) => void} onSaved
 * @returns {(chat: Chat, now?: boolean) => void}
 */
export function createAutosave(saveChat, onSaved) {
  /** @type {Map<string, ReturnType<typeof setTimeout>>} */
  const timers = new Map(); // chat id -> its pending save
  return function save(chat, now = false) {
    if (!now && timers.has(chat.id)) return;
    clearTimeout(timers.get(chat.id));
    timers.delete(chat.id);
    const write = () => {
      timers.delete(chat.id);
      chat.updated = Date.now();
      saveChat(chat).then(() => onSaved(chat));
    };
    if (now) write();
    else timers.set(chat.id, setTimeout(write, SAVE_MS));
  };
}
