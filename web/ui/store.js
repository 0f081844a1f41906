// @ts-check
// The shapes of a chat and their checks, and what the page keeps in Web
// Storage: the server settings (localStorage) and the chat a tab shows
// (sessionStorage). The chats themselves live in IndexedDB (chatstore.js).
// Everything read back is checked, so a hand-edited, imported or old entry
// can never break the page: anything malformed falls back to the defaults.

/**
 * A chat's options: each a string as typed, "" for the server's default.
 * @typedef {object} ChatOptions
 * @property {string} model
 * @property {string} system
 * @property {string} temperature
 * @property {string} maxTokens
 */

/**
 * What describeError (errors.js) says of a failed answer.
 * @typedef {object} ErrorText
 * @property {string} kind
 * @property {string} title
 * @property {string} text
 */

/**
 * One message of a chat. An answer has a state: "streaming" while it is
 * written (by this tab or another), then "done", "stopped" or "error".
 * @typedef {object} Message
 * @property {string} id
 * @property {"user" | "assistant"} role
 * @property {string} content
 * @property {"done" | "stopped" | "error" | "streaming"} [state]
 * @property {ErrorText} [error]
 */

/**
 * A conversation, as saved.
 * @typedef {object} Chat
 * @property {string} id
 * @property {string} title
 * @property {number} created
 * @property {number} updated
 * @property {ChatOptions} options
 * @property {Message[]} messages
 */

/**
 * The page's settings (every chat).
 * @typedef {{baseURL: string}} Settings
 */

/** Where localStorage keeps the settings. */
export const SETTINGS_KEY = "edgen-chat.settings.v1";
const CURRENT_KEY = "edgen-chat.current"; // per tab, in sessionStorage

/**
 * The settings a first visit starts with.
 * @returns {Settings}
 */
export function defaultSettings() {
  return { baseURL: location.origin + "/v1" };
}

/** The saved settings, each field checked, missing ones from the defaults. */
export function loadSettings() {
  const saved = read(localStorage, SETTINGS_KEY);
  const settings = defaultSettings();
  if (typeof saved?.baseURL === "string") settings.baseURL = saved.baseURL;
  return settings;
}

/**
 * Saves the settings.
 * @param {Settings} settings
 */
export function saveSettings(settings) {
  write(SETTINGS_KEY, settings);
}

/**
 * The options of a new chat: the model configured in the server.
 * @returns {ChatOptions}
 */
export function defaultOptions() {
  return { model: "default", system: "", temperature: "", maxTokens: "" }; // "" = the server's default
}

/**
 * A new, empty chat with options (copied).
 * @returns {Chat}
 */
export function newChat(options = defaultOptions()) {
  const now = Date.now();
  return { id: newID(), title: "", created: now, updated: now, options: { ...options }, messages: [] };
}

/**
 * The chat this tab shows (sessionStorage: each tab its own), or "".
 * @returns {string}
 */
export function currentChatID() {
  return read(sessionStorage, CURRENT_KEY) ?? "";
}

/**
 * Remembers the chat this tab shows.
 * @param {string} id
 */
export function setCurrentChatID(id) {
  try {
    sessionStorage.setItem(CURRENT_KEY, JSON.stringify(id));
  } catch {
    // storage disabled
  }
}

/**
 * A fresh id.
 * @returns {string}
 */
export function newID() {
  return globalThis.crypto?.randomUUID?.() ?? `m${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

const ROLES = new Set(["user", "assistant"]);
const STATES = new Set(["done", "stopped", "error", "streaming"]);

/**
 * checkedChat returns a well-formed chat made of c, or null.
 * @param {any} c
 * @returns {Chat | null}
 */
export function checkedChat(c) {
  if (!c || typeof c !== "object" || typeof c.id !== "string" || !Array.isArray(c.messages)) return null;
  const text = (/** @type {unknown} */ v) => (typeof v === "string" ? v : "");
  const num = (/** @type {unknown} */ v, /** @type {number} */ d) => (typeof v === "number" && Number.isFinite(v) ? v : d);
  const options = defaultOptions();
  for (const key of /** @type {(keyof ChatOptions)[]} */ (Object.keys(options))) {
    if (typeof c.options?.[key] === "string") options[key] = c.options[key];
  }
  /** @type {Chat} */
  const chat = {
    id: c.id, title: text(c.title), created: num(c.created, 0), updated: num(c.updated, 0), options, messages: [],
  };
  for (const m of c.messages) {
    if (!m || !ROLES.has(m.role) || typeof m.content !== "string") continue;
    /** @type {Message} */
    const msg = { id: typeof m.id === "string" ? m.id : newID(), role: m.role, content: m.content };
    if (m.role === "assistant") {
      msg.state = STATES.has(m.state) ? m.state : "stopped";
      if (msg.state === "error") msg.error = checkedError(m.error);
    }
    chat.messages.push(msg);
  }
  return chat;
}

/**
 * @param {any} e
 * @returns {ErrorText}
 */
function checkedError(e) {
  const text = (/** @type {unknown} */ v) => (typeof v === "string" ? v : "");
  return { kind: text(e?.kind), title: text(e?.title) || "Something went wrong", text: text(e?.text) };
}

/**
 * The JSON value under key, or null.
 * @param {Storage} storage
 * @param {string} key
 * @returns {any}
 */
export function read(storage, key) {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null; // storage disabled or entry not JSON
  }
}

/**
 * Saves value as JSON under key in localStorage.
 * @param {string} key
 * @param {unknown} value
 */
function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the settings last this page's life.
  }
}
