// @ts-check
// The message box, as the page and the extension panel both have it: Enter
// sends, Shift+Enter starts a new line, Escape (or Stop) stops the answer,
// the box grows with its text, and Send, Stop and the note "another tab is
// answering" follow the chat's state (show()).

import { byID } from "./dom.js";

/** The tallest the box grows, in pixels, before it scrolls. */
const MAX_HEIGHT = 200;

/**
 * The composer's elements.
 * @typedef {object} ComposerElements
 * @property {HTMLFormElement} form
 * @property {HTMLTextAreaElement} prompt
 * @property {HTMLButtonElement} send
 * @property {HTMLButtonElement} stop
 * @property {HTMLElement} busyNote says that another tab is answering in this chat
 */

/**
 * The composer's elements by the ids the page and the panel both give them.
 * @returns {ComposerElements}
 */
export function composerElements() {
  return {
    form: byID("composer", HTMLFormElement), prompt: byID("prompt", HTMLTextAreaElement),
    send: byID("send", HTMLButtonElement), stop: byID("stop", HTMLButtonElement), busyNote: byID("composer-busy", HTMLElement),
  };
}

/**
 * What the composer does.
 * @typedef {object} ComposerHandlers
 * @property {(text: string) => boolean} send sends text; false when it was not sent
 * @property {() => void} stop stops the answer this tab streams
 * @property {() => boolean} running whether this tab streams an answer
 */

/**
 * The state Send and Stop show.
 * @typedef {object} ComposerState
 * @property {boolean} ready the client has loaded
 * @property {boolean} mine this tab streams an answer (Stop shows)
 * @property {boolean} elsewhere another tab streams an answer into this chat
 */

/**
 * Wires the message box.
 * @param {ComposerElements} els
 * @param {ComposerHandlers} handlers
 */
export function createComposer(els, handlers) {
  const box = els.prompt;

  function autosize() {
    box.style.height = "auto";
    box.style.height = `${Math.min(box.scrollHeight, MAX_HEIGHT)}px`;
  }

  /**
   * Sends text (default: what the box holds); the box empties when it was
   * sent, and has the focus either way.
   * @param {string} [text]
   */
  function send(text = box.value) {
    const sent = handlers.send(text);
    if (sent) {
      box.value = "";
      autosize();
    }
    box.focus();
    return sent;
  }

  els.form.addEventListener("submit", (e) => {
    e.preventDefault();
    send();
  });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  box.addEventListener("input", autosize);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && handlers.running() && !document.querySelector("dialog[open]")) {
      e.preventDefault();
      handlers.stop();
    }
  });
  els.stop.addEventListener("click", () => handlers.stop());

  return {
    send,
    /** The text in the box. */
    get text() {
      return box.value;
    },
    /** Puts text in the box, in place of what it held. */
    set text(value) {
      box.value = value;
      autosize();
    },
    /**
     * Adds text at the end of the box (after a space), and focuses it.
     * @param {string} text
     */
    insert(text) {
      box.value = box.value.trim() ? `${box.value.trimEnd()} ${text}` : text;
      autosize();
      box.focus();
    },
    focus() {
      box.focus();
    },
    /**
     * Shows state: Stop while this tab answers, else Send (disabled until
     * the client is ready and while another tab answers in this chat).
     * @param {ComposerState} state
     */
    show({ ready, mine, elsewhere }) {
      const focused = document.activeElement;
      els.send.hidden = mine;
      els.stop.hidden = !mine;
      els.send.disabled = !ready || elsewhere;
      els.busyNote.hidden = !elsewhere;
      if (focused === els.send || focused === els.stop) box.focus();
    },
  };
}

/** @typedef {ReturnType<typeof createComposer>} Composer */
