// @ts-check
// What the extension keeps about lending the local model to sites:
// chrome.storage.local holds the person's choices (the switch, whether
// their model replaces the browser's own, the origins allowed and what each
// used), chrome.storage.session the tabs allowed for this visit (gone when
// the browser closes). The service worker and the panel read and write them
// here; the service worker alone turns them into content scripts and the
// offscreen document's policy (worker.js).

/**
 * The switches: lend at all, and prefer the local model to the browser's own LanguageModel.
 * @typedef {{on: boolean, preferLocal: boolean}} LendSettings
 */

/**
 * An allowed origin: always (persisted) or for visits only, when it last
 * asked (ms since the epoch, 0 for never), and how much.
 * @typedef {{always: boolean, since: number, lastAsked: number, prompts: number, tokens: number}} OriginRecord
 */

/** The storage keys, one place for each. */
export const KEYS = Object.freeze({
  on: "lendOn",
  preferLocal: "lendPreferLocal",
  origins: "lendOrigins", // local: {[origin]: OriginRecord}
  visits: "lendVisits", // session: {[tabId]: origin}
});

/** @returns {Promise<LendSettings>} */
export async function loadLendSettings() {
  const s = await chrome.storage.local.get([KEYS.on, KEYS.preferLocal]);
  return { on: s[KEYS.on] === true, preferLocal: s[KEYS.preferLocal] === true };
}

/**
 * Saves one switch.
 * @param {keyof LendSettings} name
 * @param {boolean} value
 */
export async function saveLendSetting(name, value) {
  await chrome.storage.local.set({ [KEYS[name]]: value });
}

/** @returns {Promise<Record<string, OriginRecord>>} */
export async function loadOrigins() {
  const s = await chrome.storage.local.get(KEYS.origins);
  return /** @type {Record<string, OriginRecord>} */ (s[KEYS.origins] ?? {});
}

/** @returns {Promise<Record<string, string>>} tab id to origin */
export async function loadVisits() {
  const s = await chrome.storage.session.get(KEYS.visits);
  return /** @type {Record<string, string>} */ (s[KEYS.visits] ?? {});
}

/** Writes are one after the other, so no read-modify-write loses another's. */
let writes = Promise.resolve();

/**
 * Runs fn after the earlier writes of this context.
 * @param {() => Promise<void>} fn
 */
function serialized(fn) {
  const run = writes.then(fn);
  writes = run.catch(() => {});
  return run;
}

/**
 * Changes the origins' records with fn.
 * @param {(origins: Record<string, OriginRecord>) => void} fn
 */
export function updateOrigins(fn) {
  return serialized(async () => {
    const origins = await loadOrigins();
    fn(origins);
    await chrome.storage.local.set({ [KEYS.origins]: origins });
  });
}

/**
 * Changes the visits with fn.
 * @param {(visits: Record<string, string>) => void} fn
 */
export function updateVisits(fn) {
  return serialized(async () => {
    const visits = await loadVisits();
    fn(visits);
    await chrome.storage.session.set({ [KEYS.visits]: visits });
  });
}

/**
 * A new record for an origin allowed now.
 * @param {boolean} always
 * @returns {OriginRecord}
 */
export function newRecord(always) {
  return { always, since: Date.now(), lastAsked: 0, prompts: 0, tokens: 0 };
}

/**
 * The origin of a page's URL that may be lent the model: http or https
 * only (not the browser's pages, not files), else "".
 * @param {string | undefined} url
 */
export function lendableOrigin(url) {
  if (!url) return "";
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : "";
  } catch {
    return "";
  }
}
