// @ts-check
// The relay: the extension's script in the ISOLATED world of a page the
// person let use their local model. It meets the page's LanguageModel
// (install.js, MAIN world) on the window, takes the MessagePort it hands
// over, wakes the extension (the service worker checks this tab and origin,
// and opens the offscreen document) and pipes the port to a runtime Port
// named PORT_NAME, which the offscreen document answers. It trusts nothing
// the page sends: it only refuses what is not JSON or is bigger than
// MAX_MESSAGE_CHARS, and the offscreen document checks every call itself.
// It sends the page nothing of the extension's but the answers.

import { MAX_MESSAGE_CHARS } from "./limits.js";
import { PORT_NAME, WAKE, WINDOW_TAG, wireError } from "./protocol.js";

/** @import { WireError } from "./protocol.js" */

const RELAY = Symbol.for("edgen-lend-relay");
/** @type {any} */
const world = globalThis;
if (!world[RELAY]) {
  world[RELAY] = true;
  start();
}

/** Listens for the page's hello and port; one port is relayed at a time. */
function start() {
  let busy = false;
  window.addEventListener("message", (ev) => {
    if (ev.source !== window || ev.origin !== location.origin) return;
    const tag = ev.data?.[WINDOW_TAG];
    if (tag === "page" && !busy) announce();
    if (tag === "port" && !busy && ev.ports.length === 1) {
      busy = true;
      relay(ev.ports[0]).finally(() => (busy = false));
    }
  });
  announce();
}

/** Tells the page the relay is there. */
function announce() {
  window.postMessage({ [WINDOW_TAG]: "relay" }, location.origin);
}

/**
 * Relays pagePort until either side ends; tries once more when the
 * extension's side closed before it opened (the offscreen document was
 * closing as the page came).
 * @param {MessagePort} pagePort
 */
async function relay(pagePort) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const woken = await chrome.runtime.sendMessage({ lend: WAKE }).catch(() => false);
    if (woken !== true) {
      end(pagePort, wireError("NotAllowedError", "This site may not use the local model."));
      return;
    }
    if (await pipe(pagePort)) break;
  }
  end(pagePort, wireError("InvalidStateError", "The local model's extension stopped answering this page."));
}

/**
 * Pipes pagePort to a new runtime Port until the Port closes; resolves to
 * whether it was ever open.
 * @param {MessagePort} pagePort
 * @returns {Promise<boolean>}
 */
function pipe(pagePort) {
  return new Promise((resolve) => {
    const port = chrome.runtime.connect({ name: PORT_NAME });
    let open = false;
    port.onMessage.addListener((m) => {
      if (m?.event === "open") open = true;
      pagePort.postMessage(m);
    });
    port.onDisconnect.addListener(() => {
      pagePort.onmessage = null;
      resolve(open);
    });
    pagePort.onmessage = (ev) => {
      if (!open) return;
      const refused = refusal(ev.data);
      if (refused) {
        const id = ev.data?.id;
        if (Number.isSafeInteger(id)) pagePort.postMessage({ id, error: refused });
        return;
      }
      port.postMessage(ev.data);
    };
  });
}

/**
 * Why a message from the page is not sent on, or null when it goes.
 * @param {unknown} data
 * @returns {WireError | null}
 */
function refusal(data) {
  let text;
  try {
    text = JSON.stringify(data);
  } catch {
    return wireError("TypeError", "Refused: the call is not JSON.");
  }
  if (typeof text !== "string" || !text.startsWith("{")) return wireError("TypeError", "Refused: a call must be an object.");
  if (text.length > MAX_MESSAGE_CHARS) {
    return wireError("QuotaExceededError", `The call is too large: ${text.length} characters, the most is ${MAX_MESSAGE_CHARS}.`,
      { requested: text.length, quota: MAX_MESSAGE_CHARS });
  }
  return null;
}

/**
 * Tells the page the channel ended, with error, and closes its port.
 * @param {MessagePort} pagePort
 * @param {WireError} error
 */
function end(pagePort, error) {
  pagePort.postMessage({ event: "ended", error });
  pagePort.close();
}
