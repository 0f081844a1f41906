// Service worker of the Edgen chat extension: it opens the chat side panel
// when the toolbar button is clicked, and adds the context-menu entry "Ask
// Edgen about the selection", which opens the panel with the selection as
// the context of a question.
//
// It runs no wasm on purpose: the client (edgen.wasm) lives in the panel
// page, which stays alive while it is open. The browser may stop this worker
// at any time without cutting an answer short; the question the menu asks
// waits in chrome.storage.session until the panel takes it.
import { PENDING_KEY } from "./pending.js";

const MENU_ID = "ask-edgen-selection";

chrome.sidePanel
  .setPanelBehavior({ openPanelOnActionClick: true })
  .catch((err) => console.error("edgen: cannot set the side panel behaviour:", err));

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: "Ask Edgen about the selection", contexts: ["selection"] });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) askAboutSelection(info, tab);
});

/**
 * The menu entry's handler: opens the side panel of tab's window (first,
 * while the click still counts as the person's gesture) and leaves the
 * selection for it. Returns the promise of the stored question.
 */
function askAboutSelection(info, tab) {
  if (tab?.windowId !== undefined) {
    chrome.sidePanel.open({ windowId: tab.windowId })
      .catch((err) => console.warn("edgen: cannot open the side panel:", err.message));
  }
  const pending = { selection: info.selectionText ?? "", text: "", title: tab?.title ?? "", url: info.pageUrl ?? "" };
  return chrome.storage.session.set({ [PENDING_KEY]: pending });
}
// The extension test calls the handler as the menu would (headless Chromium shows no menu to click).
globalThis.askAboutSelection = askAboutSelection;
