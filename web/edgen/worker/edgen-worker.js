// @ts-check
// edgen-worker.js: the Edgen client (edgen.wasm) in a dedicated module
// worker, driven by the page through web/worker/client.js:
//
//   import { connectWorker } from "./worker/client.js";
//   const edgen = await connectWorker();   // starts this file as a module worker
//
// The messages between the two files are private to them. Every call
// arrives with its own MessagePort; the answer goes back on it:
//   page -> worker   {method, args, optionsIndex, stream, port}   method "load" first
//   worker -> page   {value, status, headers} | {error}   plain calls ("load": the operations)
//                    {open, status, headers}, then {chunk}..., then {end} | {error}
//                                                         a stream
//                    {final} | {error}                    after {op: "final"}
//   page -> worker   {op: "cancel"}    the caller's AbortSignal fired: abort the request
//                    {op: "parts"}     send the stream's parts (Stream.parts()) in place
//                                      of its chunks, as {chunk} messages all the same
//                    {op: "credit", n} the page may take n more chunks (backpressure)
//                    {op: "final"}     the accumulated answer (read to the end without
//                                      sending chunks if the page never iterated)
//                    {op: "close"}     break / stream.abort(): end quietly
//                    {op: "release"}   the page dropped the stream
import { load } from "../edgen.js";

/** @import { EdgenAPI } from "../edgen.js" */

/**
 * The loaded API, once the page's "load" call arrived.
 * @type {Promise<EdgenAPI> | undefined}
 */
let loaded;

/**
 * A call from the page (client.js's post).
 * @typedef {object} Call
 * @property {string} method
 * @property {any[]} args
 * @property {number} optionsIndex
 * @property {boolean} stream
 * @property {MessagePort} port
 */

self.onmessage = (/** @type {MessageEvent<Call>} */ { data: { method, args, optionsIndex, stream, port } }) => {
  if (method === "load") {
    loaded = load(args[0]);
    answer(port, loaded.then((edgen) => ({ data: /** @type {any} */ (edgen)[Symbol.for("edgen.go")].operations })));
    return;
  }
  const api = loaded;
  if (!api) {
    answer(port, Promise.reject(new Error("edgen: the worker was not loaded first")));
    return;
  }
  const controller = new AbortController();
  if (optionsIndex >= 0) args[optionsIndex] = { ...args[optionsIndex], signal: controller.signal };
  if (stream) {
    serveStream(port, controller, api.then((edgen) => invoke(edgen, method, args).withResponse()));
    return;
  }
  port.onmessage = ({ data }) => {
    if (data.op === "cancel") controller.abort();
  };
  answer(port, api.then(async (edgen) => {
    const result = invoke(edgen, method, args); // configure returns undefined, splitReasoning a Promise
    return typeof result?.withResponse === "function" ? result.withResponse() : { data: await result };
  }));
};

/**
 * Calls edgen's method at path ("embeddings.create") with args.
 * @param {EdgenAPI} edgen
 * @param {string} path
 * @param {unknown[]} args
 * @returns {any}
 */
function invoke(edgen, path, args) {
  let owner;
  /** @type {any} */
  let fn = edgen;
  for (const name of path.split(".")) {
    // Own or inherited (configure lives on Edgen.prototype), but never Object's own members.
    if (fn === null || fn === undefined || name in Object.prototype || !(name in Object(fn))) {
      throw new TypeError(`edgen: the worker has no method ${path}`);
    }
    owner = fn;
    fn = fn[name];
  }
  if (typeof fn !== "function") throw new TypeError(`edgen: the worker has no method ${path}`);
  return fn.apply(owner, args);
}

/**
 * The response as cloneable data: {status, headers, url} with plain headers.
 * @param {Response} [response]
 */
function responseData(response) {
  return response ? { status: response.status, headers: Object.fromEntries(response.headers), url: response.url } : {};
}

/**
 * Posts the outcome of promise ({data, response?}) on port, then closes it.
 * @param {MessagePort} port
 * @param {Promise<{data: unknown, response?: Response}>} promise
 */
function answer(port, promise) {
  promise.then(
    ({ data, response }) => port.postMessage({ value: data, ...responseData(response) }),
    (err) => port.postMessage({ error: errorData(err) }),
  ).finally(() => port.close());
}

/**
 * Forwards a streamed chat completion to the page: chunks as the page grants
 * credit for them (the wasm stops reading the body when nobody pulls, so the
 * page's pace reaches the server), then the end; the accumulated answer only
 * when the page asks for it.
 */
/**
 * @param {MessagePort} port
 * @param {AbortController} controller
 * @param {Promise<{data: import("../edgen.js").Stream, response: Response}>} opening
 */
function serveStream(port, controller, opening) {
  /** @type {import("../edgen.js").Stream | undefined} */
  let stream;
  /** @type {AsyncIterator<unknown> | undefined} */
  let iterator;
  let credit = 0;
  let pumping = false;
  let finalAsked = false;
  let asParts = false; // the page asked for parts, sent in place of the chunks

  const fail = (/** @type {unknown} */ err) => {
    port.postMessage({ error: errorData(err) });
    port.close();
  };

  const pump = async () => {
    if (pumping || !stream || credit <= 0 || finalAsked && !iterator) return; // iterate only when asked to
    pumping = true;
    try {
      iterator ??= asParts ? stream.parts() : stream[Symbol.asyncIterator]();
      while (credit > 0) {
        const { value, done } = await iterator.next();
        if (done) {
          port.postMessage({ end: true });
          return;
        }
        credit--;
        port.postMessage({ chunk: value });
      }
    } catch (err) {
      fail(err);
    } finally {
      pumping = false;
    }
  };

  const final = (/** @type {import("../edgen.js").Stream} */ s) => s.finalChatCompletion().then((value) => {
    port.postMessage({ final: value });
    port.close();
  }, fail);

  port.onmessage = ({ data }) => {
    switch (data.op) {
      case "cancel":
        controller.abort();
        port.close();
        break;
      case "parts":
        asParts = true;
        break;
      case "credit":
        credit += data.n;
        pump();
        break;
      case "final":
        finalAsked = true;
        opening.then(({ data }) => final(data), () => {}); // an opening that failed has been answered
        break;
      case "close":
        stream?.abort(); // a pending next() resolves done, the pump posts the end
        credit = Infinity;
        pump();
        break;
      case "release":
        stream?.abort();
        port.close();
        break;
    }
  };

  opening.then(
    ({ data, response }) => {
      stream = data;
      port.postMessage({ open: true, ...responseData(response) });
      pump(); // credit or a close may have arrived while the headers were awaited
    },
    fail,
  );
}

/**
 * err as structured-cloneable data for client.js to rebuild: the class
 * name and the fields of edgen's errors.
 */
/** @param {unknown} err */
function errorData(err) {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  const e = /** @type {Partial<import("../edgen.js").APIError>} */ (err);
  return {
    name: err.name,
    message: err.message,
    status: e.status,
    headers: e.headers,
    error: cloneable(e.error),
    code: e.code,
    type: e.type,
    param: e.param,
    requestID: e.requestID,
    cause: err.cause instanceof Error ? err.cause.message : cloneable(err.cause),
  };
}

/** v if it survives structured cloning (JSON bodies, strings), else its text. */
/** @param {unknown} v */
function cloneable(v) {
  try {
    return structuredClone(v);
  } catch {
    return String(v);
  }
}
