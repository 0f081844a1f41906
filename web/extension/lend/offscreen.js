// @ts-check
// The offscreen document that answers the sites the person lets use their
// local model (host.js). It runs the Edgen client (edgen.wasm) here rather
// than in the service worker: Chrome stops an idle service worker after 30
// seconds, which would take the client, the sessions' history and the
// pages' Ports with it, while an offscreen document lives until the
// extension closes it (lend/worker.js does, once no page is connected).
// An offscreen document may use chrome.runtime only: the service worker
// hands it the policy (who may ask, and the server), and it reports each
// answer's usage and its idleness back.

import { load } from "../../edgen/edgen.js";
import { Host } from "./host.js";
import { IDLE, POLICY, USAGE } from "./protocol.js";

/** @import { Policy, UsageReport } from "./protocol.js" */

const client = load({ wasmURL: new URL("../edgen.wasm", import.meta.url).href });
client.catch((err) => console.error("edgen: the client did not load:", err.message));

const host = new Host({
  client: () => client,
  usage: (origin, tokens) => {
    /** @type {UsageReport} */
    const report = { lend: USAGE, origin, tokens };
    chrome.runtime.sendMessage(report).catch(() => {});
  },
  idle: () => chrome.runtime.sendMessage({ lend: IDLE }).catch(() => {}),
});

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (msg?.lend !== POLICY || !fromWorker(sender)) return false;
  const policy = /** @type {Policy} */ (msg.policy);
  client.then((edgen) => {
    edgen.configure({ baseURL: policy.server.baseURL });
    host.setPolicy(policy);
    reply(true);
  }, () => reply(false));
  return true;
});

chrome.runtime.onConnect.addListener((port) => host.accept(port));

/**
 * Whether a message comes from the extension's service worker (a page's
 * relay, in a tab, could send one too).
 * @param {chrome.runtime.MessageSender} sender
 */
function fromWorker(sender) {
  return sender.id === chrome.runtime.id && !sender.tab && sender.url === chrome.runtime.getURL("background.js");
}
