// @ts-check
// The person's consent, from the panel or the toolbar button's menu: let a
// tab's origin use the local model for this visit or always, or take it
// back. Each writes the choice (store.js), then has the service worker
// apply it (sync: the content scripts and the offscreen document's policy)
// before the page gets the scripts.
//
// "This visit" asks for no host access: the click on the toolbar button
// (or its menu) that let the panel see the tab's address granted activeTab,
// which lets the extension put its scripts in that tab until it goes to
// another site, and Chrome takes it back then. "Always" asks for the
// origin's host access (optional_host_permissions), which the content
// scripts registered for later visits need: the least access that works.

import { lendableOrigin, loadLendSettings, newRecord, updateOrigins, updateVisits } from "./store.js";

/** The files of the content scripts, one place for each. */
export const SCRIPTS = Object.freeze({
  relay: "lend/relay.js",
  page: "lend/page.js",
  pageReplace: "lend/page-replace.js",
});

/**
 * Lets tab's origin use the model until the tab closes or goes to another site.
 * @param {chrome.tabs.Tab} tab
 * @param {() => Promise<void>} sync
 */
export async function allowVisit(tab, sync) {
  const { origin, tabId } = target(tab);
  await updateOrigins((o) => {
    o[origin] ??= newRecord(false);
  });
  await updateVisits((v) => {
    v[tabId] = origin;
  });
  await sync();
  await inject(tabId);
}

/**
 * Lets tab's origin use the model on every visit, after asking the person
 * for the origin's host access. Call it at once in the click's handler:
 * Chrome asks only during the person's gesture. Resolves to whether they
 * granted it.
 * @param {chrome.tabs.Tab} tab
 * @param {() => Promise<void>} sync
 * @returns {Promise<boolean>}
 */
export function allowAlways(tab, sync) {
  let t;
  try {
    t = target(tab);
  } catch (err) {
    return Promise.reject(err);
  }
  const { origin, tabId } = t;
  return chrome.permissions.request({ origins: [`${origin}/*`] }).then(async (granted) => {
    if (!granted) return false;
    await updateOrigins((o) => {
      o[origin] = { ...(o[origin] ?? newRecord(true)), always: true };
    });
    await sync();
    await inject(tabId);
    return true;
  });
}

/**
 * Takes back origin's use of the model: its pages' sessions end at once,
 * and the host access asked for it is given up (unless it is the server's).
 * @param {string} origin
 * @param {string} serverOrigin the Edgen server's origin, whose access stays
 * @param {() => Promise<void>} sync
 */
export async function revoke(origin, serverOrigin, sync) {
  await updateOrigins((o) => {
    delete o[origin];
  });
  await updateVisits((v) => {
    for (const [tab, o] of Object.entries(v)) if (o === origin) delete v[tab];
  });
  await sync();
  if (origin !== serverOrigin) await chrome.permissions.remove({ origins: [`${origin}/*`] }).catch(() => false);
}

/**
 * Puts the lending scripts in the tab's page now: the relay, then
 * LanguageModel (the file that replaces the browser's own when the person
 * prefers their model).
 * @param {number} tabId
 */
export async function inject(tabId) {
  const { preferLocal } = await loadLendSettings();
  const target = { tabId, frameIds: [0] };
  await chrome.scripting.executeScript({ target, files: [SCRIPTS.relay], injectImmediately: true });
  await chrome.scripting.executeScript({ target, files: [preferLocal ? SCRIPTS.pageReplace : SCRIPTS.page], world: "MAIN", injectImmediately: true });
}

/**
 * The tab's id and lendable origin, or an error that says why not.
 * @param {chrome.tabs.Tab} tab
 */
function target(tab) {
  const origin = lendableOrigin(tab.url);
  if (!origin || tab.id === undefined) throw new Error("edgen: only a web page (http or https) can use the local model");
  return { origin, tabId: tab.id };
}
