// @ts-check
// surface.js: what the two faces of the package share, edgen.js (the client
// in this realm) and worker/client.js (the client in a worker): the methods'
// places on the API object, their Promises and the streaming request.
//
// Internal to the package: it ships (package.json "files") but is not in its
// "exports", so no user can import it; edgen.js re-exports StreamRequest,
// the one public name here.

import { runTools } from "./runner.js";
import { parse } from "./parse.js";

/**
 * One row of Go's table of operations (wasm/ops.go), as JS receives it.
 * @typedef {object} Operation
 * @property {string} path the public path ("chat.completions.create")
 * @property {string[]} aliases other paths of the same method ("chat")
 * @property {"none" | "id" | "upload" | "json" | "local" | "tools" | "parse"} input what the method takes first
 * @property {boolean} streams whether stream: true makes it stream
 * @property {number} optionsAt the index of the options among its arguments
 */

/**
 * The response of a call, without its data: the status, the headers (Go's
 * "name: value" lines, or a plain object when it crossed from a worker),
 * the URL it came from, and the body's text when there was one.
 * @typedef {object} Head
 * @property {number} status
 * @property {string | Record<string, string>} headers
 * @property {string} [url]
 * @property {string} [text]
 */

/**
 * What a call answered: the head and the data (the parsed body).
 * @typedef {Head & {data: unknown}} Answer
 */

/**
 * The fetch Response that withResponse() and asResponse() give: a
 * constructed Response has no URL of its own, so it is set on the object.
 * @param {Head} head
 * @returns {Response}
 */
export function response({ status, headers, url, text }) {
  /** @type {HeadersInit} */
  const h = typeof headers === "string"
    ? headers.split("\n").filter((l) => l !== "").map((l) => { const i = l.indexOf(": "); return /** @type {[string, string]} */ ([l.slice(0, i), l.slice(i + 2)]); })
    : headers;
  const nullBody = status === 204 || status === 205 || status === 304;
  const r = new Response(nullBody ? null : text ?? null, { status, headers: new Headers(h) });
  Object.defineProperty(r, "url", { value: url ?? "", enumerable: true });
  return r;
}

/**
 * What every method that does not stream returns, as in the OpenAI JS
 * library: a Promise of the data, whose withResponse() gives that same
 * data object and the fetch Response, and asResponse() that same Response.
 * @param {Promise<Answer>} answer
 * @returns {import("./edgen.js").APIPromise<unknown>}
 */
export function apiPromise(answer) {
  const data = /** @type {import("./edgen.js").APIPromise<unknown>} */ (answer.then((a) => a.data));
  const handled = () => data.catch(() => {}); // the caller takes the failure from the other Promise
  /** @type {Promise<Response> | undefined} */
  let raw;
  const responded = () => (raw ??= answer.then((a) => response({ ...a, text: a.text ?? (a.data === undefined ? undefined : JSON.stringify(a.data)) })));
  data.withResponse = () => {
    handled();
    return Promise.all([data, responded()]).then(([d, r]) => ({ data: d, response: r }));
  };
  data.asResponse = () => {
    handled();
    return responded();
  };
  return data;
}

/**
 * The head of each stream (edgen.js's Stream, or the worker's), for
 * StreamRequest.withResponse().
 * @type {WeakMap<object, Head>}
 */
export const streamResponses = new WeakMap();

/**
 * The method of an operation that runs in JS over the public face of a
 * client (runTools, parse: runner.js, parse.js), or that is answered
 * without a request (local: localCall, the face's own way to ask Go);
 * undefined for the operations that make a request of their own.
 * @param {Operation} op
 * @param {any} face the client the method belongs to
 * @param {Function | undefined} localCall
 * @returns {Function | undefined}
 */
export function helpers(op, face, localCall) {
  switch (op.input) {
    case "tools":
      return (/** @type {any} */ params, /** @type {any} */ options) => runTools(face, params, options);
    case "parse":
      return (/** @type {any} */ params, /** @type {any} */ options) => parse(face, params, options);
    case "local":
      return localCall;
  }
  return undefined;
}

/**
 * Places make(op) at the path and aliases of every operation of the table
 * on target (shorter paths first, so that "chat" is a function that also
 * carries chat.completions.create).
 * @template {object} T
 * @param {T} target
 * @param {Operation[]} operations
 * @param {(op: Operation) => Function} make
 * @returns {T}
 */
export function buildSurface(target, operations, make) {
  /** @type {[string[], Function][]} */
  const places = operations.flatMap((op) => {
    const fn = make(op);
    return [op.path, ...op.aliases].map((path) => /** @type {[string[], Function]} */ ([path.split("."), fn]));
  });
  places.sort((a, b) => a[0].length - b[0].length);
  for (const [keys, fn] of places) {
    /** @type {Record<string, any>} */
    let node = target;
    for (const k of keys.slice(0, -1)) node = Object.hasOwn(node, k) ? node[k] : (node[k] = {});
    node[/** @type {string} */ (keys.at(-1))] = fn;
  }
  return target;
}

/**
 * What chat({stream: true}) returns: a thenable that resolves to the
 * stream once the response headers arrived (an HTTP error rejects), and
 * itself async-iterable, so `for await` needs no `await` first.
 * @template {AsyncIterable<unknown> & {parts(): AsyncIterableIterator<unknown>}} S the stream
 */
export class StreamRequest {
  /** @type {Promise<S>} */
  #promise;
  /** @type {Promise<AsyncIterator<unknown>> | undefined} */
  #iterator;

  /** @param {Promise<S>} promise */
  constructor(promise) {
    this.#promise = promise;
    promise.catch(() => {}); // a request nobody awaits must not be an unhandled rejection
  }

  /**
   * @template [T=S]
   * @template [E=never]
   * @param {((value: S) => T | PromiseLike<T>) | null} [onFulfilled]
   * @param {((reason: unknown) => E | PromiseLike<E>) | null} [onRejected]
   * @returns {Promise<T | E>}
   */
  then(onFulfilled, onRejected) {
    return this.#promise.then(onFulfilled, onRejected);
  }

  /**
   * @template [E=never]
   * @param {((reason: unknown) => E | PromiseLike<E>) | null} [onRejected]
   * @returns {Promise<S | E>}
   */
  catch(onRejected) {
    return this.#promise.catch(onRejected);
  }

  /** @param {(() => void) | null} [onFinally] */
  finally(onFinally) {
    return this.#promise.finally(onFinally);
  }

  /**
   * The stream with the fetch Response (its body is read through the stream).
   * @returns {Promise<{data: S, response: Response}>}
   */
  withResponse() {
    return this.#promise.then((data) => {
      const head = streamResponses.get(data);
      if (!head) throw new Error("edgen: a stream without its response");
      return { data, response: response(head) };
    });
  }

  /**
   * The stream's parts(), without awaiting the stream first.
   * @returns {AsyncIterableIterator<unknown>}
   */
  parts() {
    return this.#delegate((s) => s.parts());
  }

  /** @returns {AsyncIterableIterator<unknown>} */
  [Symbol.asyncIterator]() {
    return this.#delegate((s) => s[Symbol.asyncIterator]());
  }

  /**
   * An async iterator over what pick makes of the stream once it is there;
   * made once, whichever of the two is asked for first.
   * @param {(s: S) => AsyncIterator<unknown>} pick
   * @returns {AsyncIterableIterator<unknown>}
   */
  #delegate(pick) {
    const iterator = () => (this.#iterator ??= this.#promise.then(pick));
    return {
      next: async () => (await iterator()).next(),
      return: async (value) => {
        try {
          const it = await iterator();
          return it.return ? await it.return(value) : { value, done: true };
        } catch {
          return { value, done: true };
        }
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}
