// @ts-check
// The service worker's part in lending the local model to sites: it turns
// the person's choices (store.js) into the content scripts registered for
// the origins allowed always and into the offscreen document's policy
// (sync), opens the offscreen document when an allowed page's relay wakes
// it and closes it when no page is connected, ends a visit when its tab
// closes or goes to another site (and puts the scripts in again when the
// tab loads another page of the same origin), keeps the usage the
// offscreen document reports, and offers the consent in the toolbar
// button's menu. It holds no state of its own: Chrome may stop it at any
// time, and each event reads the storage afresh.

import { loadSettings } from "../panelsettings.js";
import { allowAlways, allowVisit, inject, revoke, SCRIPTS } from "./consent.js";
import { GRANTED, IDLE, POLICY, SYNC, USAGE, WAKE } from "./protocol.js";
import { KEYS, lendableOrigin, loadLendSettings, loadOrigins, loadVisits, updateOrigins, updateVisits } from "./store.js";

/** @import { Policy } from "./protocol.js" */

const OFFSCREEN = "lend/offscreen.html";
const SCRIPT_IDS = Object.freeze({ relay: "edgen-lend-relay", page: "edgen-lend-page" });
const MENU = Object.freeze({ visit: "edgen-lend-visit", always: "edgen-lend-always" });

/** Adds the service worker's listeners; call it once, at the top level of the worker's script. */
export function startLending() {
  chrome.runtime.onInstalled.addListener(() => {
    chrome.contextMenus.create({ id: MENU.visit, title: "Let this site use my local model (this visit)", contexts: ["action"], visible: false });
    chrome.contextMenus.create({ id: MENU.always, title: "Let this site use my local model (always)", contexts: ["action"], visible: false });
    sync(); // an update drops the registered scripts: register them again
  });
  chrome.runtime.onStartup.addListener(() => sync());
  // A click on the toolbar button or a menu entry grants activeTab: the panel may now offer the tab's origin.
  const granted = () => chrome.runtime.sendMessage({ lend: GRANTED }).catch(() => {});
  chrome.action.onClicked.addListener(granted);
  chrome.contextMenus.onClicked.addListener((info, tab) => {
    granted();
    if (!tab) return;
    if (info.menuItemId === MENU.visit) allowVisit(tab, sync).catch(report);
    // The host access is asked at once, while the click counts as the person's gesture.
    if (info.menuItemId === MENU.always) allowAlways(tab, sync).catch(report);
  });
  chrome.runtime.onMessage.addListener(onMessage);
  chrome.storage.onChanged.addListener((changes) => {
    if ([KEYS.on, KEYS.preferLocal, KEYS.origins, KEYS.visits, "baseURL", "model"].some((k) => k in changes)) sync();
  });
  chrome.tabs.onRemoved.addListener((tabId) => endVisit(tabId));
  chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === "complete") checkVisit(tabId, tab);
  });
  // Host access the person took back in Chrome's own settings takes the origin back too.
  chrome.permissions.onRemoved.addListener(async ({ origins = [] }) => {
    const allowed = await loadOrigins();
    const server = lendableOrigin((await loadSettings()).baseURL);
    for (const pattern of origins) {
      const origin = pattern.replace(/\/\*$/, "");
      if (allowed[origin]?.always) await revoke(origin, server, sync);
    }
  });
}

/**
 * The worker's messages: the relays' wake, the panel's sync, the offscreen
 * document's usage and idleness, each from where it must come.
 * @param {any} msg
 * @param {chrome.runtime.MessageSender} sender
 * @param {(answer: unknown) => void} reply
 */
function onMessage(msg, sender, reply) {
  switch (msg?.lend) {
    case WAKE:
      serial(() => wake(sender)).then(reply, () => reply(false));
      return true;
    case SYNC:
      if (!fromExtensionPage(sender)) return false;
      sync().then(() => reply(true), () => reply(false));
      return true;
    case USAGE:
      if (sender.url === chrome.runtime.getURL(OFFSCREEN)) record(String(msg.origin), Number(msg.tokens));
      return false;
    case IDLE:
      if (sender.url === chrome.runtime.getURL(OFFSCREEN)) serial(closeOffscreen);
      return false;
  }
  return false;
}

/** The steps that open and close the offscreen document, one after the other. */
let chain = Promise.resolve();

/**
 * Runs fn after the earlier serial steps.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
function serial(fn) {
  const run = chain.then(fn);
  chain = run.then(() => {}, () => {});
  return run;
}

/**
 * A relay's wake: when its page (the sender's tab and origin, as Chrome
 * reports them) is allowed, opens the offscreen document and hands it the
 * policy; answers whether the relay may connect.
 * @param {chrome.runtime.MessageSender} sender
 */
async function wake(sender) {
  const policy = await currentPolicy();
  const tabId = sender.tab?.id;
  const origin = sender.origin;
  if (!policy.on || sender.frameId !== 0 || tabId === undefined || !origin) return false;
  if (!policy.always.includes(origin) && !policy.visits.some(([t, o]) => t === tabId && o === origin)) return false;
  await openOffscreen();
  await pushPolicy(policy);
  return true;
}

/** Applies the stored choices: the registered scripts and the offscreen document's policy. */
export function sync() {
  return serial(async () => {
    const policy = await currentPolicy();
    await pruneOrigins(policy);
    await registerScripts(policy.on ? policy.always : []);
    await chrome.contextMenus.update(MENU.visit, { visible: policy.on }).catch(() => {});
    await chrome.contextMenus.update(MENU.always, { visible: policy.on }).catch(() => {});
    if (await offscreenOpen()) await pushPolicy(policy);
  });
}

/** @returns {Promise<Policy>} */
async function currentPolicy() {
  const [{ on }, origins, visits, { baseURL, model }] = await Promise.all([loadLendSettings(), loadOrigins(), loadVisits(), loadSettings()]);
  return {
    on,
    always: Object.keys(origins).filter((o) => origins[o].always),
    visits: on ? Object.entries(visits).map(([tab, origin]) => [Number(tab), origin]) : [],
    server: { baseURL, model },
  };
}

/**
 * Forgets the visits when lending is off, and the records of origins that
 * are neither allowed always nor visited now.
 * @param {Policy} policy
 */
async function pruneOrigins(policy) {
  if (!policy.on && Object.keys(await loadVisits()).length > 0) await updateVisits((v) => { for (const k of Object.keys(v)) delete v[k]; });
  const visited = new Set(policy.visits.map(([, o]) => o));
  const origins = await loadOrigins();
  if (Object.entries(origins).some(([o, r]) => !r.always && !visited.has(o))) {
    await updateOrigins((all) => {
      for (const [o, r] of Object.entries(all)) if (!r.always && !visited.has(o)) delete all[o];
    });
  }
}

/**
 * Registers the relay (ISOLATED world) and LanguageModel (MAIN world) for
 * the origins allowed always, at document_start of their top frames, so a
 * page's first script finds LanguageModel; none when there are none.
 * @param {string[]} origins
 */
async function registerScripts(origins) {
  const { preferLocal } = await loadLendSettings();
  const matches = origins.map((o) => `${o}/*`).sort();
  const page = preferLocal ? SCRIPTS.pageReplace : SCRIPTS.page;
  const have = await chrome.scripting.getRegisteredContentScripts({ ids: Object.values(SCRIPT_IDS) });
  const same = have.length === 2 && have.every((s) => JSON.stringify([...(s.matches ?? [])].sort()) === JSON.stringify(matches))
    && have.some((s) => s.id === SCRIPT_IDS.page && s.js?.[0] === page);
  if (same || (have.length === 0 && matches.length === 0)) return;
  if (have.length > 0) await chrome.scripting.unregisterContentScripts({ ids: have.map((s) => s.id) });
  if (matches.length === 0) return;
  const common = { matches, runAt: /** @type {const} */ ("document_start"), allFrames: false, persistAcrossSessions: true };
  await chrome.scripting.registerContentScripts([
    { ...common, id: SCRIPT_IDS.relay, js: [SCRIPTS.relay], world: "ISOLATED" },
    { ...common, id: SCRIPT_IDS.page, js: [page], world: "MAIN" },
  ]);
}

/**
 * Hands the offscreen document the policy, and waits for it to apply it.
 * @param {Policy} policy
 */
async function pushPolicy(policy) {
  await chrome.runtime.sendMessage({ lend: POLICY, policy });
}

async function offscreenOpen() {
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  return contexts.length > 0;
}

async function openOffscreen() {
  if (await offscreenOpen()) return;
  await chrome.offscreen.createDocument({
    url: OFFSCREEN,
    reasons: [chrome.offscreen.Reason.WORKERS],
    justification: "Runs the Edgen client (Go compiled to WebAssembly) that answers the sites the person lets use their local model.",
  });
}

async function closeOffscreen() {
  if (await offscreenOpen()) await chrome.offscreen.closeDocument();
}

/**
 * Ends the visit of tabId, if it had one.
 * @param {number} tabId
 */
async function endVisit(tabId) {
  const visits = await loadVisits();
  if (!(tabId in visits)) return;
  await updateVisits((v) => {
    delete v[tabId];
  });
  await sync();
}

/**
 * After a tab of a visit loaded a page: on the same origin the visit goes
 * on (the scripts go in again), elsewhere it ends. Chrome shows the
 * extension the tab's address only while activeTab lasts, which is the
 * visit.
 * @param {number} tabId
 * @param {chrome.tabs.Tab} tab
 */
async function checkVisit(tabId, tab) {
  const origin = (await loadVisits())[tabId];
  if (!origin) return;
  if (lendableOrigin(tab.url) !== origin) {
    await endVisit(tabId);
    return;
  }
  await inject(tabId).catch(() => endVisit(tabId));
}

/**
 * Adds one answer's tokens to origin's record.
 * @param {string} origin
 * @param {number} tokens
 */
function record(origin, tokens) {
  updateOrigins((o) => {
    const r = o[origin];
    if (!r) return;
    r.lastAsked = Date.now();
    r.prompts += 1;
    r.tokens += Number.isFinite(tokens) && tokens > 0 ? Math.round(tokens) : 0;
  }).catch(report);
}

/**
 * Whether sender is one of the extension's own pages (the panel), not a content script.
 * @param {chrome.runtime.MessageSender} sender
 */
function fromExtensionPage(sender) {
  return sender.id === chrome.runtime.id && (sender.url ?? "").startsWith(chrome.runtime.getURL("/"));
}

/**
 * Logs a failure of the worker's own, without anything a page sent.
 * @param {unknown} err
 */
function report(err) {
  console.warn("edgen: lending:", /** @type {Error} */ (err)?.message ?? err);
}
