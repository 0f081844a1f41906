// @ts-check
// The Images view: a prompt becomes images through images.generate, each
// shown as a picture (the bytes are PNG files) with a link to download it,
// and kept (imagestore.js), so a reload shows them again.

import { node } from "../../ui/render.js";
import { describeError } from "../../ui/errors.js";
import { keepImages, keptImages } from "../imagestore.js";

/** @import { ClientDeps } from "../../ui/chat.js" */
/** @import { ImageGenerateParams } from "../../edgen/edgen.js" */

/**
 * Creates the view over its elements.
 * @param {{form: HTMLFormElement, prompt: HTMLTextAreaElement, count: HTMLInputElement, steps: HTMLInputElement,
 *   go: HTMLButtonElement, state: HTMLElement, grid: HTMLElement}} els
 * @param {ClientDeps} deps
 */
export function createImagesView(els, deps) {
  let made = 0; // images shown, for the numbers of those not kept
  const shown = keptImages().then(async (kept) => {
    made = kept.length;
    els.grid.append(...await Promise.all(kept.map((r) => imageItem(r.blob, r.prompt, r.n))));
  });

  els.form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const edgen = deps.edgen();
    const prompt = els.prompt.value.trim();
    if (!edgen || !prompt) return;
    /** @type {ImageGenerateParams} */
    const params = { prompt, model: "default", images: clamp(els.count.value, 1, 4, 1) };
    if (els.steps.value.trim()) params.steps = clamp(els.steps.value, 1, 100, 20);
    els.go.disabled = true;
    els.state.textContent = "Generating…";
    try {
      const out = await edgen.images.generate(params);
      const blobs = (Array.isArray(out?.images) ? out.images : []).map((bytes) => new Blob([Uint8Array.from(bytes)], { type: "image/png" }));
      let said = blobs.length === 1 ? "1 image." : `${blobs.length} images.`;
      await shown;
      /** @type {{blob: Blob, n: number}[]} */
      let images;
      try {
        images = await keepImages(prompt, blobs);
      } catch (err) {
        images = blobs.map((blob) => ({ blob, n: ++made }));
        said += ` Not kept for later: ${/** @type {Error} */ (err).message}`;
      }
      made = Math.max(made, ...images.map((i) => i.n));
      els.grid.prepend(...(await Promise.all(images.map((i) => imageItem(i.blob, prompt, i.n)))).reverse());
      els.state.textContent = said;
    } catch (err) {
      const d = describeError(err, edgen, { baseURL: deps.baseURL() });
      els.state.textContent = `${d.title} ${d.text}`;
    } finally {
      els.go.disabled = false;
    }
  });

  return { show() {}, hide() {} };
}

/**
 * The item of one image: the picture, the prompt, a download link.
 * @param {Blob} blob the PNG file
 * @param {string} prompt
 * @param {number} n
 */
async function imageItem(blob, prompt, n) {
  const url = URL.createObjectURL(blob);
  const li = node("li", "image-item");
  // An <img>, not a canvas: WebKit shows a canvas blank once its view has
  // been hidden and shown again.
  const picture = node("img", "image-picture");
  picture.alt = `Image ${n}: ${prompt}`;
  picture.src = url;
  try {
    await picture.decode();
  } catch {
    picture.alt = `Image ${n} could not be decoded`;
  }
  const link = node("a", "btn btn-quiet", "Download");
  link.href = url;
  link.download = `edgen-image-${n}.png`;
  link.setAttribute("aria-label", `Download image ${n}`);
  const caption = node("p", "image-caption", prompt);
  li.append(picture, caption, link);
  return li;
}

/**
 * raw as a whole number from min to max; fallback when it is none.
 * @param {string} raw
 * @param {number} min
 * @param {number} max
 * @param {number} fallback
 */
function clamp(raw, min, max, fallback) {
  const n = Math.round(Number(raw));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
