// @ts-check
// The pictures waiting beside the message box: chosen with the Picture
// button, pasted into the box, or dropped on it. Each shows as a small
// thumbnail with a button that removes it, until the question they go
// with is sent.

import { byID, node } from "./dom.js";
import { pictureURL } from "./picture.js";

/** The most pictures one question carries. */
export const MAX_PICTURES = 4;

/**
 * The elements of the attachments.
 * @typedef {object} AttachmentElements
 * @property {HTMLInputElement} file the file input of the Picture button
 * @property {HTMLTextAreaElement} prompt the message box, where pictures are pasted
 * @property {HTMLElement} drop where pictures are dropped
 * @property {HTMLElement} row the thumbnails
 * @property {HTMLElement} note says what happened (a role="status" element)
 */

/**
 * The attachments' elements by the ids the page and the panel both give them.
 * @returns {AttachmentElements}
 */
export function attachmentElements() {
  return {
    file: byID("picture-file", HTMLInputElement), prompt: byID("prompt", HTMLTextAreaElement), drop: byID("drop-zone", HTMLElement),
    row: byID("attachments", HTMLElement), note: byID("picture-state", HTMLElement),
  };
}

/**
 * Wires the attachments over els.
 * @param {AttachmentElements} els
 */
export function createAttachments(els) {
  /** @type {string[]} */
  let urls = [];

  /** @param {string} text */
  function say(text) {
    els.note.textContent = text;
  }

  /** @param {File[]} files */
  async function add(files) {
    const pictures = files.filter((f) => f.type.startsWith("image/"));
    if (pictures.length === 0) return;
    say(pictures.length === 1 ? "Preparing the picture…" : "Preparing the pictures…");
    /** @type {string[]} */
    const problems = [];
    for (const f of pictures) {
      if (urls.length >= MAX_PICTURES) {
        problems.push(`A message takes at most ${MAX_PICTURES} pictures.`);
        break;
      }
      try {
        urls.push(await pictureURL(f));
      } catch (err) {
        problems.push(/** @type {Error} */ (err).message);
      }
    }
    draw();
    say(problems.length > 0 ? problems.join(" ") : urls.length === 1 ? "1 picture will go with your message." : `${urls.length} pictures will go with your message.`);
  }

  function draw() {
    els.row.hidden = urls.length === 0;
    els.row.replaceChildren(...urls.map((url, i) => {
      const li = node("li", "attachment");
      const img = node("img");
      img.src = url;
      img.alt = `Picture ${i + 1}`;
      const remove = node("button", "attachment-remove", "×");
      remove.type = "button";
      remove.setAttribute("aria-label", `Remove picture ${i + 1}`);
      remove.addEventListener("click", () => {
        urls = urls.filter((_, j) => j !== i);
        draw();
        say(`Picture ${i + 1} removed.`);
        els.prompt.focus();
      });
      li.append(img, remove);
      return li;
    }));
  }

  els.file.addEventListener("change", () => {
    const files = [...(els.file.files ?? [])];
    els.file.value = "";
    add(files);
  });
  els.prompt.addEventListener("paste", (e) => {
    const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith("image/"));
    if (files.length === 0) return; // text is pasted as text
    e.preventDefault();
    add(files);
  });
  els.drop.addEventListener("dragover", (e) => {
    if ([...(e.dataTransfer?.items ?? [])].some((i) => i.kind === "file" && i.type.startsWith("image/"))) {
      e.preventDefault();
      els.drop.classList.add("dropping");
    }
  });
  els.drop.addEventListener("dragleave", () => els.drop.classList.remove("dropping"));
  els.drop.addEventListener("drop", (e) => {
    const files = [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith("image/"));
    if (files.length === 0) return;
    e.preventDefault();
    els.drop.classList.remove("dropping");
    add(files);
  });
  draw();

  return {
    /** The pictures waiting, as data URLs. */
    list() {
      return [...urls];
    },
    /** Empties the row (its pictures were sent). */
    clear() {
      if (urls.length === 0) return;
      urls = [];
      draw();
      say("");
    },
  };
}

/** @typedef {ReturnType<typeof createAttachments>} Attachments */
