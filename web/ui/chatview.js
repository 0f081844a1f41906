// @ts-check
// The conversation on screen: one element per message (render.js builds
// them), the empty state and the title. Tokens arrive faster than frames, so
// a growing answer is drawn at most once per animation frame.

import { messageElement, updateMessageElement } from "./render.js";

/** @import { Chat, Message } from "./store.js" */

/**
 * The conversation's elements.
 * @typedef {object} ChatViewElements
 * @property {HTMLElement} messages the list of messages
 * @property {HTMLElement} empty what shows while there is none
 * @property {HTMLElement} title the chat's title
 */

/**
 * Creates the view over els. retry(msg) is the Retry button of an answer
 * that failed; the Copy buttons write to the clipboard.
 * @param {ChatViewElements} els
 * @param {(msg: Message) => void} retry
 */
export function createChatView(els, retry) {
  /** @type {Map<string, HTMLElement>} */
  const elements = new Map(); // message id -> its element
  const actions = { retry, copy };
  /** @type {Set<Message>} */
  const pending = new Set(); // messages to draw at the next frame
  let frame = 0;

  /** @param {Message} msg */
  function elementOf(msg) {
    const el = messageElement(msg, actions);
    elements.set(msg.id, el);
    return el;
  }

  /**
   * Brings the element of msg up to date now.
   * @param {Message} msg
   */
  function update(msg) {
    const el = elements.get(msg.id);
    if (el) updateMessageElement(el, msg, actions);
  }

  /** Draws now what waits for the next frame. */
  function flush() {
    cancelAnimationFrame(frame);
    frame = 0;
    for (const m of pending) update(m);
    pending.clear();
  }

  return {
    /**
     * Draws chat whole, in place of what was shown.
     * @param {Chat} chat
     */
    render(chat) {
      elements.clear();
      els.messages.replaceChildren(...chat.messages.map(elementOf));
      els.empty.hidden = chat.messages.length > 0;
      this.title(chat);
    },
    /**
     * Shows the title of chat.
     * @param {Chat} chat
     */
    title(chat) {
      els.title.textContent = chat.title || "New chat";
    },
    /**
     * Adds msg at the end.
     * @param {Message} msg
     */
    append(msg) {
      els.messages.append(elementOf(msg));
      els.empty.hidden = true;
    },
    /**
     * Removes msg; left is how many messages the chat keeps.
     * @param {Message} msg
     * @param {number} left
     */
    remove(msg, left) {
      elements.get(msg.id)?.remove();
      elements.delete(msg.id);
      els.empty.hidden = left > 0;
    },
    /**
     * Whether msg id is on screen.
     * @param {string} id
     */
    has(id) {
      return elements.has(id);
    },
    update,
    /**
     * Draws msg at the next animation frame.
     * @param {Message} msg
     */
    schedule(msg) {
      pending.add(msg);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    flush,
  };
}

/**
 * Writes text to the clipboard; whether it could.
 * @param {string} text
 */
async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
