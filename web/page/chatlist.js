// @ts-check
// The list of saved chats beside the conversation: open, rename (in place:
// Enter keeps, Escape cancels), delete (with Undo in the toast), and find
// by words in the title or the messages.

import { node } from "../ui/render.js";

/** @import { Chat } from "../ui/store.js" */
/** @import { ChatHead } from "../ui/chatstore.js" */

/**
 * Creates the list over els. heads() gives the saved chats without their
 * messages, newest first, chats() the same with their messages (to find
 * words in them); unsaved(id) whether the chat id could not be saved.
 * @param {{list: HTMLElement, filter: HTMLInputElement, empty: HTMLElement}} els
 * @param {{heads(): Promise<ChatHead[]>, chats(): Promise<Chat[]>, unsaved(id: string): boolean, currentID(): string,
 *   open(id: string): void, rename(id: string, title: string): Promise<void>, remove(id: string): void}} deps
 */
export function createChatList(els, deps) {
  let renaming = ""; // id of the chat whose title is being edited
  let drawn = 0; // the latest render asked for: an earlier one that reads later is dropped

  async function render() {
    const turn = ++drawn;
    const words = els.filter.value.trim().toLowerCase();
    const chats = words ? (await deps.chats()).filter((c) => matches(c, words)) : await deps.heads();
    if (turn !== drawn) return;
    const focusedID = /** @type {HTMLElement | null | undefined} */ (document.activeElement?.closest?.(".chat-item"))?.dataset.id;
    const focusedClass = document.activeElement?.className;
    els.list.replaceChildren(...chats.map(item));
    els.empty.hidden = chats.length > 0 || !words;
    if (focusedID) {
      // Keep the keyboard where it was when the list is drawn again.
      const li = els.list.querySelector(`[data-id="${CSS.escape(focusedID)}"]`);
      /** @type {HTMLElement | null | undefined} */ (li?.querySelector(`.${String(focusedClass).split(" ")[0]}`) ?? li?.querySelector(".chat-open"))?.focus();
    }
  }

  /** @param {ChatHead} chat */
  function item(chat) {
    const li = node("li", "chat-item");
    li.dataset.id = chat.id;
    const title = chat.title || "New chat";
    if (renaming === chat.id) {
      li.append(renameField(chat, title));
      return li;
    }
    const open = node("button", "chat-open", title);
    open.type = "button";
    if (deps.unsaved(chat.id)) {
      const note = node("span", "chat-unsaved", "Not saved");
      note.prepend(node("span", "visually-hidden", ", "));
      open.append(note);
    }
    if (chat.id === deps.currentID()) open.setAttribute("aria-current", "true");
    open.addEventListener("click", () => deps.open(chat.id));
    const rename = node("button", "chat-rename btn-icon", "Rename");
    rename.type = "button";
    rename.setAttribute("aria-label", `Rename “${title}”`);
    rename.addEventListener("click", () => {
      renaming = chat.id;
      render();
    });
    const del = node("button", "chat-delete btn-icon", "Delete");
    del.type = "button";
    del.setAttribute("aria-label", `Delete “${title}”`);
    del.addEventListener("click", () => deps.remove(chat.id));
    li.append(open, rename, del);
    return li;
  }

  /**
   * @param {ChatHead} chat
   * @param {string} title
   */
  function renameField(chat, title) {
    const input = node("input", "chat-rename-field");
    input.value = title;
    input.setAttribute("aria-label", "Chat title (Enter keeps it, Escape cancels)");
    let done = false;
    const finish = async (/** @type {boolean} */ keep) => {
      if (done) return;
      done = true;
      renaming = "";
      if (keep && input.value.trim()) await deps.rename(chat.id, input.value.trim().slice(0, 120));
      await render();
      /** @type {HTMLElement | null} */ (els.list.querySelector(`[data-id="${CSS.escape(chat.id)}"] .chat-open`))?.focus();
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        finish(true);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        finish(false);
      }
    });
    input.addEventListener("blur", () => finish(true));
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return input;
  }

  els.filter.addEventListener("input", render);
  return { render };
}

/**
 * @param {Chat} chat
 * @param {string} words
 */
function matches(chat, words) {
  if (chat.title.toLowerCase().includes(words)) return true;
  return chat.messages.some((m) => m.content.toLowerCase().includes(words));
}
