// @ts-check
// Voice: the microphone button records (MediaRecorder) and a dropped or
// picked audio file does the same; both go to audio.transcriptions.create
// and the text lands in the message box. Audio the browser can decode is
// sent as 16 kHz mono WAV (whisper's rate; Edgen cannot decode the Opus
// that MediaRecorder makes), anything else as it is. The first
// transcription asks Edgen for a session, later ones continue it (Edgen
// keeps the context of earlier recordings in it); a session Edgen no longer
// has is started again.

import { describeError } from "../../ui/errors.js";
import { toWAV } from "./wav.js";

/** @import { ClientDeps } from "../../ui/chat.js" */
/** @import { EdgenAPI, Transcription, TranscriptionCreateParams } from "../../edgen/edgen.js" */

/**
 * Creates the voice controls.
 * @param {{mic: HTMLButtonElement, file: HTMLInputElement, drop: HTMLElement, state: HTMLElement}} els
 * @param {ClientDeps & {insert(text: string): void}} deps
 */
export function createVoice(els, deps) {
  let session = ""; // Edgen's transcription session, once it gave one
  /** @type {MediaRecorder | null} */
  let recorder = null;

  /**
   * @param {EdgenAPI} edgen
   * @param {File} file
   * @returns {Promise<Transcription>}
   */
  async function send(edgen, file) {
    /** @type {TranscriptionCreateParams} */
    const params = { file, model: "default" };
    if (session) params.session = session;
    else params.create_session = true;
    try {
      return await edgen.audio.transcriptions.create(params);
    } catch (err) {
      if (!session || !lostSession(err)) throw err;
      session = "";
      return send(edgen, file);
    }
  }

  /** @param {File} original */
  async function transcribe(original) {
    const edgen = deps.edgen();
    if (!edgen) return;
    say("Transcribing…");
    try {
      const out = await send(edgen, await toWAV(original));
      if (typeof out?.session === "string" && out.session) session = out.session;
      const text = typeof out?.text === "string" ? out.text.trim() : "";
      if (text) deps.insert(text);
      say(text ? "Transcribed: the text is in the message box." : "The recording had no words in it.");
    } catch (err) {
      const d = describeError(err, edgen, { baseURL: deps.baseURL() });
      say(`${d.title} ${d.text}`);
    }
  }

  /** @param {string} text */
  function say(text) {
    els.state.textContent = text;
  }

  async function toggleRecording() {
    if (recorder) {
      recorder.stop();
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      say(`The microphone is not available (${err instanceof Error ? err.message : err}). You can drop or pick an audio file instead.`);
      return;
    }
    /** @type {Blob[]} */
    const chunks = [];
    const rec = new MediaRecorder(stream);
    recorder = rec;
    rec.addEventListener("dataavailable", (e) => e.data.size && chunks.push(e.data));
    rec.addEventListener("stop", () => {
      for (const t of stream.getTracks()) t.stop();
      const type = rec.mimeType || "audio/webm";
      recorder = null;
      els.mic.setAttribute("aria-pressed", "false");
      els.mic.textContent = "Record";
      const ext = type.includes("ogg") ? "ogg" : "webm";
      transcribe(new File(chunks, `recording.${ext}`, { type }));
    });
    rec.start();
    els.mic.setAttribute("aria-pressed", "true");
    els.mic.textContent = "Stop recording";
    const started = Date.now();
    const tick = () => {
      const secs = Math.floor((Date.now() - started) / 1000);
      say(`Recording ${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}… press Stop recording when you are done.`);
    };
    tick();
    const clock = setInterval(tick, 500);
    rec.addEventListener("stop", () => clearInterval(clock), { once: true });
  }

  els.mic.addEventListener("click", toggleRecording);
  els.file.addEventListener("change", () => {
    const f = els.file.files?.[0];
    els.file.value = "";
    if (f) transcribe(f);
  });
  els.drop.addEventListener("dragover", (e) => {
    if ([...(e.dataTransfer?.items ?? [])].some((i) => i.kind === "file")) {
      e.preventDefault();
      els.drop.classList.add("dropping");
    }
  });
  els.drop.addEventListener("dragleave", () => els.drop.classList.remove("dropping"));
  els.drop.addEventListener("drop", (e) => {
    els.drop.classList.remove("dropping");
    const f = [...(e.dataTransfer?.files ?? [])][0];
    if (!f) return;
    e.preventDefault();
    if (f.type.startsWith("audio/") || f.type.startsWith("video/") || f.type === "") transcribe(f);
    else say(`${f.name} is not an audio file.`);
  });
}

// lostSession tells Edgen's answer to a session it does not have (ended
// after idling): 500 {"error":"endpoint","SessionNotFound":null}.
/** @param {any} err */
function lostSession(err) {
  const body = err?.error;
  return Boolean(body && typeof body === "object" && "SessionNotFound" in body);
}
