// @ts-check
// The browser's storage for this page as a whole (the Storage API): the
// space used and left, and whether what the page keeps is kept for good
// (persistent) or may be cleared when the disk runs low.

let asked = false;

/**
 * Asks once per page load that the browser keep this page's storage for
 * good (navigator.storage.persist()). chatstore.js asks when it is worth
 * it: once a chat with an answer is saved, there is something to lose.
 * Chromium grants or refuses silently (by how much the site is used);
 * Firefox asks the person, once.
 */
export function askToKeep() {
  if (asked) return;
  asked = true;
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return;
  storage.persisted().then((kept) => kept || storage.persist()).catch(() => {});
}

/**
 * The space used and the quota, in bytes, and whether the storage is
 * persistent; null where the browser does not say.
 * @returns {Promise<{used: number, quota: number, persisted: boolean} | null>}
 */
export async function storageSpace() {
  const storage = globalThis.navigator?.storage;
  if (!storage?.estimate) return null;
  try {
    const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
    return { used: usage, quota, persisted };
  } catch {
    return null;
  }
}

/**
 * n bytes in words: "512 bytes", "1.5 KB", "340 MB", "2.1 GB".
 * @param {number} n
 */
export function bytes(n) {
  if (n < 1000) return `${n} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
