// Persistence in localStorage: the server settings, and the conversations,
// one entry per chat (so two tabs writing different chats never collide;
// the other tab learns of a change through the storage event).
// Everything read back is checked, so a hand-edited or old entry can never
// break the page: anything malformed falls back to the defaults.

const SETTINGS_KEY = "edgen-chat.settings.v1";
const CHAT_PREFIX = "edgen-chat.chat.";
const OLD_CONVERSATION_KEY = "edgen-chat.conversation.v1"; // one chat, before the list
const CURRENT_KEY = "edgen-chat.current"; // per tab, in sessionStorage

/** The settings a first visit starts with. */
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

/** Saves the settings. */
export function saveSettings(settings) {
  write(SETTINGS_KEY, settings);
}

/** The options of a new chat: the model configured in the server. */
export function defaultOptions() {
  return { model: "default", system: "", temperature: "", maxTokens: "" }; // "" = the server's default
}

/** A new, empty chat with options (copied). */
export function newChat(options = defaultOptions()) {
  const now = Date.now();
  return { id: newID(), title: "", created: now, updated: now, options: { ...options }, messages: [] };
}

/** Whether a storage key is the one of a chat. */
export function isChatKey(key) {
  return typeof key === "string" && key.startsWith(CHAT_PREFIX);
}

/** The id of the chat stored under key. */
export function chatIDOf(key) {
  return key.slice(CHAT_PREFIX.length);
}

/** Every saved chat, newest first. */
export function listChats() {
  migrate();
  const chats = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!isChatKey(key)) continue;
    const chat = checkedChat(read(localStorage, key));
    if (chat && chat.id === chatIDOf(key)) chats.push(chat);
  }
  return chats.sort((a, b) => b.updated - a.updated);
}

/** The saved chat id, or null. */
export function loadChat(id) {
  const chat = checkedChat(read(localStorage, CHAT_PREFIX + id));
  return chat?.id === id ? chat : null;
}

/** Saves chat (an empty one is not kept: it comes back as a new chat). */
export function saveChat(chat) {
  if (chat.messages.length === 0 && !chat.title) {
    deleteChat(chat.id);
    return;
  }
  write(CHAT_PREFIX + chat.id, chat);
}

/** Removes the chat id. */
export function deleteChat(id) {
  try {
    localStorage.removeItem(CHAT_PREFIX + id);
  } catch {
    // storage disabled: nothing was kept
  }
}

/** The chat this tab shows (sessionStorage: each tab its own), or "". */
export function currentChatID() {
  return read(sessionStorage, CURRENT_KEY) ?? "";
}

/** Remembers the chat this tab shows. */
export function setCurrentChatID(id) {
  try {
    sessionStorage.setItem(CURRENT_KEY, JSON.stringify(id));
  } catch {
    // storage disabled
  }
}

/** A fresh id. */
export function newID() {
  return globalThis.crypto?.randomUUID?.() ?? `m${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

const ROLES = new Set(["user", "assistant"]);
const STATES = new Set(["done", "stopped", "error", "streaming"]);

// checkedChat returns a well-formed chat made of c, or null.
function checkedChat(c) {
  if (!c || typeof c !== "object" || typeof c.id !== "string" || !Array.isArray(c.messages)) return null;
  const text = (v) => (typeof v === "string" ? v : "");
  const num = (v, d) => (Number.isFinite(v) ? v : d);
  const options = defaultOptions();
  for (const key of Object.keys(options)) {
    if (typeof c.options?.[key] === "string") options[key] = c.options[key];
  }
  const chat = {
    id: c.id, title: text(c.title), created: num(c.created, 0), updated: num(c.updated, 0), options, messages: [],
  };
  for (const m of c.messages) {
    if (!m || !ROLES.has(m.role) || typeof m.content !== "string") continue;
    const msg = { id: typeof m.id === "string" ? m.id : newID(), role: m.role, content: m.content };
    if (m.role === "assistant") {
      msg.state = STATES.has(m.state) ? m.state : "stopped";
      if (msg.state === "error") msg.error = checkedError(m.error);
    }
    chat.messages.push(msg);
  }
  return chat;
}

function checkedError(e) {
  const text = (v) => (typeof v === "string" ? v : "");
  return { kind: text(e?.kind), title: text(e?.title) || "Something went wrong", text: text(e?.text) };
}

// migrate moves the one conversation of the page's first version into the list.
function migrate() {
  const old = read(localStorage, OLD_CONVERSATION_KEY);
  if (old === null) return;
  const oldSettings = read(localStorage, SETTINGS_KEY);
  if (Array.isArray(old) && old.length > 0) {
    const chat = checkedChat({ ...newChat(), options: oldSettings ?? {}, messages: old });
    if (chat) write(CHAT_PREFIX + chat.id, chat);
  }
  try {
    localStorage.removeItem(OLD_CONVERSATION_KEY);
  } catch {
    // storage disabled
  }
}

function read(storage, key) {
  try {
    const raw = storage.getItem(key);
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
