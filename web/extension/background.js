// Service worker of the Edgen chat extension: its one job is to open the chat
// side panel when the toolbar button is clicked.
//
// It holds no state and runs no wasm on purpose: the client (edgen.wasm) lives
// in the panel page, which stays alive while it is open. The browser may stop
// this worker at any time without cutting an answer short.
chrome.sidePanel
  .setPanelBehavior({ openPanelOnActionClick: true })
  .catch((err) => console.error("edgen: cannot set the side panel behaviour:", err));
