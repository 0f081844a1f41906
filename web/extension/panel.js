// The chat panel of the Edgen chat extension (side panel; it also works when
// panel.html is opened as a tab). The Go client runs here, in the page: the
// loader fetches edgen.wasm from the extension itself, under the manifest's
// CSP "script-src 'self' 'wasm-unsafe-eval'".
import { load } from "./edgen.js";
import { describeError } from "./errors.js";
import { Transcript } from "./transcript.js";
import { loadSettings, onSettingsChanged, parseBaseURL, saveSettings } from "./settings.js";

const $ = (id) => document.getElementById(id);
const ui = {
  status: $("status"),
  newChat: $("new-chat"),
  settings: $("settings-form"),
  baseURL: $("base-url"),
  model: $("model"),
  settingsNote: $("settings-note"),
  composer: $("composer"),
  prompt: $("prompt"),
  send: $("send"),
  stop: $("stop"),
};
const transcript = new Transcript($("log"));

let settings = await loadSettings();
/** The conversation sent with every request: {role, content} messages. */
let messages = [];
/** Aborts the answer being streamed; null when idle. */
let running = null;
/** The loaded client (globalThis.edgen); null until then. */
let edgen = null;

showSettings();
onSettingsChanged((next) => {
  settings = next;
  showSettings();
  if (!edgen) return; // configured once loaded
  edgen.configure({ baseURL: settings.baseURL });
  checkServer();
});

ui.settings.addEventListener("submit", (ev) => {
  ev.preventDefault();
  let url;
  try {
    url = parseBaseURL(ui.baseURL.value);
  } catch (err) {
    ui.settingsNote.textContent = err.message;
    return;
  }
  const { saved, granted } = saveSettings(url, ui.model.value);
  ui.settingsNote.textContent = `Saved. Asking for access to ${url.origin}…`;
  saved.catch((err) => (ui.settingsNote.textContent = `Not saved: ${err.message}`));
  granted.then(
    (ok) =>
      (ui.settingsNote.textContent = ok
        ? "Saved."
        : `Saved, without access to ${url.origin}: this works only if the server allows CORS (Edgen does).`),
    (err) => (ui.settingsNote.textContent = `Saved; access to ${url.origin} was not asked: ${err.message}`),
  );
});

ui.composer.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = ui.prompt.value.trim();
  if (text === "" || running || !edgen) return;
  ui.prompt.value = "";
  ask(text);
});

ui.prompt.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    ui.composer.requestSubmit();
  }
});

ui.stop.addEventListener("click", () => running?.abort());

ui.newChat.addEventListener("click", () => {
  running?.abort();
  messages = [];
  transcript.clear();
});

setBusy(false, "Loading the Edgen client…");
try {
  const loaded = await load({ wasmURL: new URL("edgen.wasm", import.meta.url).href });
  loaded.configure({ baseURL: settings.baseURL }); // the settings as they are now, after the wait
  edgen = loaded;
  setBusy(false);
  checkServer();
} catch (err) {
  setBusy(false, `The Edgen client did not load: ${err.message}`);
  console.error(err);
}

/** Sends the conversation plus text and streams the answer into the transcript. */
async function ask(text) {
  const convo = messages; // "New chat" starts another array while this answer winds down
  const turn = { role: "user", content: text };
  convo.push(turn);
  transcript.add("user", text);
  const answer = transcript.add("assistant");
  const controller = new AbortController();
  running = controller;
  setBusy(true);
  let reply = "";
  try {
    const stream = edgen.chat(
      { model: settings.model, messages: [...convo], stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      const delta = chunk.choices?.[0]?.delta?.content ?? "";
      if (delta === "") continue;
      reply += delta;
      answer.append(delta);
    }
  } catch (err) {
    if (err instanceof edgen.APIUserAbortError) {
      answer.note("Stopped.");
    } else {
      answer.note(describe(err), "error");
    }
  } finally {
    if (reply !== "") {
      convo.push({ role: "assistant", content: reply });
    } else {
      convo.splice(convo.indexOf(turn), 1); // nothing came back: let the user ask again
    }
    running = null;
    setBusy(false);
  }
}

/** Shows whether Edgen answers at the configured address. */
async function checkServer() {
  const at = settings.baseURL;
  ui.status.textContent = `Connecting to ${at}…`;
  try {
    const v = await edgen.misc.version();
    if (settings.baseURL === at) ui.status.textContent = `Edgen ${v.major}.${v.minor}.${v.patch} at ${at}`;
  } catch (err) {
    if (settings.baseURL === at) ui.status.textContent = describe(err);
  }
}

/** What went wrong, in words for the user (the demo page's wording, web/errors.js). */
function describe(err) {
  const { kind, title, text } = describeError(err, edgen, settings.baseURL);
  return `${title} ${text} (${kind})`;
}

function showSettings() {
  ui.baseURL.value = settings.baseURL;
  ui.model.value = settings.model;
}

/** Switches the composer between idle and answering; status, when given, replaces the status line. */
function setBusy(busy, status) {
  ui.send.disabled = busy || !edgen;
  ui.stop.disabled = !busy || !running;
  if (status !== undefined) ui.status.textContent = status;
}
