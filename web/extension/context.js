// @ts-check
// "Ask about this page": the selected text of the active tab, or its
// readable text when nothing is selected, as the context of a question.
// The panel reads the tab with chrome.scripting.executeScript under the
// activeTab grant, which the browser (Chrome or Firefox) gives for one tab
// when the person clicks the extension's toolbar button (or presses its
// shortcut, or uses its context-menu entry) on it, and takes back when the
// tab goes to another site: no host permission, and the page's own CSP does
// not apply, since the question leaves from the extension.

/**
 * The most characters of page text sent with a question: about 2,000
 * tokens at the ~4 characters per token of English text, half of the
 * 4,096-token window of a typical local model, leaving the other half for
 * the question, the conversation and the answer.
 */
export const CONTEXT_LIMIT = 8000;

/**
 * What was read of a page: the selected text ("" when nothing is
 * selected), else the page's readable text, with its title and URL.
 * @typedef {object} PageRead
 * @property {string} selection
 * @property {string} text
 * @property {string} title
 * @property {string} url
 */

/**
 * Reads the active tab of the panel's window: {selection, text, title, url},
 * selection "" when nothing is selected (text is then the page's readable
 * text). Rejects with an edgen: error that says what to do when the tab
 * cannot be read (no grant for it yet, a browser page, or the panel itself
 * opened as a tab).
 * @returns {Promise<PageRead>}
 */
export async function readActiveTab() {
  if (await chrome.tabs.getCurrent()) {
    throw new Error("edgen: the chat opened as a tab reads no page: open it in the side panel with the Edgen button in the toolbar");
  }
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error("edgen: there is no active tab to read");
  let results;
  try {
    results = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: pageText });
  } catch (e) {
    const err = /** @type {Error} */ (e);
    // The browsers' words when the tab was not granted (Chrome's, Firefox's);
    // other failures are browser pages or failed loads.
    if (/Cannot access contents|must request permission|Missing host permission/.test(err.message)) {
      throw new Error(`edgen: Edgen may read a page only after you ask it on that page: ${await howToGrant()}, then ask again.`, { cause: e });
    }
    throw cannotRead(err.message, e);
  }
  // Firefox resolves without a result on its own pages (about:), where it runs no script.
  const [first] = results ?? [];
  if (!first?.result) throw cannotRead("the browser ran no script in it");
  return first.result;
}

/**
 * The error for a tab the browser lets no extension read.
 * @param {string} why the browser's words
 * @param {unknown} [cause]
 */
function cannotRead(why, cause) {
  return new Error(`edgen: this page cannot be read: browser pages (chrome://, about:, the add-on stores) and pages that did not load never can (${why}).`, { cause });
}

/**
 * The words that tell how to let the panel read a page: the toolbar
 * button, its shortcut as the person has it now (chrome://extensions/shortcuts
 * may change or clear it), or the context menu on a selection.
 */
async function howToGrant() {
  const commands = await chrome.commands.getAll().catch(() => []);
  const shortcut = commands.find((c) => c.name === "_execute_action")?.shortcut;
  const key = shortcut ? ` (or press ${shortcut})` : "";
  return `click the Edgen button in the toolbar on the page${key}, or select text and right-click “Ask Edgen about the selection”`;
}

// pageText runs in the tab (it is serialized, so it uses nothing outside).
function pageText() {
  const selection = String(getSelection() ?? "").trim();
  const text = selection ? "" : (document.body?.innerText ?? "").trim();
  return { selection, text, title: document.title, url: location.href };
}

/**
 * Makes the message that asks question about what was read: the question,
 * then the context as a quote, cut to CONTEXT_LIMIT characters. read:
 * {selection, text, title, url}. Returns {content, note}: note tells the
 * person what was sent (and whether it was cut).
 * @param {string} question
 * @param {PageRead} read
 * @returns {{content: string, note: string}}
 */
export function questionAbout(question, read) {
  const selected = read.selection !== "";
  const full = selected ? read.selection : read.text;
  if (full === "") throw new Error("edgen: the page has no text to ask about");
  const cut = full.length > CONTEXT_LIMIT;
  const sent = cut ? full.slice(0, CONTEXT_LIMIT) : full;
  const where = `${selected ? "the selection on" : "the page"} “${read.title || read.url}”${read.url ? ` (${read.url})` : ""}`;
  const count = (/** @type {number} */ n) => n.toLocaleString("en");
  const cutWords = cut ? `, its first ${count(CONTEXT_LIMIT)} of ${count(full.length)} characters` : "";
  const quote = sent.split("\n").map((/** @type {string} */ line) => `> ${line}`).join("\n");
  const q = question.trim() || (selected ? "Explain this." : "Summarize this page.");
  return {
    content: `${q}\n\nFrom ${where}${cutWords}:\n\n${quote}`,
    note: cut
      ? `Asked about ${where}: only its first ${count(CONTEXT_LIMIT)} of ${count(full.length)} characters, what a local model takes at once.`
      : `Asked about ${where} (${count(full.length)} characters).`,
  };
}
