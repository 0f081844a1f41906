// @ts-check
// A picture chosen, pasted or dropped, made ready to send: a data URL, as
// OpenAI's image parts take it. Big pictures are scaled down first (models
// see pictures at about 1,000 px anyway, and the chat keeps them), and
// encoded again as JPEG; small ones of a common type are sent as they are.

/** The longest side of a picture sent, in pixels. */
export const MAX_SIDE = 1024;

/** The largest file sent as it is, in bytes. */
const MAX_BYTES = 512 * 1024;

/** The types every server that reads pictures decodes. */
const KEPT_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

/**
 * The data URL of file as it will be sent. Rejects, with words for the
 * person, what is not a picture the browser can decode.
 * @param {File} file
 * @returns {Promise<string>}
 */
export async function pictureURL(file) {
  if (!file.type.startsWith("image/")) throw new Error(`${file.name || "This file"} is not a picture.`);
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (err) {
    throw new Error(`${file.name || "This picture"} could not be read as a picture.`, { cause: err });
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= MAX_BYTES && KEPT_TYPES.has(file.type)) return await dataURL(file);
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.fillStyle = "#fff"; // JPEG has no transparency: what was clear becomes white
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/jpeg", 0.85);
  } finally {
    bitmap.close();
  }
}

/**
 * The data URL of blob.
 * @param {Blob} blob
 * @returns {Promise<string>}
 */
function dataURL(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(/** @type {string} */ (reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
