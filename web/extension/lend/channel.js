// @ts-check
// The page's end of the lending channel (MAIN world): a MessagePort handed to
// the relay (relay.js) once both have said hello on the window, calls by id,
// their progress, chunks and answers, and the end of the channel (the person
// revoked the site, switched lending off, or the extension went away), after
// which every pending and later call rejects with the error it ended with.

import { ERROR_NAMES, WINDOW_TAG } from "./protocol.js";

/** @import { WireError } from "./protocol.js" */

/**
 * What a pending call is told as its answers come.
 * @typedef {object} CallHandlers
 * @property {AbortSignal} [signal] ends the call at once: it rejects with the signal's reason
 * @property {(chunk: string) => void} [onChunk]
 * @property {(loaded: number) => void} [onProgress]
 */

/**
 * @typedef {CallHandlers & {resolve: (v: any) => void, reject: (e: unknown) => void}} Pending
 */

export class Channel {
  /** @type {MessagePort | null} */
  #port = null;
  /** @type {Promise<MessagePort>} */
  #open;
  /** @type {Map<number, Pending>} */
  #pending = new Map();
  #next = 1;
  /** @type {Error | DOMException | null} */
  #ended = null;
  /** @type {Array<(err: Error | DOMException) => void>} */
  #onEnded = [];
  /** @type {Map<string, (event: string, err?: Error | DOMException) => void>} */
  #sessions = new Map();

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#open = new Promise((resolve, reject) => {
      port1.onmessage = (ev) => {
        if (ev.data?.event === "open") {
          this.#port = port1;
          resolve(port1);
        }
        this.#receive(ev.data, reject);
      };
    });
    this.#open.catch(() => {}); // seen by the calls that await it
    let sent = false;
    const onWindow = (/** @type {MessageEvent} */ ev) => {
      if (ev.source !== window || ev.data?.[WINDOW_TAG] !== "relay" || sent) return;
      sent = true;
      window.removeEventListener("message", onWindow);
      window.postMessage({ [WINDOW_TAG]: "port" }, location.origin, [port2]);
    };
    window.addEventListener("message", onWindow);
    window.postMessage({ [WINDOW_TAG]: "page" }, location.origin);
  }

  /**
   * Sends a call and resolves to its result.
   * @param {string} op
   * @param {Record<string, unknown>} args
   * @param {CallHandlers} [handlers]
   * @returns {Promise<any>}
   */
  async call(op, args, handlers = {}) {
    handlers.signal?.throwIfAborted();
    const port = await this.#open;
    if (this.#ended) throw this.#ended;
    handlers.signal?.throwIfAborted();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const signal = handlers.signal;
      const onAbort = () => {
        this.#pending.delete(id);
        reject(signal?.reason);
        port.postMessage({ id: this.#next++, op: "abort", call: id });
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      this.#pending.set(id, {
        ...handlers,
        resolve: (v) => { done(); resolve(v); },
        reject: (e) => { done(); reject(e); },
      });
      port.postMessage({ id, op, ...args });
    });
  }

  /**
   * Sends a call whose answer nobody waits for (destroy).
   * @param {string} op
   * @param {Record<string, unknown>} args
   */
  send(op, args) {
    if (this.#ended) return;
    this.#open.then((port) => port.postMessage({ id: this.#next++, op, ...args }), () => {});
  }

  /**
   * Routes the session's events to fn, until forget: "contextoverflow", and
   * "ended" with the error when the channel ends.
   * @param {string} session
   * @param {(event: string, err?: Error | DOMException) => void} fn
   */
  watch(session, fn) {
    this.#sessions.set(session, fn);
  }

  /** @param {string} session */
  forget(session) {
    this.#sessions.delete(session);
  }

  /**
   * Calls fn once the channel ends, with the error it ended with.
   * @param {(err: Error | DOMException) => void} fn
   */
  onEnded(fn) {
    this.#onEnded.push(fn);
  }

  /**
   * Handles one message from the relay.
   * @param {any} msg
   * @param {(e: unknown) => void} failOpen rejects the opening, for an end before it
   */
  #receive(msg, failOpen) {
    if (typeof msg !== "object" || msg === null) return;
    if (msg.event === "ended") {
      this.#end(toError(msg.error), failOpen);
      return;
    }
    if (msg.event === "contextoverflow") {
      this.#sessions.get(msg.session)?.("contextoverflow");
      return;
    }
    const p = this.#pending.get(msg.id);
    if (!p) return;
    if ("progress" in msg) p.onProgress?.(msg.progress);
    else if ("chunk" in msg) p.onChunk?.(msg.chunk);
    else {
      this.#pending.delete(msg.id);
      if ("error" in msg) p.reject(toError(msg.error));
      else p.resolve(msg.result);
    }
  }

  /**
   * Ends the channel: every pending call rejects with err, and so does every later one.
   * @param {Error | DOMException} err
   * @param {(e: unknown) => void} failOpen
   */
  #end(err, failOpen) {
    if (this.#ended) return;
    this.#ended = err;
    failOpen(err);
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    for (const fn of this.#sessions.values()) fn("ended", err);
    this.#sessions.clear();
    this.#port?.close();
    for (const fn of this.#onEnded) fn(err);
  }
}

/**
 * The exception a WireError stands for: a TypeError or RangeError, a
 * QuotaExceededError with requested and quota, else a DOMException of its name.
 * @param {WireError | undefined} w
 * @returns {Error | DOMException}
 */
export function toError(w) {
  const message = String(w?.message ?? "The local model failed.");
  const name = ERROR_NAMES.includes(/** @type {string} */ (w?.name)) ? /** @type {string} */ (w?.name) : "UnknownError";
  if (name === "TypeError") return new TypeError(message);
  if (name === "RangeError") return new RangeError(message);
  if (name === "QuotaExceededError") {
    const extra = { requested: Number(w?.requested), quota: Number(w?.quota) };
    /** @type {any} */
    const Quota = /** @type {any} */ (globalThis).QuotaExceededError;
    if (typeof Quota === "function") return new Quota(message, extra);
    return Object.assign(new DOMException(message, name), extra);
  }
  return new DOMException(message, name);
}
