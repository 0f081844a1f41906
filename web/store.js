// Persistence of the settings and the conversation in localStorage.
// Everything read back is checked, so a hand-edited or old entry can never
// break the page: anything malformed falls back to the defaults.

const SETTINGS_KEY = "edgen-chat.settings.v1";
const CONVERSATION_KEY = "edgen-chat.conversation.v1";

/** The settings a first visit starts with. */
export function defaultSettings() {
  return {
    baseURL: location.origin + "/v1",
    model: "default",
    system: "",
    temperature: "", // "" = the server's default
    maxTokens: "",
  };
}

/** The saved settings, each field checked, missing ones from the defaults. */
export function loadSettings() {
  const saved = read(SETTINGS_KEY);
  const settings = defaultSettings();
  if (saved && typeof saved === "object") {
    for (const key of Object.keys(settings)) {
      if (typeof saved[key] === "string") settings[key] = saved[key];
    }
  }
  return settings;
}

/** Saves the settings. */
export function saveSettings(settings) {
  write(SETTINGS_KEY, settings);
}

const ROLES = new Set(["user", "assistant"]);
const STATES = new Set(["done", "stopped", "error"]);

/**
 * The saved conversation: an array of messages
 * {id, role: "user"|"assistant", content, state?, error?}.
 * An answer that was still streaming when the page went away is "stopped".
 */
export function loadConversation() {
  const saved = read(CONVERSATION_KEY);
  if (!Array.isArray(saved)) return [];
  const messages = [];
  for (const m of saved) {
    if (!m || !ROLES.has(m.role) || typeof m.content !== "string") continue;
    const msg = { id: typeof m.id === "string" ? m.id : newID(), role: m.role, content: m.content };
    if (m.role === "assistant") {
      msg.state = STATES.has(m.state) ? m.state : "stopped";
      if (msg.state === "error") msg.error = checkedError(m.error);
    }
    messages.push(msg);
  }
  return messages;
}

/** Saves the conversation. */
export function saveConversation(messages) {
  write(CONVERSATION_KEY, messages);
}

/** A fresh message id. */
export function newID() {
  return globalThis.crypto?.randomUUID?.() ?? `m${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

function checkedError(e) {
  const text = (v) => (typeof v === "string" ? v : "");
  return { kind: text(e?.kind), title: text(e?.title) || "Something went wrong", text: text(e?.text) };
}

function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null; // storage disabled or entry not JSON
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the page keeps working, it just forgets.
  }
}
