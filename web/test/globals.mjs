// @ts-check
// What the modules under test find in a page and Node lacks: localStorage
// and sessionStorage (in memory), and location.
import { afterEach } from "node:test";

/** Storage in memory, with the methods of the Web Storage API. */
export class MemoryStorage {
  /** @type {Map<string, string>} */
  #items = new Map();

  get length() {
    return this.#items.size;
  }

  /** @param {number} i */
  key(i) {
    return [...this.#items.keys()][i] ?? null;
  }

  /** @param {string} key */
  getItem(key) {
    return this.#items.get(key) ?? null;
  }

  /**
   * @param {string} key
   * @param {string} value
   */
  setItem(key, value) {
    this.#items.set(key, String(value));
  }

  /** @param {string} key */
  removeItem(key) {
    this.#items.delete(key);
  }

  clear() {
    this.#items.clear();
  }
}

/** The page's origin in the tests. */
export const ORIGIN = "http://127.0.0.1:8080";

/**
 * Gives globalThis what a page has: a location at ORIGIN and, unless
 * storage is false, empty storages again after each test.
 */
export function pageGlobals({ storage = true } = {}) {
  Object.assign(globalThis, { location: new URL(`${ORIGIN}/`) });
  if (!storage) return;
  Object.assign(globalThis, { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() });
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
}
