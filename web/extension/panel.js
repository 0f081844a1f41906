// @ts-check
// The side panel of the Edgen chat extension (it also works when panel.html
// is opened as a tab). The chat is the demo page's own (chat.js: messages
// rendered as Markdown by render.js, kept by chatstore.js in this
// extension's IndexedDB across reloads, errors in errors.js's words, a
// failed save said by storagenotice.js, pictures attached by
// attachments.js); this file adds the panel's settings (chrome.storage: the
// server, the model, the tools), its status line, "Ask about this page" (the
// page pasted into the question, or read by the model through the open page
// tool, pagetool.js, when that is on) and the questions the context menu
// leaves (background.js). The Go
// client runs here: the loader fetches edgen.wasm from the extension itself,
// under the manifest's CSP "script-src 'self' 'wasm-unsafe-eval'".
import { load } from "../edgen/edgen.js";
import { describeError } from "../ui/errors.js";
import { createChat } from "../ui/chat.js";
import { composerElements, createComposer } from "../ui/composer.js";
import { createConnection } from "../ui/connection.js";
import { attachmentElements, createAttachments } from "../ui/attachments.js";
import { createToolPicker } from "../ui/toolpicker.js";
import { toolsNamed } from "../ui/tools.js";
import { byID } from "../ui/dom.js";
import { newChat, setCurrentChatID } from "../ui/store.js";
import { openChatStore } from "../ui/chatstore.js";
import { createStorageNotice } from "../ui/storagenotice.js";
import { loadSettings, onSettingsChanged, parseBaseURL, saveSettings } from "./panelsettings.js";
import { pageNamed, questionAbout, readActiveTab } from "./context.js";
import { PANEL_TOOLS, pageTool } from "./pagetool.js";
import { PENDING_KEY } from "./pending.js";
import { startLendPanel } from "./lend/panel.js";

/** @import { Diagnosis, EdgenAPI } from "../edgen/edgen.js" */
/** @import { PageRead } from "./context.js" */

/** The element of id, an HTMLElement. */
const $ = (/** @type {string} */ id) => byID(id, HTMLElement);
const baseURLField = byID("base-url", HTMLInputElement);
const modelField = byID("model", HTMLInputElement);
const toolPicker = createToolPicker(byID("tools", HTMLFieldSetElement), PANEL_TOOLS, "tool");

let settings = await loadSettings();
const store = await openChatStore();
/**
 * The loaded client (globalThis.edgen); null until then.
 * @type {EdgenAPI | null}
 */
let edgen = null;

const attachments = createAttachments(attachmentElements());

const composer = createComposer(composerElements(), {
  send(text) {
    chat.current.options.model = settings.model;
    chat.current.options.tools = settings.tools;
    const sent = chat.send(text, attachments.list());
    if (sent) attachments.clear();
    return sent;
  },
  stop: () => chat.stop(),
  running: () => chat.running,
});

const chat = createChat({ conversation: $("conversation"), messages: $("messages"), empty: $("empty"), title: $("chat-title") }, {
  edgen: () => edgen,
  baseURL: () => settings.baseURL,
  composer,
  // The panel shows no download progress; the status line is checked again after each answer.
  watchDownload: () => ({ stop() {} }),
  answered: () => checkServer(),
  onSaved() {},
  store,
  tools: (c) => toolsNamed(c.options.tools, PANEL_TOOLS),
});

chat.show(await store.opening());
// Another panel saved or deleted a chat.
store.onChange((id) => chat.changedElsewhere(id));
createStorageNotice({ box: $("storage-notice"), text: $("storage-notice-text"), exportAll: byID("storage-export", HTMLButtonElement) }, { store });
if (EXTENSION_BROWSER === "chrome") startLendPanel(); // the Prompt API for sites: Chrome only (lend/)

showSettings();
onSettingsChanged((next) => {
  settings = next;
  showSettings();
  if (!edgen) return; // configured once loaded
  edgen.configure({ baseURL: settings.baseURL });
  checkServer();
});

$("settings-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const note = $("settings-note");
  let url;
  try {
    url = parseBaseURL(baseURLField.value);
  } catch (err) {
    note.textContent = /** @type {Error} */ (err).message;
    return;
  }
  save(url, modelField.value);
});

/**
 * Saves the server and the model, asking for host access to the server
 * (this must run in a click), and says how it went in the settings' note.
 * @param {URL} url
 * @param {string} model
 */
function save(url, model) {
  const note = $("settings-note");
  const { saved, granted } = saveSettings(url, model, toolPicker.names);
  note.textContent = `Saved. Asking for access to ${url.origin}…`;
  saved.catch((err) => (note.textContent = `Not saved: ${err.message}`));
  granted.then(
    (ok) => (note.textContent = ok
      ? "Saved."
      : `Saved, without access to ${url.origin}: this works only if the server allows CORS (Edgen does).`),
    (err) => (note.textContent = `Saved; access to ${url.origin} was not asked: ${err.message}`),
  );
}

// The servers on this computer, in the settings: looked for when the person
// asks (Chrome lists every request a server refuses for CORS among the
// extension's errors, and ollama refuses extensions by default).
createConnection({
  verdict: $("connection-verdict"), fix: $("connection-fix"), list: $("found-servers"),
  again: byID("connection-again", HTMLButtonElement),
}, {
  edgen: () => edgen,
  baseURL: () => settings.baseURL,
  use: (baseURL) => save(new URL(baseURL), settings.model),
});


$("new-chat").addEventListener("click", () => {
  const c = newChat(chat.current.options);
  chat.show(c);
  setCurrentChatID(c.id);
  $("context-note").textContent = "";
  composer.focus();
});
$("ask-page").addEventListener("click", async () => {
  $("context-note").textContent = "Reading the page…";
  try {
    ask(await readActiveTab(), settings.tools.includes(pageTool.name));
  } catch (err) {
    $("context-note").textContent = sentence(err);
  }
});

// The context menu's question (background.js) waits in storage.session until a panel takes it.
chrome.storage.session.onChanged.addListener((changes) => {
  if (changes[PENDING_KEY]?.newValue) takePending();
});

/**
 * The message of err as a sentence for the panel: without "edgen: ", capitalized.
 * @param {unknown} err
 */
function sentence(err) {
  const words = String(/** @type {Error} */ (err)?.message).replace(/^edgen: /, "");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Asks the message box's question (or a default one) about what was read
 * from a page: with the open page tool on, the question alone (the model
 * reads the page when it needs it), else with what was read pasted in.
 * @param {PageRead} read
 * @param {boolean} byTool
 */
function ask(read, byTool) {
  const { content, note } = byTool ? aboutByTool(read) : questionAbout(composer.text, read);
  if (composer.send(content)) $("context-note").textContent = note;
  else $("context-note").textContent = "Wait for the answer to finish (or stop it), then ask again.";
}

/**
 * The question about read for the open page tool: the message box's, or
 * a default one, and the note that says so.
 * @param {PageRead} read
 */
function aboutByTool(read) {
  const where = pageNamed(read);
  const selected = read.selection !== "";
  return {
    content: composer.text.trim() || (selected ? "Explain the text I selected on this page." : "Summarize this page."),
    note: `Asked about ${where}: the model reads it with the open page tool when it needs it.`,
  };
}

async function takePending() {
  if (!edgen) return; // taken once the client has loaded
  /** @type {{[PENDING_KEY]?: PageRead}} */
  const { [PENDING_KEY]: pending } = await chrome.storage.session.get(PENDING_KEY);
  if (!pending) return;
  await chrome.storage.session.remove(PENDING_KEY);
  try {
    ask(pending, false); // the menu's selection is what was read, at the click
  } catch (err) {
    $("context-note").textContent = sentence(err);
  }
}

$("status").textContent = "Loading the Edgen client…";
try {
  const loaded = await load({ wasmURL: new URL("edgen.wasm", import.meta.url).href });
  loaded.configure({ baseURL: settings.baseURL }); // the settings as they are now, after the wait
  edgen = loaded;
  chat.showComposer();
  byID("ask-page", HTMLButtonElement).disabled = false;
  await checkServer();
  takePending();
} catch (err) {
  $("status").textContent = `The Edgen client did not load: ${/** @type {Error} */ (err).message}`;
  console.error(err);
}

/** Shows whether Edgen answers at the configured address, and if not, why. */
async function checkServer() {
  if (!edgen) return;
  const at = settings.baseURL;
  const line = $("status");
  line.textContent = `Connecting to ${at}…`;
  try {
    const v = await edgen.misc.version();
    if (settings.baseURL !== at) return;
    line.textContent = `Edgen ${v.major}.${v.minor}.${v.patch} at ${at}`;
    showDoctor(null);
  } catch (err) {
    if (settings.baseURL !== at) return;
    line.textContent = describeError(err, edgen, at).title;
    const d = await edgen.diagnose(at);
    if (settings.baseURL !== at) return;
    line.textContent = d.title; // also when a server answers that is not Edgen
    showDoctor(d.ok ? null : d);
  }
}

/**
 * Shows the doctor's fix under the status line, with a button that asks
 * for host access to the server when its refusal of this extension's
 * origin (CORS) is the cause: an extension with access needs no CORS.
 * @param {Diagnosis | null} d null: nothing to fix
 */
async function showDoctor(d) {
  const allow = byID("allow-host", HTMLButtonElement);
  $("doctor").hidden = !d;
  $("doctor-fix").textContent = d?.fix ?? "";
  allow.hidden = true;
  if (d?.reason !== "refuses-origin") return;
  const origins = [`${new URL(d.baseURL).origin}/*`];
  if (await chrome.permissions.contains({ origins })) return;
  allow.textContent = `Allow the extension to reach ${new URL(d.baseURL).origin}`;
  allow.hidden = false;
  allow.onclick = () => {
    chrome.permissions.request({ origins }).then((ok) => { if (ok) checkServer(); }, () => {});
  };
}

function showSettings() {
  baseURLField.value = settings.baseURL;
  modelField.value = settings.model;
  toolPicker.names = settings.tools;
}
