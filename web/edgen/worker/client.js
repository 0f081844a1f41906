// @ts-check
// client.js: the Edgen client in a dedicated worker, seen from the page.
//
//   import { connectWorker } from "./worker/client.js";
//   const edgen = await connectWorker();        // or connectWorker(workerURL, { wasmURL, baseURL, ... })
//   const answer = await edgen.chat({ model: "default", messages });
//   const controller = new AbortController();
//   for await (const chunk of edgen.chat({ model: "default", messages, stream: true },
//                                        { signal: controller.signal })) {
//     out.append(chunk.choices[0]?.delta?.content ?? "");
//   }
//   edgen.terminate();                          // stops the worker and its requests
//
// The worker (edgen-worker.js beside this file, a module worker importing
// ../edgen.js) loads edgen.wasm and does all the work: HTTP, server-sent
// events, JSON. The page receives ready chunk objects and never parses a
// stream. The returned object has the surface of `edgen`, built from the
// worker's table of operations as edgen.js builds its own (withResponse()
// included), and the error classes, so `err instanceof
// edgen.APIUserAbortError` works.
// The differences: every method returns a Promise, configure() included;
// there is no edgen.Edgen (connect another worker for another client);
// arguments must survive structured cloning (Blob, File, ArrayBuffer and
// Uint8Array do). Aborts cross the boundary: the signal of a call rejects it
// at once with APIUserAbortError and cancels the request in the worker, so
// the server sees the connection close; `break` and stream.abort() end a
// stream quietly and close it too. Chunks flow with backpressure: the worker
// reads ahead at most a window of chunks the page has not taken. A stream
// dropped half-read keeps its connection until stream.abort() is called.
import * as face from "../edgen.js";
import { apiPromise, buildSurface, helpers, streamResponses, StreamRequest } from "../surface.js";
import { diagnose, rememberRequest, requestSettings } from "../diagnose.js";

/** @import { LoadOptions, ClientOptions } from "../edgen.js" */
/** @import { Operation } from "../surface.js" */
/** @import { WorkerAPI } from "./client.js" */

/**
 * A call's failure, for terminate(): it rejects the call or ends the stream.
 * @typedef {(err: Error) => void} Fail
 */

/** Chunks the worker may send ahead of the page's iteration. */
const WINDOW = 64;

// The error classes of the face, by name.
const errorClasses = /** @type {Record<string, typeof face.APIError>} */ (Object.fromEntries(
  Object.entries(face).filter(([, v]) => v === face.APIError || v?.prototype instanceof face.APIError),
));

// A WorkerStream dropped before it was done with lets the worker forget its
// stream (the batches kept for finalChatCompletion).
/** @type {FinalizationRegistry<MessagePort>} */
const streamRegistry = new FinalizationRegistry((port) => {
  port.postMessage({ op: "release" });
  port.close();
});

/**
 * Starts the worker and loads the client in it; resolves to the API once it
 * is ready. options: wasmURL (default: edgen.wasm beside edgen.js) and the
 * client settings of configure() (baseURL, apiKey, timeout, maxRetries, headers).
 */
/**
 * @param {string | URL} [url]
 * @param {LoadOptions} [options]
 * @returns {Promise<WorkerAPI>}
 */
export async function connectWorker(url, options = {}) {
  // This literal form is what bundlers (Vite, webpack, Parcel) look for to bundle the worker.
  const worker = url === undefined ? new Worker(new URL("./edgen-worker.js", import.meta.url), { type: "module" }) : new Worker(url, { type: "module" });
  url ??= "edgen-worker.js";
  /** @type {Set<Fail>} */
  const pending = new Set(); // fail(err) of every call and stream in flight, for terminate()
  let settings = requestSettings(options); // the worker client's, for diagnose() and the reason of a connection error
  /** @type {(method: string, args: unknown[], optionsIndex: number, stream?: boolean) => Promise<any>} */
  const call = (method, args, optionsIndex, stream) =>
    callWorker(worker, pending, method, args, optionsIndex, stream ?? false, { ...settings, ...requestSettings(args[optionsIndex]) });
  /** @type {Operation[]} */
  let operations;
  /** @type {(ev: ErrorEvent) => void} */
  let onError = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    onError = (ev) => reject(new Error(`edgen: the worker ${url} failed to start${ev.message ? `: ${ev.message}` : ""}`));
    worker.addEventListener("error", onError);
  });
  try {
    ({ data: operations } = await Promise.race([call("load", [absolute({ ...options }, "wasmURL", "baseURL")], 1), failed]));
  } catch (err) {
    worker.terminate();
    throw err;
  } finally {
    worker.removeEventListener("error", onError);
  }

  /** @type {(op: Operation) => Function} */
  const method = (op) => {
    const { path, streams, optionsAt } = op;
    // runTools and parse run here, over this face (the tools are the page's
    // functions); splitReasoning is answered by the worker.
    const local = (/** @type {unknown[]} */ ...args) => call(path, args, optionsAt).then((r) => r.data);
    const helper = helpers(op, api, local);
    if (helper) return helper;
    return (/** @type {unknown[]} */ ...args) => {
      if (streams && isStreaming(args[0])) return new StreamRequest(call(path, args, optionsAt, true));
      return apiPromise(call(path, args, optionsAt));
    };
  };
  const api = {
    ready: true,
    worker,
    configure: (/** @type {ClientOptions} */ changes) => call("configure", [absolute({ ...changes }, "baseURL")], 1).then(() => {
      settings = { ...settings, ...requestSettings(changes) };
    }),
    /** @param {string | URL} [baseURL] */
    diagnose: (baseURL) => diagnose(baseURL ?? settings.baseURL, { apiKey: settings.apiKey, headers: settings.headers }),
    /** Stops the worker: calls and streams in flight reject, its connections close. */
    terminate() {
      worker.terminate();
      api.ready = false;
      for (const fail of [...pending]) fail(new Error("edgen: the worker was terminated"));
    },
    ...errorClasses,
    APIConnectionTimeoutError: face.APIConnectionTimeoutError,
  };
  return /** @type {WorkerAPI} */ (/** @type {unknown} */ (buildSurface(api, operations, method)));
}

/** @param {any} params */
function isStreaming(params) {
  try {
    return params !== null && typeof params === "object" && params.stream === true;
  } catch {
    return false;
  }
}

/**
 * Makes the URL settings named by keys absolute against the page.
 * @param {Record<string, unknown>} settings
 * @param {string[]} keys
 */
function absolute(settings, ...keys) {
  for (const k of keys) {
    if (typeof settings[k] === "string" && globalThis.location) settings[k] = new URL(settings[k], location.href).href;
  }
  return settings;
}

/**
 * Sends one call to the worker on a port of its own: {value, status,
 * headers} resolves to {data, status, headers}, {error} rejects. The
 * AbortSignal of args[optionsIndex] rejects at once and cancels the call in
 * the worker. With stream set, the first message (sent once the response
 * headers arrived) resolves to a WorkerStream that takes the port over.
 */
/**
 * @param {Worker} worker
 * @param {Set<Fail>} pending
 * @param {string} method
 * @param {unknown[]} args
 * @param {number} optionsIndex
 * @param {boolean} stream
 * @param {ClientOptions} settings the request's, for the reason of a connection error
 * @returns {Promise<any>}
 */
function callWorker(worker, pending, method, args, optionsIndex, stream, settings) {
  return new Promise((resolve, reject) => {
    const { port, signal } = post(worker, { method, args, optionsIndex, stream }, reject);
    if (!port) return;
    const detach = () => {
      pending.delete(fail);
      signal?.removeEventListener("abort", onAbort);
    };
    /** @type {Fail} */
    const fail = (err) => {
      detach();
      port.close();
      reject(err);
    };
    const onAbort = () => {
      port.postMessage({ op: "cancel" });
      fail(abortError(signal));
    };
    pending.add(fail);
    signal?.addEventListener("abort", onAbort, { once: true });
    port.onmessage = ({ data }) => {
      if ("error" in data) return fail(toError(data.error, settings));
      detach();
      if (stream) {
        const s = new WorkerStream(port, signal, pending, settings);
        streamResponses.set(s, { status: data.status, headers: data.headers, url: data.url });
        return resolve(s);
      }
      port.close();
      resolve({ data: data.value, status: data.status, headers: data.headers, url: data.url });
    };
  });
}

/**
 * Posts {method, args, optionsIndex, stream, port} with the options' signal
 * taken out (a signal cannot be cloned) and returns the page's end of the
 * port and that signal. An argument that cannot be cloned rejects through
 * reject.
 */
/**
 * @param {Worker} worker
 * @param {{method: string, args: unknown[], optionsIndex: number, stream: boolean}} message
 * @param {(err: Error) => void} reject
 * @returns {{port?: MessagePort, signal?: AbortSignal}}
 */
function post(worker, { method, args, optionsIndex, stream }, reject) {
  const options = args[optionsIndex];
  let signal;
  if (options !== undefined && options !== null) {
    if (typeof options !== "object") {
      reject(new TypeError("options must be an object"));
      return {};
    }
    const { signal: s, ...rest } = /** @type {{signal?: AbortSignal, headers?: unknown}} */ (options);
    signal = s ?? undefined;
    if (rest.headers instanceof Headers) rest.headers = Object.fromEntries(rest.headers);
    args = args.with(optionsIndex, rest);
  }
  if (signal?.aborted) {
    reject(abortError(signal));
    return {};
  }
  const { port1, port2 } = new MessageChannel();
  try {
    worker.postMessage({ method, args, optionsIndex, stream, port: port2 }, [port2]);
  } catch (err) {
    port1.close();
    reject(new TypeError(`edgen: the arguments of ${method} cannot be sent to the worker: ${/** @type {Error} */ (err).message}`));
    return {};
  }
  return { port: port1, signal };
}

/**
 * The page's side of a streamed chat completion: an async iterator of chunk
 * objects (consumed once), with abort(), toReadableStream() and
 * finalChatCompletion() like edgen's Stream.
 */
class WorkerStream {
  /** @type {MessagePort} */
  #port;
  /** @type {AbortSignal | undefined} */
  #signal;
  /** @type {Set<Fail>} */
  #pending;
  /** @type {ClientOptions} */
  #settings;
  /** @type {unknown[]} */
  #queue = [];
  /** @type {{resolve: (r: IteratorResult<unknown>) => void, reject: Fail}[]} */
  #waiters = []; // {resolve, reject} of pending next() calls
  /** @type {Error | undefined} */
  #error; // an error that the next next() throws
  #state = "open"; // open | closed (break, abort(): awaiting the worker's end) | ended
  #consumed = false;
  #finalAsked = false;
  #taken = 0; // chunks taken since the last credit
  #final = Promise.withResolvers();
  #onAbort = () => this.#fail(abortError(this.#signal), true);
  /** @type {Fail} */
  #onFail = (err) => this.#fail(err);

  /**
   * @param {MessagePort} port
   * @param {AbortSignal | undefined} signal
   * @param {Set<Fail>} pending
   * @param {ClientOptions} settings the request's
   */
  constructor(port, signal, pending, settings) {
    this.#port = port;
    this.#settings = settings;
    this.#signal = signal;
    this.#pending = pending;
    this.#final.promise.catch(() => {});
    pending.add(this.#onFail);
    signal?.addEventListener("abort", this.#onAbort, { once: true });
    port.onmessage = ({ data }) => this.#receive(data);
    streamRegistry.register(this, port, this);
  }

  /** @returns {AsyncIterableIterator<unknown>} */
  [Symbol.asyncIterator]() {
    return this.#iterate(false);
  }

  /**
   * The stream read as parts, in the worker (see edgen's Stream.parts()):
   * they flow to this side as the chunks would.
   * @returns {AsyncIterableIterator<any>}
   */
  parts() {
    return this.#iterate(true);
  }

  /**
   * Starts the flow of chunks, or of parts, to this side.
   * @param {boolean} parts
   * @returns {AsyncIterableIterator<any>}
   */
  #iterate(parts) {
    if (this.#consumed) {
      const used = () => Promise.reject(new Error("edgen: this stream was already consumed; a stream can be iterated once"));
      return { next: used, return: async (value) => ({ value, done: true }), [Symbol.asyncIterator]() { return this; } };
    }
    this.#consumed = true;
    if (parts) this.#port.postMessage({ op: "parts" });
    this.#port.postMessage({ op: "credit", n: WINDOW });
    return {
      next: () => this.#next(),
      return: async (value) => {
        this.abort();
        return { value, done: true };
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  /** Stops the stream quietly: the connection closes, iteration ends. */
  abort() {
    if (this.#state !== "open") return;
    this.#state = "closed";
    this.#queue = [];
    this.#port.postMessage({ op: "close" }); // the worker still answers {end, final}
    this.#flush();
  }

  /** The chunks as a ReadableStream of newline-delimited JSON bytes, as edgen's Stream gives. */
  toReadableStream() {
    return face.Stream.prototype.toReadableStream.call(/** @type {any} */ (this)); // it uses only this[Symbol.asyncIterator]
  }

  /**
   * The whole answer, accumulated in the worker as edgen's Stream does it
   * (every chunk, those already iterated included). Reads the stream to its
   * end if nobody iterates it, else waits for the iteration to end.
   */
  finalChatCompletion() {
    if (!this.#finalAsked) {
      this.#finalAsked = true;
      this.#consumed = true;
      this.#port.postMessage({ op: "final" }); // answered {final} or {error}, even after the end
    }
    return this.#final.promise;
  }

  /** @returns {Promise<IteratorResult<unknown>>} */
  #next() {
    if (this.#queue.length > 0) return Promise.resolve(this.#take());
    if (this.#error) {
      const err = this.#error;
      this.#error = undefined;
      return Promise.reject(err);
    }
    if (this.#state !== "open") return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** @returns {IteratorResult<unknown>} */
  #take() {
    if (++this.#taken >= WINDOW / 2) {
      this.#port.postMessage({ op: "credit", n: this.#taken });
      this.#taken = 0;
    }
    return { value: this.#queue.shift(), done: false };
  }

  /** @param {any} data a message of edgen-worker.js */
  #receive(data) {
    if ("chunk" in data) {
      if (this.#state !== "open") return;
      this.#queue.push(data.chunk);
      this.#flush();
    } else if ("end" in data) {
      this.#end();
    } else if ("final" in data) {
      if (this.#state !== "ended") this.#end(); // every chunk came before the final answer
      this.#final.resolve(data.final);
      this.#forget();
    } else if ("error" in data) {
      this.#fail(toError(data.error, this.#settings));
    }
  }

  // #forget closes the port once the worker has nothing more to say.
  #forget() {
    streamRegistry.unregister(this);
    this.#port.close();
  }

  // #fail ends the stream with err: next() rejects with it once the chunks
  // already here are taken (at once for an abort, which drops them), and so
  // does finalChatCompletion().
  /** @param {Error} err */
  #fail(err, aborted = false) {
    if (this.#state === "ended") return;
    if (this.#state === "open") {
      if (aborted) {
        this.#port.postMessage({ op: "cancel" });
        this.#queue = [];
      }
      const waiter = this.#queue.length === 0 ? this.#waiters.shift() : undefined;
      if (waiter) waiter.reject(err);
      else this.#error = err;
    }
    this.#end();
    this.#final.reject(err);
    this.#forget();
  }

  // #end marks the end, releases the listeners and settles the waiters
  // left. The port stays open for finalChatCompletion() until the stream is
  // collected (streamRegistry) or has failed.
  #end() {
    this.#state = "ended";
    this.#pending.delete(this.#onFail);
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#flush();
  }

  // #flush hands queued chunks to waiting next() calls, and the end to the
  // rest once the stream is no longer open.
  #flush() {
    while (this.#waiters.length > 0 && this.#queue.length > 0) this.#waiters.shift()?.resolve(this.#take());
    if (this.#state === "open") return;
    for (const w of this.#waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }
}

/**
 * The rejection of a call whose signal fired, as edgen gives it.
 * @param {AbortSignal} [signal]
 */
function abortError(signal) {
  return new face.APIUserAbortError("edgen: request aborted", { cause: signal?.reason });
}

/**
 * Rebuilds an error the worker sent (see errorData in edgen-worker.js); a
 * connection error keeps the settings of its request, for its reason.
 * @param {{name: string, message: string, cause?: unknown} & Record<string, any>} data
 * @param {ClientOptions} settings
 * @returns {Error}
 */
function toError({ name, message, cause, ...fields }, settings) {
  const Class = errorClasses[name];
  if (Class) {
    const err = new Class(message, { ...fields, cause: cause === undefined ? undefined : new Error(String(cause)) });
    if (err instanceof face.APIConnectionError) rememberRequest(err, settings);
    return err;
  }
  const err = name === "TypeError" ? new TypeError(message) : new Error(message);
  if (name !== "TypeError" && name !== "Error") err.name = name;
  return err;
}
