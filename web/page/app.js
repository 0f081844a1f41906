// The demo page: wires the views (Chat, Images, Search, Models), the list of
// chats, the settings and the server status to the edgen module (its
// public JavaScript API only).

import {
  loadSettings, saveSettings, defaultSettings, defaultOptions, listChats, loadChat, newChat,
  deleteChat, saveChat, currentChatID, setCurrentChatID, isChatKey, chatIDOf,
} from "../ui/store.js";
import { createStatus } from "./status.js";
import { createSettingsDialog } from "./settings.js";
import { createChat } from "../ui/chat.js";
import { createChatList } from "./chatlist.js";
import { toMarkdown } from "./export.js";
import { createImagesView } from "./views/images.js";
import { createModelsView } from "./views/models.js";
import { createSearchView } from "./views/search.js";
import { createVoice } from "./views/voice.js";

const $ = (id) => document.getElementById(id);
const UNDO_MS = 10000;

let settings = loadSettings();
let edgen = null;
let models = []; // the chat models to offer: ids from models.list

const deps = { edgen: () => edgen, baseURL: () => settings.baseURL };

const status = createStatus({
  line: $("server-status"), text: $("status-text"),
  banner: $("fake-banner"), bannerTitle: $("fake-banner-title"), bannerText: $("fake-banner-text"), bannerClose: $("fake-banner-close"),
  download: $("download"), bar: $("download-bar"), fill: $("download-fill"),
  pct: $("download-pct"), label: $("download-label"),
}, settings.baseURL, (ids, isEdgen) => {
  // Edgen lists repositories ("owner/repo"), which its chat cannot be asked
  // for by that name ("default" or "owner/repo/file" it can): offered are
  // the ids of other servers only (ollama's are the names to send).
  models = isEdgen ? [] : ids;
  fillModelChoices();
});

const chat = createChat({
  conversation: $("conversation"), messages: $("messages"), empty: $("empty"), title: $("chat-title"), prompt: $("prompt"),
  send: $("send"), stop: $("stop"), busyNote: $("composer-busy"),
}, { ...deps, status, onSaved: () => list.render() });

const list = createChatList({ list: $("chat-list"), filter: $("chat-filter"), empty: $("chat-list-empty") }, {
  chats: listChats,
  currentID: () => chat.current.id,
  open: (id) => openChat(id),
  rename(id, title) {
    const c = id === chat.current.id ? chat.current : loadChat(id);
    if (!c) return;
    c.title = title;
    if (c === chat.current) chat.show(c);
    saveChat(c);
  },
  remove: removeChat,
});

const settingsDialog = createSettingsDialog(
  { dialog: $("settings"), form: $("settings-form"), reset: $("settings-reset") },
  {
    get: () => ({ options: chat.current.options, baseURL: settings.baseURL }),
    defaults: () => ({ options: defaultOptions(), baseURL: defaultSettings().baseURL }),
    save(next) {
      chat.current.options = next.options;
      if (chat.current.messages.length > 0) chat.save();
      fillModelChoices();
      if (next.baseURL !== settings.baseURL) {
        settings = { ...settings, baseURL: next.baseURL };
        saveSettings(settings);
        edgen?.configure({ baseURL: settings.baseURL });
        status.setBaseURL(settings.baseURL);
      }
    },
  },
);

const views = {
  chat: { show: () => $("prompt").focus(), hide() {} },
  images: createImagesView({
    form: $("images-form"), prompt: $("image-prompt"), count: $("image-count"), steps: $("image-steps"),
    go: $("image-go"), state: $("images-state"), grid: $("image-grid"),
  }, deps),
  search: createSearchView({
    form: $("search-form"), query: $("search-query"), go: $("search-go"), state: $("search-state"), results: $("search-results"),
  }, { ...deps, chats: listChats, open: (id, msgID) => openChat(id, msgID) }),
  models: createModelsView({
    endpoints: $("endpoints"), state: $("models-state"), body: $("models-body"), details: $("model-details"),
    detailsTitle: $("model-details-title"), detailsList: $("model-details-list"), title: $("models-title"),
  }, { ...deps, confirm, onChange: () => status.refresh() }),
};

// --- chats ---

function openChat(id, msgID) {
  const c = id === chat.current.id ? chat.current : loadChat(id);
  if (!c) return;
  chat.show(c);
  setCurrentChatID(c.id);
  fillModelChoices();
  list.render();
  closeDrawer();
  if (location.hash !== "#chat" && location.hash !== "") location.hash = "#chat";
  if (msgID) {
    const el = document.querySelector(`#messages [data-id="${CSS.escape(msgID)}"]`);
    el?.scrollIntoView({ block: "center" });
    el?.classList.add("found");
    setTimeout(() => el?.classList.remove("found"), 2000);
  }
}

function startNewChat() {
  const c = newChat(chat.current.options);
  chat.show(c);
  setCurrentChatID(c.id);
  fillModelChoices();
  list.render();
  closeDrawer();
  $("prompt").focus();
}

function removeChat(id) {
  const c = id === chat.current.id ? chat.current : loadChat(id);
  if (!c || chat.writing(id)) return;
  deleteChat(id);
  if (id === chat.current.id) startNewChat();
  else list.render();
  toast(`Deleted “${c.title || "New chat"}”.`, () => {
    saveChat(c);
    openChat(c.id);
  });
}

function exportChat() {
  const c = chat.current;
  const blob = new Blob([toMarkdown(c)], { type: "text/markdown" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${(c.title || "chat").replace(/[^\w\- ]+/g, "").trim().slice(0, 60) || "chat"}.md`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// The model of the chat on screen: the server's models, "default", and the
// chat's own choice if the server does not list it.
function fillModelChoices() {
  const pick = $("model-pick");
  const current = chat.current.options.model || "default";
  const ids = [...new Set(["default", ...models, current])];
  pick.replaceChildren(...ids.map((id) => {
    const o = document.createElement("option");
    o.value = id;
    o.textContent = id === "default" ? "default (the server's)" : id;
    return o;
  }));
  pick.value = current;
  $("model-list").replaceChildren(...models.map((id) => Object.assign(document.createElement("option"), { value: id })));
}

// --- small pieces of UI ---

let toastTimer = 0;
function toast(text, undo) {
  const box = $("toast");
  $("toast-text").textContent = text;
  box.hidden = false;
  const button = $("toast-undo");
  button.onclick = () => {
    box.hidden = true;
    undo();
  };
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), UNDO_MS);
}

function confirm(title, text) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true }));
}

function closeDrawer() {
  $("chats").classList.remove("open");
  $("toggle-chats").setAttribute("aria-expanded", "false");
}

function autosize() {
  const p = $("prompt");
  p.style.height = "auto";
  p.style.height = `${Math.min(p.scrollHeight, 200)}px`;
}

function insertText(text) {
  const p = $("prompt");
  p.value = p.value.trim() ? `${p.value.trimEnd()} ${text}` : text;
  autosize();
  p.focus();
}

// --- views ---

let shown = "";
function route() {
  const name = location.hash.slice(1) in views ? location.hash.slice(1) : "chat";
  if (name === shown) return;
  if (shown) views[shown].hide();
  shown = name;
  for (const el of document.querySelectorAll(".view")) el.hidden = el.dataset.view !== name;
  for (const a of document.querySelectorAll(".tab")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (edgen) views[name].show();
}

// --- wiring ---

function send() {
  const p = $("prompt");
  if (chat.send(p.value)) {
    p.value = "";
    autosize();
  }
  p.focus();
}

function wire() {
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    send();
  });
  $("prompt").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  $("prompt").addEventListener("input", autosize);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && chat.running && !document.querySelector("dialog[open]")) {
      e.preventDefault();
      chat.stop();
    }
  });
  $("stop").addEventListener("click", () => chat.stop());
  $("new-chat").addEventListener("click", startNewChat);
  $("export-chat").addEventListener("click", exportChat);
  $("open-settings").addEventListener("click", () => settingsDialog.open("baseURL"));
  $("chat-options").addEventListener("click", () => settingsDialog.open("model"));
  $("model-pick").addEventListener("change", (e) => {
    chat.current.options.model = e.target.value;
    if (chat.current.messages.length > 0) chat.save();
  });
  $("toggle-chats").addEventListener("click", () => {
    const open = $("chats").classList.toggle("open");
    $("toggle-chats").setAttribute("aria-expanded", String(open));
    if (open) $("new-chat").focus();
  });
  for (const b of document.querySelectorAll(".suggestion")) {
    b.addEventListener("click", () => {
      $("prompt").value = b.textContent;
      send();
    });
  }
  // Another tab saved or deleted a chat.
  addEventListener("storage", (e) => {
    if (e.key === null || isChatKey(e.key)) {
      list.render();
      if (e.key) chat.changedElsewhere(chatIDOf(e.key));
    }
  });
  addEventListener("hashchange", route);
  createVoice({ mic: $("mic"), file: $("audio-file"), drop: $("drop-zone"), state: $("voice-state") },
    { ...deps, insert: insertText });
}

async function boot() {
  // This tab's chat (a new one stays new across a reload), else the newest.
  const id = currentChatID();
  const first = id ? loadChat(id) ?? { ...newChat(), id } : listChats()[0] ?? newChat();
  chat.show(first);
  setCurrentChatID(first.id);
  list.render();
  fillModelChoices();
  wire();
  route();
  const info = status.loadServeInfo();
  try {
    const { load } = await import("../edgen/edgen.js");
    edgen = await load();
    edgen.configure({ baseURL: settings.baseURL });
  } catch (err) {
    $("load-error").textContent =
      `The Edgen client did not load (${err?.message ?? err}). ` +
      "If you run this page from a clone of the repository, run “make build” first: it makes the client’s edgen.wasm.";
    $("load-error").hidden = false;
    status.failed("Not ready: the Edgen client did not load");
    return;
  }
  await info;
  chat.updateComposer();
  status.attach(edgen);
  views[shown].show();
}

boot();
