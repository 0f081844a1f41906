// @ts-check
// Background of the Edgen chat extension (Chrome's service worker, Firefox's
// background script): it opens the chat side panel (Firefox: the sidebar)
// when the toolbar button is clicked (or its shortcut pressed), and adds the
// context-menu entry "Ask Edgen about the selection", which opens the panel
// with the selection as the context of a question.
//
// `make extension` bundles it once for each browser, with EXTENSION_BROWSER
// set to "chrome" or "firefox" (web/bundle.mjs), and leaves out the other
// browser's branch.
//
// The button opens the panel from action.onClicked, not with
// sidePanel.setPanelBehavior({openPanelOnActionClick: true}): only a click
// that reaches onClicked grants activeTab, which "Ask about this page"
// needs to read the tab (docs/architecture.md, "The browser extension").
//
// It runs no wasm on purpose: the client (edgen.wasm) lives in the panel
// page, which stays alive while it is open, and, in Chrome, for the sites
// the person lets use their model, in an offscreen document
// (lend/offscreen.js). The browser may stop this script
// at any time without cutting an answer short; the question the menu asks
// waits in chrome.storage.session until the panel takes it.
import { PENDING_KEY } from "./pending.js";
import { startLending } from "./lend/worker.js";

const MENU_ID = "ask-edgen-selection";

// Lending the local model to the sites the person allows (the Prompt API):
// lend/worker.js, in Chrome, whose offscreen document hosts the client.
if (EXTENSION_BROWSER === "chrome") startLending();

chrome.action.onClicked.addListener((tab) => openPanel(tab.windowId));

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: "Ask Edgen about the selection", contexts: ["selection"] });
  // Version 0.1.0 had Chrome open the panel itself on a click, a setting
  // Chrome keeps across updates; with it, a click reaches no onClicked.
  if (EXTENSION_BROWSER === "chrome") {
    chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: false })
      .catch((err) => console.error("edgen: cannot reset the side panel behaviour:", err));
  }
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) askAboutSelection(info, tab);
});

/**
 * The menu entry's handler: opens the side panel of tab's window (first,
 * while the click counts as the person's gesture) and leaves the selection
 * for it.
 * @param {chrome.contextMenus.OnClickData} info
 * @param {chrome.tabs.Tab | undefined} tab
 */
function askAboutSelection(info, tab) {
  if (tab?.windowId !== undefined) openPanel(tab.windowId);
  const pending = { selection: info.selectionText ?? "", text: "", title: tab?.title ?? "", url: info.pageUrl ?? "" };
  chrome.storage.session.set({ [PENDING_KEY]: pending })
    .catch((err) => console.error("edgen: cannot leave the question for the panel:", err));
}

/**
 * Opens the side panel in the window windowId (Firefox: the sidebar, in the
 * window of the click). It must be called at once in the click's handler,
 * not after an await: both browsers open it only while the click still
 * counts as the person's gesture.
 * @param {number} windowId
 */
function openPanel(windowId) {
  const opened = EXTENSION_BROWSER === "firefox" ? browser.sidebarAction.open() : chrome.sidePanel.open({ windowId });
  opened.catch((err) => console.warn("edgen: cannot open the side panel:", err.message));
}
