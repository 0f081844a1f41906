// The chat page: wires the conversation, the composer, the settings and the
// server status to the edgen module (its public JavaScript API only).

import { loadSettings, saveSettings, defaultSettings, loadConversation, saveConversation, newID } from "./store.js";
import { messageElement, updateMessageElement } from "./render.js";
import { describeError } from "./errors.js";
import { createStatus } from "./status.js";
import { createSettingsDialog } from "./settings.js";

const $ = (id) => document.getElementById(id);
const ui = {
  conversation: $("conversation"),
  messages: $("messages"),
  empty: $("empty"),
  composer: $("composer"),
  prompt: $("prompt"),
  send: $("send"),
  stop: $("stop"),
  newChat: $("new-chat"),
  openSettings: $("open-settings"),
  loadError: $("load-error"),
};

let settings = loadSettings();
let messages = loadConversation();
let edgen = null;
let running = null; // {controller, msg} while an answer streams
const elements = new Map(); // message id -> its element

const status = createStatus({
  line: $("server-status"), text: $("status-text"),
  banner: $("fake-banner"), bannerText: $("fake-banner-text"), bannerClose: $("fake-banner-close"),
  download: $("download"), bar: $("download-bar"), fill: $("download-fill"),
  pct: $("download-pct"), label: $("download-label"),
}, settings.baseURL);
const settingsDialog = createSettingsDialog(
  { dialog: $("settings"), form: $("settings-form"), reset: $("settings-reset") },
  { get: () => settings, defaults: defaultSettings, save: applySettings },
);
const actions = { retry, copy };

// --- the conversation on screen and in storage ---

function renderAll() {
  elements.clear();
  ui.messages.replaceChildren(...messages.map((m) => {
    const el = messageElement(m, actions);
    elements.set(m.id, el);
    return el;
  }));
  ui.empty.hidden = messages.length > 0;
}

function append(msg) {
  messages.push(msg);
  const el = messageElement(msg, actions);
  elements.set(msg.id, el);
  ui.messages.append(el);
  ui.empty.hidden = true;
}

function update(msg) {
  const el = elements.get(msg.id);
  if (el) updateMessageElement(el, msg, actions);
}

function remove(msg) {
  messages = messages.filter((m) => m !== msg);
  elements.get(msg.id)?.remove();
  elements.delete(msg.id);
  ui.empty.hidden = messages.length > 0;
}

let saveTimer = 0;
function persist(now = false) {
  clearTimeout(saveTimer);
  if (now) saveConversation(messages);
  else saveTimer = setTimeout(() => saveConversation(messages), 300);
}

// The view follows the newest words (growing answers, banners and bars
// that appear) until the person scrolls up; sending follows again.
let follow = true;
function atEnd() {
  const c = ui.conversation;
  return c.scrollHeight - c.scrollTop - c.clientHeight < 96;
}
function followEnd() {
  follow = true;
  ui.conversation.scrollTop = ui.conversation.scrollHeight;
}

// --- asking and answering ---

function send(text) {
  if (!edgen || running || text.trim() === "") return;
  append({ id: newID(), role: "user", content: text });
  followEnd();
  ui.prompt.value = "";
  autosize();
  answer();
}

function request() {
  const history = [];
  if (settings.system.trim()) history.push({ role: "system", content: settings.system });
  for (const m of messages) {
    if (m.role === "user") history.push({ role: "user", content: m.content });
    else if (m.content) history.push({ role: "assistant", content: m.content });
  }
  const params = { model: settings.model || "default", messages: history, stream: true };
  if (settings.temperature !== "") params.temperature = Number(settings.temperature);
  if (settings.maxTokens !== "") params.max_tokens = Number(settings.maxTokens);
  return params;
}

async function answer() {
  const params = request();
  const msg = { id: newID(), role: "assistant", content: "", state: "streaming" };
  append(msg);
  followEnd();
  persist();
  const controller = new AbortController();
  running = { controller, msg };
  setRunning(true);
  const download = status.watchDownload();
  try {
    const stream = await edgen.chat(params, { signal: controller.signal });
    for await (const chunk of stream) {
      download.stop();
      const delta = chunk?.choices?.[0]?.delta?.content;
      if (typeof delta === "string" && delta !== "") {
        msg.content += delta;
        update(msg);
        persist();
      }
    }
    msg.state = "done";
  } catch (err) {
    if (controller.signal.aborted) {
      msg.state = "stopped";
    } else {
      msg.state = "error";
      msg.error = describeError(err, edgen, settings.baseURL);
    }
  } finally {
    download.stop();
    running = null;
    update(msg);
    persist(true);
    setRunning(false);
    status.refresh();
  }
}

function stop() {
  running?.controller.abort();
}

function retry(msg) {
  if (running) return;
  remove(msg);
  ui.prompt.focus();
  answer();
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function newChat() {
  stop();
  messages = [];
  renderAll();
  persist(true);
  ui.prompt.focus();
}

// --- the composer ---

function setRunning(on) {
  const focused = document.activeElement;
  ui.send.hidden = on;
  ui.stop.hidden = !on;
  if (focused === ui.send || focused === ui.stop) ui.prompt.focus();
}

function autosize() {
  const p = ui.prompt;
  p.style.height = "auto";
  p.style.height = `${Math.min(p.scrollHeight, 200)}px`;
}

function applySettings(next) {
  settings = next;
  saveSettings(settings);
  edgen?.configure({ baseURL: settings.baseURL });
  status.setBaseURL(settings.baseURL);
}

function wire() {
  ui.composer.addEventListener("submit", (e) => {
    e.preventDefault();
    send(ui.prompt.value);
  });
  ui.prompt.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send(ui.prompt.value);
    }
  });
  ui.prompt.addEventListener("input", autosize);
  ui.conversation.addEventListener("scroll", () => (follow = atEnd()), { passive: true });
  const keepFollowing = new ResizeObserver(() => follow && followEnd());
  keepFollowing.observe(ui.conversation);
  keepFollowing.observe(ui.messages);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && running && !$("settings").open) {
      e.preventDefault();
      stop();
    }
  });
  ui.stop.addEventListener("click", stop);
  ui.newChat.addEventListener("click", newChat);
  ui.openSettings.addEventListener("click", () => settingsDialog.open());
  for (const b of document.querySelectorAll(".suggestion")) {
    b.addEventListener("click", () => {
      ui.prompt.focus();
      send(b.textContent);
    });
  }
}

async function boot() {
  renderAll();
  wire();
  const info = status.loadServeInfo();
  try {
    const { load } = await import("./edgen.js");
    edgen = await load();
    edgen.configure({ baseURL: settings.baseURL });
  } catch (err) {
    ui.loadError.textContent =
      `The Edgen client did not load (${err?.message ?? err}). ` +
      "If you run this page from a clone of the repository, run “make build” first: it makes web/edgen.wasm.";
    ui.loadError.hidden = false;
    status.failed("Not ready: the Edgen client did not load");
    return;
  }
  await info;
  ui.send.disabled = false;
  status.attach(edgen);
}

boot();
