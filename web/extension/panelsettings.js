// @ts-check
// Settings of the Edgen chat extension, kept in chrome.storage.local (the
// Edgen address belongs to this machine, so it is not synced).
//
// Host access: the manifest grants http://127.0.0.1:33322/* and
// http://localhost:33322/* (Edgen's default address) at install. For any
// other address, saving asks the user for that one origin at run time
// (optional_host_permissions + chrome.permissions.request). Without the grant
// the panel still reaches a server that answers CORS requests, as Edgen does
// ("Access-Control-Allow-Origin: *"); the grant lifts the CORS checks, which
// a server without CORS headers or a request with an Authorization header
// needs.

/**
 * The panel's settings.
 * @typedef {{baseURL: string, model: string}} PanelSettings
 */

/** The settings used until the user saves others. */
export const DEFAULTS = Object.freeze({
  baseURL: "http://127.0.0.1:33322/v1",
  model: "default",
});

/**
 * Returns the saved settings, DEFAULTS filling the gaps.
 * @returns {Promise<PanelSettings>}
 */
export async function loadSettings() {
  const saved = await chrome.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...saved };
}

/**
 * Calls fn with the new settings whenever they change (in any extension page).
 * @param {(settings: PanelSettings) => void} fn
 */
export function onSettingsChanged(fn) {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && Object.keys(DEFAULTS).some((k) => k in changes)) {
      loadSettings().then(fn);
    }
  });
}

/**
 * Parses a base URL typed by the user: http or https only.
 * Throws a TypeError with a message for the user otherwise.
 * @param {string} text
 * @returns {URL}
 */
export function parseBaseURL(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TypeError(`"${text}" is not a URL, e.g. ${DEFAULTS.baseURL}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`the Edgen URL must start with http:// or https://`);
  }
  return url;
}

/**
 * Saves the settings and asks for host access to the server's origin.
 * It must run inside the click (or submit) handler: Chrome shows the
 * permission prompt only during a user gesture. The saved settings apply at
 * once; the returned promise tells whether access was granted (true at once,
 * without a prompt, when the origin is already granted).
 * @param {URL} url
 * @param {string} model
 * @returns {{saved: Promise<void>, granted: Promise<boolean>}}
 */
export function saveSettings(url, model) {
  const origin = `${url.protocol}//${url.host}/*`;
  const granted = chrome.permissions.request({ origins: [origin] });
  const saved = chrome.storage.local.set({ baseURL: url.href, model: model.trim() || DEFAULTS.model });
  return { saved, granted };
}
