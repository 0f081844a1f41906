// @ts-check
// The chats an earlier page kept in localStorage (one JSON entry per chat
// under "edgen-chat.chat.<id>"; before that, one conversation under
// "edgen-chat.conversation.v1"), moved into the store once: copied in one
// transaction, merged by id, and removed from localStorage only after the
// copy is committed. Should the copy fail (storage full), they stay where
// they are and the next load tries again.

import { SETTINGS_KEY, checkedChat, newChat, read } from "./store.js";

/** @import { ChatStore } from "./chatstore.js" */
/** @import { Chat } from "./store.js" */

const CHAT_PREFIX = "edgen-chat.chat.";
const OLD_CONVERSATION_KEY = "edgen-chat.conversation.v1"; // one chat, before the list

/**
 * Moves the chats of localStorage into store; resolves how many it moved.
 * @param {Pick<ChatStore, "importChats">} store
 * @returns {Promise<number>}
 */
export async function moveLocalChats(store) {
  const { keys, chats } = localChats();
  if (keys.length === 0) return 0;
  try {
    await store.importChats(chats);
  } catch {
    return 0; // kept in localStorage for the next load
  }
  for (const key of keys) {
    try {
      localStorage.removeItem(key);
    } catch {
      // storage disabled since the read: nothing to remove
    }
  }
  return chats.length;
}

/**
 * The chats of localStorage, and the keys that hold them. An entry that is
 * no chat (not JSON, another id) is left where it is.
 * @returns {{keys: string[], chats: Chat[]}}
 */
function localChats() {
  /** @type {string[]} */
  const keys = [];
  /** @type {Chat[]} */
  const chats = [];
  /** @type {Storage} */
  let storage;
  /** @type {string[]} */
  let found;
  try {
    storage = localStorage;
    found = Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? "").filter((k) => k.startsWith(CHAT_PREFIX));
  } catch {
    return { keys, chats }; // storage disabled: nothing was kept there either
  }
  for (const key of found) {
    const chat = checkedChat(read(storage, key));
    if (!chat || chat.id !== key.slice(CHAT_PREFIX.length)) continue;
    keys.push(key);
    chats.push(chat);
  }
  const old = read(storage, OLD_CONVERSATION_KEY);
  if (old !== null) {
    keys.push(OLD_CONVERSATION_KEY);
    if (Array.isArray(old) && old.length > 0) {
      const chat = checkedChat({ ...newChat(), options: read(storage, SETTINGS_KEY) ?? {}, messages: old });
      if (chat) chats.push(chat);
    }
  }
  return { keys, chats };
}
