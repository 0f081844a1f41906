// @ts-check
// What the person sees at once when a chat could not be saved (storage
// full, private mode, storage disabled): what happened, and the ways out:
// Export all chats (the unsaved ones with them), and, when the storage is
// full, deleting old chats to make room. It goes away once every chat is
// saved again.

import { chatsFile, chatsFileName, download } from "./transfer.js";

/** @import { ChatStore } from "./chatstore.js" */
/** @import { StorageProblem } from "./db.js" */

/**
 * The notice's elements: its box, its sentence and its two buttons (the
 * second may be absent where there is no list of chats to delete from).
 * @typedef {object} NoticeElements
 * @property {HTMLElement} box
 * @property {HTMLElement} text
 * @property {HTMLButtonElement} exportAll
 * @property {HTMLButtonElement} [prune]
 */

/**
 * Shows store's problems in els. prune() takes the person to the chats to
 * delete.
 * @param {NoticeElements} els
 * @param {{store: ChatStore, prune?: () => void}} deps
 */
export function createStorageNotice(els, { store, prune }) {
  /** Lets the browser save every chat, saved or not, as one JSON file. */
  async function exportAll() {
    download(chatsFile(await store.all()), chatsFileName());
  }

  /** @param {StorageProblem | null} problem */
  function show(problem) {
    els.box.hidden = !problem;
    if (!problem) return;
    const full = problem.kind === "full" && Boolean(prune);
    els.text.textContent = `Your chat is not saved. ${problem.text} ` + (full
      ? "Export your chats to keep them, or delete old chats to make room."
      : "Export your chats to keep them before you close this page.");
    if (els.prune) els.prune.hidden = !full;
  }

  els.exportAll.addEventListener("click", exportAll);
  if (els.prune && prune) els.prune.addEventListener("click", prune);
  store.onProblem(show);
  show(store.problem);
  return { exportAll };
}
