// @ts-check
// The generated images, kept as Blobs (their PNG files) in the page's
// database (ui/db.js), so the Images view shows them again after a reload.

import { openDatabase, storageProblem } from "../ui/db.js";
import { newID } from "../ui/store.js";

/** @import { ImageRecord } from "../ui/db.js" */

/**
 * Every kept image, newest first; none where the browser keeps nothing.
 * @returns {Promise<ImageRecord[]>}
 */
export async function keptImages() {
  try {
    const images = await (await openDatabase()).getAll("images");
    return images.filter((r) => r.blob instanceof Blob).sort((a, b) => b.n - a.n);
  } catch {
    return [];
  }
}

/**
 * Keeps the images of one prompt, numbered after those kept, and returns
 * their records; it rejects with the problem in words (storage full) and
 * then keeps none of them.
 * @param {string} prompt
 * @param {Blob[]} blobs
 * @returns {Promise<ImageRecord[]>}
 */
export async function keepImages(prompt, blobs) {
  try {
    const db = await openDatabase();
    const tx = db.transaction("images", "readwrite");
    let n = await tx.store.count();
    const records = blobs.map((blob) => ({ id: newID(), n: ++n, prompt, created: Date.now(), blob }));
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
    return records;
  } catch (err) {
    throw new Error(storageProblem(err).text, { cause: err });
  }
}
