// @ts-check
// The panel's part in lending the local model to sites: in the settings,
// the switch "Lend my local model to sites I allow", the choice to use it
// even where the browser has its own, and the list of the origins allowed
// (always or for a visit; when each last asked and how much), each with a
// button that takes it back; above the chat, the offer for the active tab:
// "Let <origin> use my local model?", for this visit or always. The panel
// sees the tab's address once the person clicked the Edgen button on it
// (activeTab), as for "Ask about this page".

import { byID } from "../../ui/dom.js";
import { loadSettings } from "../panelsettings.js";
import { allowAlways, allowVisit, revoke } from "./consent.js";
import { GRANTED, SYNC } from "./protocol.js";
import { lendableOrigin, loadLendSettings, loadOrigins, loadVisits, saveLendSetting } from "./store.js";

/** @import { OriginRecord } from "./store.js" */

const onSwitch = byID("lend-on", HTMLInputElement);
const preferSwitch = byID("lend-prefer", HTMLInputElement);
const sites = byID("lend-sites", HTMLUListElement);
const settingsNote = byID("lend-note", HTMLElement);
const offer = byID("lend-offer", HTMLElement);
const offerText = byID("lend-offer-text", HTMLElement);
const offerNote = byID("lend-offer-note", HTMLElement);
const visitButton = byID("lend-visit", HTMLButtonElement);
const alwaysButton = byID("lend-always", HTMLButtonElement);

/**
 * The active tab, when its address is known (activeTab); else null.
 * @type {chrome.tabs.Tab | null}
 */
let activeTab = null;

/** Shows the lending settings and the offer, and keeps them up to date. */
export function startLendPanel() {
  byID("lend-settings", HTMLElement).hidden = false;
  onSwitch.addEventListener("change", () => save("on", onSwitch.checked));
  preferSwitch.addEventListener("change", () => save("preferLocal", preferSwitch.checked));
  visitButton.addEventListener("click", () => {
    if (!activeTab) return;
    offerNote.textContent = "Allowing…";
    allowVisit(activeTab, sync).then(() => (offerNote.textContent = "Allowed until this tab closes or goes to another site."), fail(offerNote));
  });
  alwaysButton.addEventListener("click", () => {
    if (!activeTab) return;
    const origin = lendableOrigin(activeTab.url);
    offerNote.textContent = `Asking for access to ${origin}…`;
    // At once, in the click: Chrome asks for the host access only during the person's gesture.
    allowAlways(activeTab, sync).then(
      (granted) => (offerNote.textContent = granted ? `Allowed always; revoke it in Settings.` : `Not allowed: access to ${origin} was not given.`),
      fail(offerNote));
  });
  sites.addEventListener("click", (ev) => {
    const button = /** @type {HTMLElement} */ (ev.target).closest("button[data-origin]");
    if (!(button instanceof HTMLButtonElement)) return;
    const origin = button.dataset.origin ?? "";
    settingsNote.textContent = `Revoking ${origin}…`;
    loadSettings()
      .then(({ baseURL }) => revoke(origin, lendableOrigin(baseURL), sync))
      .then(() => (settingsNote.textContent = `${origin} may no longer use your local model.`), fail(settingsNote));
  });
  chrome.storage.onChanged.addListener(() => refresh());
  chrome.runtime.onMessage.addListener((msg, sender) => {
    if (msg?.lend === GRANTED && sender.id === chrome.runtime.id && sender.url === chrome.runtime.getURL("background.js")) refresh();
  });
  chrome.tabs.onActivated.addListener(() => refresh());
  chrome.tabs.onUpdated.addListener((tabId) => {
    if (tabId === activeTab?.id || activeTab === null) refresh();
  });
  refresh();
}

/**
 * Saves a switch, saying so when it fails.
 * @param {"on" | "preferLocal"} name
 * @param {boolean} value
 */
function save(name, value) {
  saveLendSetting(name, value).then(() => sync()).catch(fail(settingsNote));
}

/** Asks the service worker to apply the stored choices now, and waits for it. */
async function sync() {
  if ((await chrome.runtime.sendMessage({ lend: SYNC })) !== true) throw new Error("edgen: the extension did not apply the change");
}

/**
 * A rejection handler that says err in note.
 * @param {HTMLElement} note
 */
function fail(note) {
  return (/** @type {unknown} */ err) => {
    note.textContent = String(/** @type {Error} */ (err)?.message ?? err).replace(/^edgen: /, "");
  };
}

let refreshing = Promise.resolve();

/** Shows the stored state and the active tab's offer (one refresh at a time). */
function refresh() {
  refreshing = refreshing.then(show, show);
  return refreshing;
}

async function show() {
  const [{ on, preferLocal }, origins, visits, tabs] = await Promise.all([
    loadLendSettings(), loadOrigins(), loadVisits(), chrome.tabs.query({ active: true, currentWindow: true }),
  ]);
  onSwitch.checked = on;
  preferSwitch.checked = preferLocal;
  preferSwitch.disabled = !on;
  showSites(origins, visits);
  const tab = tabs[0];
  const origin = lendableOrigin(tab?.url);
  activeTab = origin ? tab : null;
  offer.hidden = !on || !origin;
  if (offer.hidden) return;
  const always = origins[origin]?.always === true;
  const visiting = tab.id !== undefined && visits[tab.id] === origin;
  const allowed = always || visiting;
  offerText.textContent = allowed
    ? `${origin} may use your local model (${always ? "always" : "this visit"}).`
    : `Let ${origin} use my local model?`;
  visitButton.hidden = allowed;
  alwaysButton.hidden = always;
}

/**
 * Lists the allowed origins with their use, each with its Revoke button.
 * @param {Record<string, OriginRecord>} origins
 * @param {Record<string, string>} visits
 */
function showSites(origins, visits) {
  const visited = new Set(Object.values(visits));
  const entries = Object.entries(origins).filter(([o, r]) => r.always || visited.has(o)).sort(([a], [b]) => a.localeCompare(b));
  const items = entries.map(([origin, r]) => {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "lend-origin";
    name.textContent = origin;
    const detail = document.createElement("span");
    detail.className = "lend-detail";
    detail.textContent = `${r.always ? "Always" : "This visit"} · ${usageWords(r)}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-danger-quiet";
    button.dataset.origin = origin;
    button.textContent = "Revoke";
    button.setAttribute("aria-label", `Revoke ${origin}`);
    li.append(name, detail, button);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement("li");
    li.className = "lend-none";
    li.textContent = "No site may use your local model.";
    items.push(li);
  }
  sites.replaceChildren(...items);
}

/**
 * "Last asked <when> · N prompts · M tokens", or "Not asked yet".
 * @param {OriginRecord} r
 */
function usageWords(r) {
  if (!r.lastAsked) return "not asked yet";
  const n = (/** @type {number} */ x) => x.toLocaleString("en");
  return `last asked ${new Date(r.lastAsked).toLocaleString()} · ${n(r.prompts)} prompt${r.prompts === 1 ? "" : "s"} · ${n(r.tokens)} tokens`;
}
