// @ts-check
// surface.js: what the two faces of the package share, edgen.js (the client
// in this realm) and worker/client.js (the client in a worker): the methods'
// places on the API object, their Promises and the streaming request.
//
// Internal to the package: it ships (package.json "files") but is not in its
// "exports", so no user can import it; edgen.js re-exports StreamRequest,
// the one public name here.

/** @import { RawResponse } from "./edgen.js" */

/**
 * One row of Go's table of operations (wasm/ops.go), as JS receives it.
 * @typedef {object} Operation
 * @property {string} path the public path ("chat.completions.create")
 * @property {string[]} aliases other paths of the same method ("chat")
 * @property {"none" | "id" | "upload" | "json"} input what the method takes first
 * @property {boolean} streams whether stream: true makes it stream
 * @property {number} optionsAt the index of the options among its arguments
 */

/**
 * What a call answered: the data (the parsed body), the body's text when
 * there was one, the status and the headers (Go's "name: value" lines, or a
 * plain object when it crossed from a worker).
 * @typedef {object} Answer
 * @property {unknown} data
 * @property {string} [text]
 * @property {number} status
 * @property {string | Record<string, string>} headers
 */

/**
 * The raw response that withResponse() gives beside the data.
 * @param {number} status
 * @param {string | Record<string, string>} headers
 * @returns {RawResponse}
 */
export function response(status, headers) {
  /** @type {HeadersInit} */
  const h = typeof headers === "string"
    ? headers.split("\n").filter((l) => l !== "").map((l) => { const i = l.indexOf(": "); return /** @type {[string, string]} */ ([l.slice(0, i), l.slice(i + 2)]); })
    : headers;
  return { status, headers: new Headers(h) };
}

/**
 * What every method that does not stream returns: a Promise of the data
 * with withResponse() (the data and the raw response) and asResponse() (a
 * fetch Response of the body), as in the OpenAI JS library.
 * @param {Promise<Answer>} answer
 * @returns {import("./edgen.js").APIPromise<unknown>}
 */
export function apiPromise(answer) {
  const data = /** @type {import("./edgen.js").APIPromise<unknown>} */ (answer.then((a) => a.data));
  const handled = () => data.catch(() => {}); // the caller takes the failure from the other Promise
  data.withResponse = () => {
    handled();
    return answer.then((a) => ({ data: a.data, response: response(a.status, a.headers) }));
  };
  data.asResponse = () => {
    handled();
    return answer.then((a) => {
      const body = a.text ?? (a.data === undefined ? null : JSON.stringify(a.data));
      return new Response(body, { status: a.status, headers: response(a.status, a.headers).headers });
    });
  };
  return data;
}

/**
 * The status and headers of each stream (edgen.js's Stream, or the
 * worker's), for StreamRequest.withResponse().
 * @type {WeakMap<object, {status: number, headers: string | Record<string, string>}>}
 */
export const streamResponses = new WeakMap();

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
 * @template {AsyncIterable<unknown>} S the stream
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
   * The stream with the raw response: {data, response: {status, headers}}.
   * @returns {Promise<{data: S, response: RawResponse}>}
   */
  withResponse() {
    return this.#promise.then((data) => {
      const answer = streamResponses.get(data);
      if (!answer) throw new Error("edgen: a stream without its response");
      return { data, response: response(answer.status, answer.headers) };
    });
  }

  /** @returns {AsyncIterableIterator<unknown>} */
  [Symbol.asyncIterator]() {
    const iterator = () => (this.#iterator ??= this.#promise.then((s) => s[Symbol.asyncIterator]()));
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
