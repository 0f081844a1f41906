// @ts-check
// The one name shared by background.js and the panel: the chrome.storage.session
// key under which the context menu leaves a question for the panel.

/** The key of the pending question: {selection, text, title, url}, as context.js reads a tab. */
export const PENDING_KEY = "edgen-pending-ask";
