// @ts-check
// The search vectors, kept in the page's database (ui/db.js) by model and
// text, so a search after a reload asks the server only for texts it has
// not seen. A cache: when the browser keeps nothing, searching still works.

import { openDatabase } from "../ui/db.js";

/**
 * The kept vectors of texts by model, by text.
 * @param {string} model
 * @param {string[]} texts
 * @returns {Promise<Map<string, Float32Array>>}
 */
export async function keptVectors(model, texts) {
  /** @type {Map<string, Float32Array>} */
  const found = new Map();
  try {
    const tx = (await openDatabase()).transaction("vectors");
    const [records] = await Promise.all([Promise.all(texts.map((text) => tx.store.get([model, text]))), tx.done]);
    for (const r of records) if (r?.vector instanceof Float32Array) found.set(r.text, r.vector);
  } catch {
    // nothing kept: the server is asked
  }
  return found;
}

/**
 * Keeps the vectors of model, by text; a failure (storage full) only means
 * the server is asked again next time.
 * @param {string} model
 * @param {Map<string, Float32Array>} vectors
 */
export async function keepVectors(model, vectors) {
  try {
    const tx = (await openDatabase()).transaction("vectors", "readwrite");
    await Promise.all([...[...vectors].map(([text, vector]) => tx.store.put({ model, text, vector })), tx.done]);
  } catch {
    // not kept
  }
}
