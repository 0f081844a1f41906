// @ts-check
// The demo page: wires the views (Chat, Images, Search, Models), the list of
// chats, the settings and the server status to the edgen module (its
// public JavaScript API only).

import { loadSettings, saveSettings, defaultSettings, defaultOptions, newChat, setCurrentChatID } from "../ui/store.js";
import { openChatStore } from "../ui/chatstore.js";
import { download } from "../ui/transfer.js";
import { createStorageNotice } from "../ui/storagenotice.js";
import { createChatsSettings } from "./chatssettings.js";
import { createStatus } from "./status.js";
import { createBanner } from "./banner.js";
import { createDownloadWatch } from "./download.js";
import { createSettingsDialog } from "./settingsdialog.js";
import { createConnection } from "../ui/connection.js";
import { createChat } from "../ui/chat.js";
import { composerElements, createComposer } from "../ui/composer.js";
import { attachmentElements, createAttachments } from "../ui/attachments.js";
import { toolsNamed } from "../ui/tools.js";
import { byID } from "../ui/dom.js";
import { createChatList } from "./chatlist.js";
import { toMarkdown } from "./export.js";
import { createImagesView } from "./views/images.js";
import { createModelsView } from "./views/models.js";
import { createSearchView } from "./views/search.js";
import { createVoice } from "./views/voice.js";

/** @import { EdgenAPI } from "../edgen/edgen.js" */

/** The element of id, an HTMLElement unless type says which. */
const $ = (/** @type {string} */ id) => byID(id, HTMLElement);
const UNDO_MS = 10000;

let settings = loadSettings();
const store = await openChatStore();
/** @type {EdgenAPI | null} */
let edgen = null;
/** @type {string[]} */
let models = []; // the chat models to offer: ids from models.list

const deps = { edgen: () => edgen, baseURL: () => settings.baseURL };

const banner = createBanner({
  banner: $("fake-banner"), bannerTitle: $("fake-banner-title"), bannerText: $("fake-banner-text"),
  bannerClose: byID("fake-banner-close", HTMLButtonElement),
}, { baseURL: deps.baseURL, onChange: () => status.refresh(), onClose: () => composer.focus() });

const status = createStatus({ line: $("server-status"), text: $("status-text"), fix: $("status-fix") }, {
  baseURL: deps.baseURL,
  isFake: banner.isFake,
  onModels(ids, isEdgen) {
    // Edgen lists repositories ("owner/repo"), which its chat cannot be asked
    // for by that name ("default" or "owner/repo/file" it can): offered are
    // the ids of other servers only (ollama's are the names to send).
    models = isEdgen ? [] : ids;
    fillModelChoices();
  },
  onDiagnosis: (d) => connection.showVerdict(d),
});

const connection = createConnection({
  verdict: $("connection-verdict"), fix: $("connection-fix"), list: $("found-servers"),
  again: byID("connection-again", HTMLButtonElement),
}, {
  ...deps,
  localServers: banner.localServers,
  ownServer: banner.ownServer,
  use: (baseURL) => useServer(baseURL),
});

const watchDownload = createDownloadWatch({
  download: $("download"), bar: $("download-bar"), fill: $("download-fill"), pct: $("download-pct"), label: $("download-label"),
}, deps.edgen);

const attachments = createAttachments(attachmentElements());

const composer = createComposer(composerElements(), {
  send(text) {
    const sent = chat.send(text, attachments.list());
    if (sent) attachments.clear();
    return sent;
  },
  stop: () => chat.stop(),
  running: () => chat.running,
});

const chat = createChat({ conversation: $("conversation"), messages: $("messages"), empty: $("empty"), title: $("chat-title") }, {
  ...deps, composer, watchDownload, store, answered: () => status.refresh(), onSaved: () => list.render(),
  tools: (c) => toolsNamed(c.options.tools),
});

const list = createChatList({ list: $("chat-list"), filter: byID("chat-filter", HTMLInputElement), empty: $("chat-list-empty") }, {
  heads: store.list,
  chats: store.all,
  unsaved: store.isUnsaved,
  currentID: () => chat.current.id,
  open: (id) => openChat(id),
  async rename(id, title) {
    const c = id === chat.current.id ? chat.current : await store.load(id);
    if (!c) return;
    c.title = title;
    if (c === chat.current) chat.show(c);
    await store.save(c);
    list.render();
  },
  remove: removeChat,
});

const notice = createStorageNotice({
  box: $("storage-notice"), text: $("storage-notice-text"),
  exportAll: byID("storage-export", HTMLButtonElement), prune: byID("storage-prune", HTMLButtonElement),
}, { store, prune: showOldestChat });

const chatsSettings = createChatsSettings({
  space: $("chats-space"), exportAll: byID("chats-export", HTMLButtonElement),
  importFile: byID("chats-import", HTMLInputElement), state: $("chats-state"),
}, { store, exportAll: notice.exportAll, imported });

const settingsDialog = createSettingsDialog(
  {
    dialog: byID("settings", HTMLDialogElement), form: byID("settings-form", HTMLFormElement), reset: $("settings-reset"),
    tools: byID("set-tools", HTMLFieldSetElement),
  },
  {
    get: () => ({ options: chat.current.options, baseURL: settings.baseURL }),
    defaults: () => ({ options: defaultOptions(), baseURL: defaultSettings().baseURL }),
    save(next) {
      chat.current.options = next.options;
      if (chat.current.messages.length > 0) chat.save();
      fillModelChoices();
      useServer(next.baseURL);
    },
  },
);

/**
 * Makes baseURL the server of every chat (Settings' Server URL).
 * @param {string} baseURL
 */
function useServer(baseURL) {
  byID("set-base-url", HTMLInputElement).value = baseURL;
  if (baseURL === settings.baseURL) return;
  settings = { ...settings, baseURL };
  saveSettings(settings);
  edgen?.configure({ baseURL: settings.baseURL });
  banner.update();
  status.refresh();
}

/**
 * Opens Settings on field, with the space the chats take now, and the
 * Connection section open while the page is not connected (opening it looks at the connection and for servers on
 * this computer; closed, nothing is probed: each probe of a closed port is
 * an error in the console).
 * @param {"baseURL" | "model"} field
 */
function openSettings(field) {
  if ($("server-status").dataset.state === "down") byID("connection", HTMLDetailsElement).open = true;
  settingsDialog.open(field);
  chatsSettings.refresh();
}

/**
 * A view of the page, shown by its tab.
 * @typedef {{show(): void, hide(): void}} View
 */

/** @type {Record<string, View>} */
const views = {
  chat: { show: () => composer.focus(), hide() {} },
  images: createImagesView({
    form: byID("images-form", HTMLFormElement), prompt: byID("image-prompt", HTMLTextAreaElement),
    count: byID("image-count", HTMLInputElement), steps: byID("image-steps", HTMLInputElement),
    go: byID("image-go", HTMLButtonElement), state: $("images-state"), grid: $("image-grid"),
  }, deps),
  search: createSearchView({
    form: byID("search-form", HTMLFormElement), query: byID("search-query", HTMLInputElement),
    go: byID("search-go", HTMLButtonElement), state: $("search-state"), results: $("search-results"),
  }, { ...deps, chats: store.all, open: (id, msgID) => openChat(id, msgID) }),
  models: createModelsView({
    endpoints: $("endpoints"), state: $("models-state"), body: $("models-body"), details: $("model-details"),
    detailsTitle: $("model-details-title"), detailsList: $("model-details-list"), title: $("models-title"),
  }, { ...deps, confirm, onChange: () => status.refresh() }),
};

// --- chats ---

/**
 * Shows the chat id, and its message msgID when given.
 * @param {string} id
 * @param {string} [msgID]
 */
async function openChat(id, msgID) {
  const c = id === chat.current.id ? chat.current : await store.load(id);
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
  composer.focus();
}

/**
 * Deletes the chat id, with Undo.
 * @param {string} id
 */
async function removeChat(id) {
  const c = id === chat.current.id ? chat.current : await store.load(id);
  if (!c || chat.writing(id)) return;
  await store.remove(id);
  if (id === chat.current.id) startNewChat();
  else list.render();
  // Space was freed: a chat this tab could not save tries again.
  if (store.isUnsaved(chat.current.id)) chat.save();
  toast(`Deleted “${c.title || "New chat"}”.`, async () => {
    await store.save(c);
    openChat(c.id);
  });
}

function exportChat() {
  const c = chat.current;
  download(new Blob([toMarkdown(c)], { type: "text/markdown" }), `${(c.title || "chat").replace(/[^\w\- ]+/g, "").trim().slice(0, 60) || "chat"}.md`);
}

// The way out of a full storage: the chat list, on the oldest chat's Delete.
function showOldestChat() {
  location.hash = "#chat";
  $("chats").classList.add("open");
  $("toggle-chats").setAttribute("aria-expanded", "true");
  /** @type {HTMLElement | null} */ (document.querySelector("#chat-list li:last-child .chat-delete"))?.focus();
}

/**
 * Chats were imported: the list, and the chat on screen if it was among them.
 * @param {string[]} ids
 */
function imported(ids) {
  list.render();
  if (ids.includes(chat.current.id)) chat.changedElsewhere(chat.current.id);
}

// The model of the chat on screen: the server's models, "default", and the
// chat's own choice if the server does not list it.
function fillModelChoices() {
  const pick = byID("model-pick", HTMLSelectElement);
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

/** @type {ReturnType<typeof setTimeout> | undefined} */
let toastTimer;
/**
 * Says text for UNDO_MS, with an Undo button that calls undo.
 * @param {string} text
 * @param {() => void} undo
 */
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

/**
 * Asks the person to confirm; resolves true when they do.
 * @param {string} title
 * @param {string} text
 * @returns {Promise<boolean>}
 */
function confirm(title, text) {
  const dialog = byID("confirm", HTMLDialogElement);
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

// --- views ---

let shown = "";
function route() {
  const name = location.hash.slice(1) in views ? location.hash.slice(1) : "chat";
  if (name === shown) return;
  if (shown) views[shown].hide();
  shown = name;
  for (const el of document.querySelectorAll(".view")) {
    if (el instanceof HTMLElement) el.hidden = el.dataset.view !== name;
  }
  for (const a of document.querySelectorAll(".tab")) {
    if (!(a instanceof HTMLElement)) continue;
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (edgen) views[name].show();
}

// --- wiring ---

function wire() {
  $("new-chat").addEventListener("click", startNewChat);
  $("export-chat").addEventListener("click", exportChat);
  $("open-settings").addEventListener("click", () => openSettings("baseURL"));
  $("status-fix").addEventListener("click", () => openSettings("baseURL"));
  $("connection").addEventListener("toggle", () => {
    if (byID("connection", HTMLDetailsElement).open) connection.look();
  });
  $("chat-options").addEventListener("click", () => openSettings("model"));
  $("model-pick").addEventListener("change", () => {
    chat.current.options.model = byID("model-pick", HTMLSelectElement).value;
    if (chat.current.messages.length > 0) chat.save();
  });
  $("toggle-chats").addEventListener("click", () => {
    const open = $("chats").classList.toggle("open");
    $("toggle-chats").setAttribute("aria-expanded", String(open));
    if (open) $("new-chat").focus();
  });
  for (const b of document.querySelectorAll(".suggestion")) {
    b.addEventListener("click", () => {
      composer.text = b.textContent ?? "";
      composer.send();
    });
  }
  // Another tab saved or deleted a chat.
  store.onChange((id) => {
    list.render();
    chat.changedElsewhere(id);
  });
  addEventListener("hashchange", route);
  createVoice({ mic: byID("mic", HTMLButtonElement), file: byID("audio-file", HTMLInputElement), drop: $("drop-zone"), state: $("voice-state") },
    { ...deps, insert: composer.insert });
}

async function boot() {
  chat.show(await store.opening());
  list.render();
  fillModelChoices();
  wire();
  route();
  const info = banner.load();
  try {
    const { load } = await import("../edgen/edgen.js");
    edgen = await load();
    edgen.configure({ baseURL: settings.baseURL });
  } catch (err) {
    $("load-error").textContent =
      `The Edgen client did not load (${err instanceof Error ? err.message : err}). ` +
      "If you run this page from a clone of the repository, run “make build” first: it makes the client’s edgen.wasm.";
    $("load-error").hidden = false;
    status.failed("Not ready: the Edgen client did not load");
    return;
  }
  await info;
  chat.showComposer();
  status.attach(edgen);
  banner.poll();
  views[shown].show();
}

boot();
