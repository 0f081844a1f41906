// @ts-check
// The Settings' section on the chats this browser keeps: how many, the
// space they use and the space left (navigator.storage.estimate()), whether
// the browser keeps them for good; Export all chats (one JSON file) and
// Import (merged by id: no chat twice).

import { readChatsFile } from "../ui/transfer.js";
import { bytes, storageSpace } from "../ui/space.js";

/** @import { ChatStore, ImportResult } from "../ui/chatstore.js" */

/**
 * Wires the section. exportAll() saves every chat as a file; imported(ids)
 * hears which chats an import added or replaced.
 * @param {{space: HTMLElement, exportAll: HTMLButtonElement, importFile: HTMLInputElement, state: HTMLElement}} els
 * @param {{store: ChatStore, exportAll(): Promise<void>, imported(ids: string[]): void}} deps
 */
export function createChatsSettings(els, { store, exportAll, imported }) {
  /** Says how many chats there are and the space they take now. */
  async function refresh() {
    const [space, heads] = await Promise.all([storageSpace(), store.list()]);
    const count = heads.length === 1 ? "1 chat" : `${heads.length} chats`;
    if (!space) {
      els.space.textContent = `${count} in this browser.`;
      return;
    }
    els.space.textContent = `${count} in this browser. Space used: ${bytes(space.used)}; left: ${bytes(Math.max(0, space.quota - space.used))}. ` +
      (space.persisted ? "The browser keeps them until you delete them." : "The browser may clear them if the disk runs low.");
  }

  els.exportAll.addEventListener("click", () => {
    exportAll();
    els.state.textContent = "Exported every chat.";
  });
  els.importFile.addEventListener("change", async () => {
    const file = els.importFile.files?.[0];
    if (!file) return;
    els.state.textContent = "Importing…";
    try {
      const result = await store.importChats(readChatsFile(await file.text()));
      els.state.textContent = importWords(result);
      imported(result.changed);
    } catch (err) {
      els.state.textContent = `Nothing imported: ${err instanceof Error ? err.message : err}`;
    } finally {
      els.importFile.value = "";
      refresh();
    }
  });
  return { refresh };
}

/**
 * What an import did, in words.
 * @param {ImportResult} r
 */
export function importWords({ added, replaced, kept }) {
  const chats = (/** @type {number} */ n) => (n === 1 ? "1 chat" : `${n} chats`);
  const parts = [`${chats(added)} added`];
  if (replaced) parts.push(`${replaced} updated to a newer version`);
  if (kept) parts.push(`${chats(kept)} already here`);
  return `Imported: ${parts.join(", ")}.`;
}
