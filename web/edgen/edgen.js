// @ts-check
// edgen.js: the ES-module loader and JavaScript face of the Edgen client.
//
//   import { load } from "./edgen.js";
//   const edgen = await load();              // the same object as globalThis.edgen
//   const answer = await edgen.chat({ model: "default", messages: [{ role: "user", content: "Hi" }] });
//   for await (const chunk of edgen.chat({ model: "default", messages, stream: true })) { ... }
//
// The Go program (edgen.wasm) does all the protocol work: requests, retries,
// timeouts, server-sent events, error classification, the options and the
// list of methods. It exposes a few raw functions and its table of
// operations under Symbol.for("edgen.go"); this module builds the public API
// from that table (Promises, async iterators, Error subclasses) and names no
// endpoint itself. Works in pages, module workers, MV3 extension pages (no
// eval), Node 20 and every bundler; load.js starts the Go program.
import { keepAlive, startGo } from "./load.js";
import { apiPromise, buildSurface, helpers, streamResponses, StreamRequest } from "./surface.js";
import { ChatCompletionRunner } from "./runner.js";
import { ParseStream } from "./parse.js";
import { diagnose, findLocalServers, reasonOf, rememberRequest, requestSettings } from "./diagnose.js";

export { StreamRequest, ChatCompletionRunner, ParseStream, diagnose, findLocalServers };

/** @import { Operation, Answer } from "./surface.js" */

/**
 * The raw functions edgen.wasm puts under Symbol.for("edgen.go")
 * (wasm/main.go); settle is the resolve and reject of a Promise made here.
 * @typedef {object} RawGo
 * @property {Operation[]} operations
 * @property {(options: object) => number | GoError} newClient
 * @property {(id: number) => void} freeClient
 * @property {(client: number, at: number, arg: unknown, options: unknown, ...settle: Settle) => void} call
 * @property {(client: number, at: number, body: string, options: unknown, ...settle: Settle) => void} openStream
 * @property {(stream: number, ...settle: Settle) => string | null | undefined} pull
 * @property {(stream: number) => void} closeStream
 * @property {(batches: string[]) => string | GoError} accumulate
 * @property {(startMs: number) => number | GoError} newReader
 * @property {(reader: number, batch: string, atMs: number) => string | GoError} readBatch
 * @property {(reader: number) => string | GoError} endReader
 * @property {(reader: number) => void} freeReader
 */

/** @typedef {[resolve: (value: any) => void, reject: (reason: unknown) => void]} Settle */

/**
 * What Go rejects with (wasm/errors.go): the class to make and its fields.
 * @typedef {object} GoError
 * @property {string} kind
 * @property {string} message
 * @property {string} [cause]
 */

/**
 * The fields of an APIError besides its message.
 * @typedef {object} APIErrorInit
 * @property {number} [status]
 * @property {Record<string, string>} [headers]
 * @property {unknown} [error]
 * @property {string} [code]
 * @property {string} [type]
 * @property {string} [param]
 * @property {string} [requestID]
 * @property {unknown} [cause]
 */

/**
 * A client's state: its Go client and the settings it was made with.
 * @typedef {{id: number, options: Record<string, unknown>}} ClientState
 */

const RAW = Symbol.for("edgen.go");

// ---------------------------------------------------------------- errors

/** Every error the API rejects with, except TypeError for bad arguments. */
export class APIError extends Error {
  /**
   * @param {string} message
   * @param {APIErrorInit} [init]
   */
  constructor(message, { status, headers, error, code, type, param, requestID, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    /** HTTP status, when a response arrived. */
    this.status = status;
    /** Response headers as a plain object with lower-case names. */
    this.headers = headers;
    /** The parsed error body: an object if JSON, a string if text, undefined if empty. */
    this.error = error;
    /** Edgen's error tag ("no_such_model") or the OpenAI envelope's code, when the body has one. */
    this.code = code;
    /** The OpenAI envelope's type, or a problem+json body's type, when the body has one. */
    this.type = type;
    /** The OpenAI envelope's param, when the body has one. */
    this.param = param;
    /** The x-request-id response header, when the server sent one. */
    this.requestID = requestID;
  }
}
/** No usable response: the connection failed or broke mid-stream. */
export class APIConnectionError extends APIError {
  /**
   * Why, with the fix: a Promise of the diagnosis of the request's server
   * (diagnose.js), made on first read, so the error itself comes at once.
   * @returns {Promise<import("./edgen.js").Diagnosis>}
   */
  get reason() {
    return reasonOf(this);
  }
}
/** The timeout passed waiting for the headers or the next chunk. */
export class APITimeoutError extends APIConnectionError {}
/** The request's AbortSignal fired. */
export class APIUserAbortError extends APIError {}
/** An HTTP error status; the classes below narrow it down. */
export class APIStatusError extends APIError {}
/** 400 */ export class BadRequestError extends APIStatusError {}
/** 401 */ export class AuthenticationError extends APIStatusError {}
/** 403 */ export class PermissionDeniedError extends APIStatusError {}
/** 404 */ export class NotFoundError extends APIStatusError {}
/** 409 */ export class ConflictError extends APIStatusError {}
/** 422: Edgen's answer to JSON of the wrong shape */ export class UnprocessableEntityError extends APIStatusError {}
/** 429 */ export class RateLimitError extends APIStatusError {}
/** 500 and above: Edgen's model and endpoint failures */ export class InternalServerError extends APIStatusError {}
/** The OpenAI JS library's name of APITimeoutError: the same class. */
export { APITimeoutError as APIConnectionTimeoutError };

/** parse(): the answer is not the object asked for; completion is the answer as it came. */
export class StructuredOutputError extends APIError {
  /**
   * @param {string} message
   * @param {APIErrorInit & {completion?: unknown}} [init]
   */
  constructor(message, { completion, ...rest } = {}) {
    super(message, rest);
    /** The answer, as the server sent it. */
    this.completion = completion;
  }
}
/** parse(): the answer was cut off (finish_reason "length"), so its JSON is incomplete. */
export class LengthFinishReasonError extends StructuredOutputError {}
/** parse(): the server's content filter stopped the answer. */
export class ContentFilterFinishReasonError extends StructuredOutputError {}
/** parse(): the model refused to answer. */
export class RefusalError extends StructuredOutputError {
  /**
   * @param {string} message
   * @param {APIErrorInit & {completion?: unknown, refusal?: string}} [init]
   */
  constructor(message, { refusal, ...rest } = {}) {
    super(message, rest);
    /** The model's refusal. */
    this.refusal = refusal;
  }
}
/** parse(): the answer is not JSON, or not valid against the schema. */
export class OutputValidationError extends StructuredOutputError {
  /**
   * @param {string} message
   * @param {APIErrorInit & {completion?: unknown, issues?: {message: string, path: PropertyKey[]}[], text?: string}} [init]
   */
  constructor(message, { issues = [], text = "", ...rest } = {}) {
    super(message, rest);
    /** What is wrong: [{message, path}]. */
    this.issues = issues;
    /** The answer's text. */
    this.text = text;
  }
}

// The classes by the names Go gives them (wasm/errors.go). Each class's
// name is set here from its key, so it survives minification.
const errorClasses = {
  APIError, APIConnectionError, APITimeoutError, APIUserAbortError, APIStatusError,
  BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError,
  StructuredOutputError, LengthFinishReasonError, ContentFilterFinishReasonError, RefusalError, OutputValidationError,
};
for (const [name, Class] of Object.entries(errorClasses)) {
  Object.defineProperty(Class.prototype, "name", { value: name, writable: true, configurable: true });
}

// toError turns what Go rejects with ({kind, message, status?, headers?,
// error?, code?, type?, param?, requestID?, cause?}, see wasm/errors.go)
// into an instance of the class it names; anything else (the Go program
// has exited) becomes an APIError. signal, when given, becomes the cause
// of an APIUserAbortError.
/**
 * @param {any} e
 * @param {AbortSignal} [signal]
 * @returns {Error}
 */
function toError(e, signal) {
  if (e === null || typeof e !== "object" || typeof e.kind !== "string") {
    return new APIError(`edgen: ${e?.message ?? String(e)}`, { cause: e });
  }
  if (e.kind === "TypeError") return new TypeError(e.message);
  const Class = errorClasses[/** @type {keyof typeof errorClasses} */ (e.kind)];
  if (Class === undefined) return new Error(e.message);
  let cause = e.cause === undefined ? undefined : new Error(e.cause);
  if (Class === APIUserAbortError && signal && signal.reason !== undefined) cause = signal.reason;
  return new Class(e.message, { ...e, cause });
}

/**
 * @param {any} options
 * @returns {AbortSignal | undefined}
 */
function signalOf(options) {
  try {
    const s = options?.signal;
    return s && typeof s === "object" ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The settings a request of st ran with: the client's, with the request's
 * own options over them.
 * @param {ClientState} st
 * @param {any} options
 * @returns {import("./edgen.js").ClientOptions}
 */
function settingsFor(st, options) {
  return { ...st.options, ...requestSettings(options) };
}

/**
 * err, remembered with the settings of its request when it is a
 * connection error, for its reason.
 * @param {Error} err
 * @param {import("./edgen.js").ClientOptions} settings
 */
function noted(err, settings) {
  if (err instanceof APIConnectionError) rememberRequest(err, settings);
  return err;
}

/** @param {AbortSignal} [signal] */
function abortError(signal) {
  return new APIUserAbortError("edgen: request aborted", { cause: signal?.reason });
}

// now is the time in milliseconds since the Unix epoch, to the microsecond
// where the engine allows: the clock of Go's stats (Stream.parts()).
function now() {
  return performance.timeOrigin + performance.now();
}

// ------------------------------------------------------ calls into Go

/** @type {RawGo} */
let raw; // the Go functions, set by install

// Go's asynchronous functions (call, openStream, pull) take the resolve and
// reject functions of a Promise made here as their last arguments
// (wasm/interop.go): a Promise costs little in JS and many crossings in Go.
// Inside the executor, a Go program that has exited throws, which rejects.

// stringify is JSON.stringify of the caller's params; circular structures,
// BigInts and throwing getters become a TypeError.
/**
 * @param {unknown} params
 * @returns {string}
 */
function stringify(params) {
  try {
    return JSON.stringify(params);
  } catch (e) {
    throw new TypeError(`edgen: params cannot be sent as JSON: ${/** @type {any} */ (e)?.message ?? e}`, { cause: e });
  }
}

// call runs one raw call of the operation at index at: a Promise of
// {data, text, status, headers}. It never throws: every failure, even a Go
// program that has exited, is a rejection.
/**
 * @param {ClientState} st
 * @param {number} at
 * @param {unknown} arg
 * @param {unknown} options
 * @returns {Promise<Answer>}
 */
function call(st, at, arg, options) {
  const signal = signalOf(options);
  const release = keepAlive();
  const answer = async () => {
    try {
      // Go reads arg and options at once, unless arg is still being read (a file).
      const a = arg instanceof Promise ? await arg : arg;
      /** @type {string} */
      const answer = await new Promise((resolve, reject) => raw.call(st.id, at, a, options, resolve, reject));
      // "status\nurl\nname: value\n...\nbody" (wasm/calls.go)
      const line = answer.indexOf("\n");
      const urlEnd = answer.indexOf("\n", line + 1);
      const end = answer.indexOf("\n\n", urlEnd);
      const text = end + 2 < answer.length ? answer.slice(end + 2) : undefined;
      return {
        data: text === undefined ? undefined : JSON.parse(text), text, status: Number(answer.slice(0, line)),
        url: answer.slice(line + 1, urlEnd), headers: answer.slice(urlEnd + 1, end + 1),
      };
    } catch (e) {
      throw e instanceof TypeError ? e : noted(toError(e, signal), settingsFor(st, options));
    } finally {
      release();
    }
  };
  return answer();
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
 * @param {ClientState} st
 * @param {number} at
 * @param {unknown} params
 * @param {unknown} options
 * @returns {Promise<Stream>}
 */
async function openStream(st, at, params, options) {
  const body = stringify(params);
  const signal = signalOf(options);
  const release = keepAlive();
  const startedAt = now();
  /** @type {[number, number, string, string]} */
  let opened;
  try {
    opened = await new Promise((resolve, reject) => raw.openStream(st.id, at, body, options, resolve, reject));
  } catch (e) {
    release();
    throw noted(toError(e, signal), settingsFor(st, options));
  }
  const [id, status, headers, url] = opened;
  return new Stream(id, signal, release, { status, headers, url }, startedAt, () => settingsFor(st, options));
}

// upload reads params.file (a Blob, File, ArrayBuffer or typed array) into
// a Uint8Array before it crosses into Go, with the File's name; Go reads
// the other fields and rejects anything else.
/**
 * @param {any} params
 * @returns {Promise<[object, string | undefined]>}
 */
async function upload(params) {
  if (params === null || typeof params !== "object") throw new TypeError("edgen: params must be an object");
  const { file } = params;
  const fileName = typeof file?.name === "string" && file.name !== "" ? file.name : undefined;
  return [{ ...params, file: await bytesOf(file) }, fileName];
}

// bytesOf reads a Blob, File, ArrayBuffer or typed array into a Uint8Array;
// anything else is left for Go to reject.
/** @param {unknown} file */
async function bytesOf(file) {
  if (file instanceof Uint8Array) return file;
  if (ArrayBuffer.isView(file)) return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (Object.prototype.toString.call(file) === "[object ArrayBuffer]") return new Uint8Array(/** @type {ArrayBuffer} */ (file));
  if (typeof Blob !== "undefined" && file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  return file;
}

// method is the function of one operation of Go's table (wasm/ops.go),
// bound to the client state st; face is the client it is a method of.
/**
 * @param {ClientState} st
 * @param {Operation} op
 * @param {object} face
 * @returns {Function}
 */
function method(st, op, face) {
  const helper = helpers(op, face, op.path === "chat.completions.splitReasoning" ? async (/** @type {unknown} */ m) => splitReasoning(m) : undefined);
  if (helper) return helper;
  const at = raw.operations.indexOf(op); // Go takes the operation by its index: a number crosses for free
  /** @type {(arg: unknown, options: unknown) => Promise<unknown>} */
  const send = (arg, options) => apiPromise(call(st, at, arg, options));
  switch (op.input) {
    case "none":
      return (/** @type {unknown} */ options) => send(undefined, options);
    case "id":
      return (/** @type {unknown} */ id, /** @type {unknown} */ options) => send(id, options);
    case "upload":
      return (/** @type {unknown} */ params, /** @type {unknown} */ options) => send(upload(params), options);
    case "json":
      return (/** @type {unknown} */ params, /** @type {unknown} */ options) => {
        if (op.streams && isStreaming(params)) return new StreamRequest(openStream(st, at, params, options));
        let body;
        try {
          body = stringify(params);
        } catch (e) {
          return Promise.reject(e);
        }
        return send(body, options);
      };
  }
  throw new Error(`edgen: operation ${op.path} takes an input this loader does not know: ${op.input}`);
}

// splitReasoning reads a whole message as the one chunk of a stream, with
// Go's parts reader: the same reading Stream.parts() gives.
/**
 * @param {any} message
 * @returns {{reasoning: string, content: string}}
 */
function splitReasoning(message) {
  if (message === null || typeof message !== "object") throw new TypeError("edgen: message must be an object");
  /** @type {Record<string, string | null>} */
  const delta = {};
  for (const k of ["content", "reasoning_content", "reasoning"]) {
    const v = message[k];
    if (v !== undefined && v !== null && typeof v !== "string") throw new TypeError(`edgen: message.${k} must be a string`);
    delta[k] = v ?? null;
  }
  const at = now();
  const reader = raw.newReader(at);
  if (typeof reader !== "number") throw toError(reader);
  const parts = [...partsOf(raw.readBatch(reader, JSON.stringify([{ choices: [{ index: 0, delta }] }]), at)), ...partsOf(raw.endReader(reader))];
  const out = { reasoning: "", content: "" };
  for (const p of parts) {
    if (p.type === "reasoning") out.reasoning += p.text;
    else if (p.type === "content") out.content += p.text;
    else if (p.type === "content_to_reasoning") [out.reasoning, out.content] = [p.text + out.reasoning, ""];
  }
  return out;
}

// partsOf is the parts of a reader's answer (JSON text), or throws its error.
/**
 * @param {string | GoError} text
 * @returns {any[]}
 */
function partsOf(text) {
  if (typeof text !== "string") throw toError(text);
  return JSON.parse(text);
}

// ignoreExit runs a clean-up call into Go; once the Go program has exited
// (every call throws) there is nothing left to clean up.
/** @param {() => void} f */
function ignoreExit(f) {
  try {
    f();
  } catch {
    // nothing to do
  }
}

// ------------------------------------------------------------ streams

// A Stream dropped before its end closes its request when collected.
/** @type {FinalizationRegistry<{id: number, release: () => void}>} */
const streamRegistry = new FinalizationRegistry(({ id, release }) => {
  release();
  ignoreExit(() => raw.closeStream(id));
});

// A parts() reader dropped before its end frees its Go accumulator.
/** @type {FinalizationRegistry<number>} */
const readerRegistry = new FinalizationRegistry((reader) => ignoreExit(() => raw.freeReader(reader)));

/**
 * A streamed chat completion: an async iterator of chunk objects, consumed
 * once. Go hands over every chunk that is ready in one call, as the text
 * of a JSON array; this class serves next() from that batch and keeps the
 * batch texts (references, not copies) so that finalChatCompletion() can
 * hand them to Go's accumulator, whenever it is called.
 */
export class Stream {
  /** @type {number} */
  #id;
  /** @type {AbortSignal | undefined} */
  #signal;
  /** @type {() => void} */
  #release;
  /** @type {() => import("./edgen.js").ClientOptions} */
  #settings; // the request's, for the reason of a connection that breaks (made only then)
  /** @type {unknown[]} */
  #queue = [];
  #at = 0;
  /** @type {string[]} */
  #batches = []; // every batch text received, for finalChatCompletion()
  /** @type {Promise<unknown> | undefined} */
  #final; // Promise of the accumulated answer, once asked for
  #consumed = false;
  #done = false;
  /** @type {Promise<unknown>} */
  #tail = Promise.resolve(); // serialises next() calls
  #pending = 0;
  /** @type {Promise<void>} */
  #end; // Promise settled when the stream ends
  /** @type {{resolve: () => void, reject: (err: Error) => void}} */
  #settle = { resolve() {}, reject() {} }; // the constructor sets those of #end
  /** @type {number} */
  #startedAt; // when the request was sent, for the stats (ms since the epoch)

  /**
   * @param {number} id
   * @param {AbortSignal | undefined} signal
   * @param {() => void} release
   * @param {{status: number, headers: string, url: string}} answer
   * @param {number} startedAt
   * @param {() => import("./edgen.js").ClientOptions} settings
   */
  constructor(id, signal, release, answer, startedAt, settings) {
    this.#id = id;
    this.#settings = settings;
    this.#signal = signal;
    this.#release = release;
    this.#startedAt = startedAt;
    this.#end = new Promise((resolve, reject) => { this.#settle = { resolve, reject }; });
    this.#end.catch(() => {});
    streamResponses.set(this, answer);
    streamRegistry.register(this, { id, release }, this);
  }

  /** @returns {AsyncIterableIterator<unknown>} */
  [Symbol.asyncIterator]() {
    if (this.#consumed) {
      const used = () => Promise.reject(new Error("edgen: this stream was already consumed; a stream can be iterated once"));
      return { next: used, return: async (value) => ({ value, done: true }), [Symbol.asyncIterator]() { return this; } };
    }
    this.#consumed = true;
    return {
      next: () => this.#next(),
      return: async (value) => { this.abort(); return { value, done: true }; },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  /** Stops the stream quietly: the connection closes, iteration ends. */
  abort() {
    this.#close();
  }

  /** The chunks as a ReadableStream of newline-delimited JSON bytes. */
  toReadableStream() {
    const it = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    return new ReadableStream({
      async pull(controller) {
        try {
          const { value, done } = await it.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(JSON.stringify(value) + "\n"));
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await it.return?.();
      },
    });
  }

  /**
   * The whole answer, as the Go client's ChatCompletionAccumulator makes it
   * of every chunk of the stream (those already iterated included). Reads
   * the stream to its end if nobody iterates it (without handing the chunks
   * to JS), else waits for the iteration to end.
   */
  finalChatCompletion() {
    this.#final ??= (async () => {
      if (!this.#consumed) {
        this.#consumed = true;
        while (!this.#done && (await this.#pull()) !== null);
      }
      await this.#end;
      const text = raw.accumulate(this.#batches);
      if (typeof text !== "string") throw toError(text);
      return JSON.parse(text);
    })();
    return this.#final;
  }

  /**
   * The stream read by the Go client as parts (reasoning, content,
   * content_to_reasoning, refusal, tool_call, finish, then stats; see
   * edgen.d.ts). Consumes the stream; finalChatCompletion() still works.
   * @returns {AsyncIterableIterator<any>}
   */
  parts() {
    if (this.#consumed) return this[Symbol.asyncIterator](); // it rejects: a stream is consumed once
    this.#consumed = true;
    const reader = raw.newReader(this.#startedAt);
    if (typeof reader !== "number") {
      const err = toError(reader);
      return { next: () => Promise.reject(err), return: async (value) => ({ value, done: true }), [Symbol.asyncIterator]() { return this; } };
    }
    const parts = this.#readParts(reader);
    readerRegistry.register(parts, reader, parts);
    return parts;
  }

  /**
   * @param {number} reader
   * @returns {AsyncGenerator<any>}
   */
  async *#readParts(reader) {
    let ended = false;
    try {
      for (;;) {
        const batch = await this.#pull();
        if (batch === null) break;
        yield* partsOf(raw.readBatch(reader, batch, now()));
      }
      ended = true;
      yield* partsOf(raw.endReader(reader));
    } finally {
      if (!ended) {
        ignoreExit(() => raw.freeReader(reader));
        this.#close(); // a break or an error: the connection closes
      }
    }
  }

  /** @returns {Promise<IteratorResult<unknown>>} */
  #next() {
    if (this.#pending === 0 && this.#at < this.#queue.length && !this.#signal?.aborted) {
      return Promise.resolve(this.#take());
    }
    this.#pending++;
    const step = this.#tail.then(() => this.#step()).finally(() => { this.#pending--; });
    this.#tail = step.catch(() => {});
    return step;
  }

  /** @returns {IteratorResult<unknown>} */
  #take() {
    return { value: this.#queue[this.#at++], done: false };
  }

  /** @returns {Promise<IteratorResult<unknown>>} */
  async #step() {
    if (this.#at < this.#queue.length && !this.#signal?.aborted) return this.#take();
    const batch = await this.#pull();
    if (batch === null) return { value: undefined, done: true };
    this.#queue = JSON.parse(batch);
    this.#at = 0;
    return this.#take();
  }

  // #pull takes the next batch text from Go (kept for finalChatCompletion),
  // or null at the end; it rejects when the stream failed or was aborted.
  /** @returns {Promise<string | null>} */
  async #pull() {
    if (this.#signal?.aborted && !this.#done) {
      const err = abortError(this.#signal);
      this.#close(err);
      throw err;
    }
    if (this.#done) return null;
    /** @type {string | null | undefined} */
    let batch;
    try {
      // Go returns a batch that is ready at once; else (undefined) it
      // settles the Promise when one is.
      /** @type {Promise<string | null>} */
      const later = new Promise((resolve, reject) => { batch = raw.pull(this.#id, resolve, reject); });
      if (batch === undefined) batch = await later;
    } catch (e) {
      const err = toError(e, this.#signal);
      if (err instanceof APIConnectionError) noted(err, this.#settings());
      this.#finish(err);
      throw err;
    }
    if (batch === null || this.#done) {
      this.#finish();
      return null;
    }
    this.#batches.push(batch);
    return batch;
  }

  // #close ends the stream from this side: Go cancels the request.
  /** @param {Error} [err] */
  #close(err) {
    if (this.#done) return;
    ignoreExit(() => raw.closeStream(this.#id));
    this.#finish(err);
  }

  // #finish marks the end, whoever saw it first.
  /** @param {Error} [err] */
  #finish(err) {
    if (this.#done) return;
    this.#done = true;
    streamRegistry.unregister(this);
    this.#release();
    this.#queue = [];
    this.#at = 0;
    if (err) this.#settle.reject(err);
    else this.#settle.resolve();
  }
}

// ------------------------------------------------------------ clients

/** @type {WeakMap<object, ClientState>} */
const state = new WeakMap(); // Edgen -> {id, options}
/** @type {FinalizationRegistry<ClientState>} */
const clientRegistry = new FinalizationRegistry((st) => ignoreExit(() => raw.freeClient(st.id)));

/** @param {object} self */
function stateOf(self) {
  const st = state.get(self);
  if (!st) throw new TypeError("edgen: not an Edgen client");
  return st;
}

// newClient asks Go for a client; a bad or unknown option throws a TypeError.
/**
 * @param {object} options
 * @returns {number}
 */
function newClient(options) {
  const id = raw.newClient(options);
  if (typeof id !== "number") throw toError(id);
  return id;
}

// resolveBaseURL makes a relative baseURL ("/v1/") absolute against the
// page, since Go's HTTP client needs a full URL.
/**
 * @param {Record<string, unknown>} options
 * @returns {Record<string, unknown>}
 */
function resolveBaseURL(options) {
  const base = globalThis.location?.href;
  if (!base || typeof options.baseURL !== "string") return options;
  try {
    return { ...options, baseURL: new URL(options.baseURL, base).href };
  } catch {
    return options;
  }
}

// settingsOf copies the settings the caller passed; Go checks the keys and
// values (wasm/options.go), so configure can tell "left out" from "set to
// undefined".
/**
 * @param {unknown} options
 * @returns {Record<string, unknown>}
 */
function settingsOf(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError("edgen: options must be an object");
  return { ...options };
}

// init gives self the whole API, bound to its own Go client.
/**
 * @param {object} self
 * @param {unknown} options
 */
function init(self, options) {
  const opts = resolveBaseURL(settingsOf(options));
  const st = { id: newClient(opts), options: opts };
  state.set(self, st);
  clientRegistry.register(self, st);
  buildSurface(self, raw.operations, (op) => method(st, op, self));
}

/** An independent client with its own settings; `edgen` itself is one too. */
export class Edgen {
  /** @param {import("./edgen.js").ClientOptions} [options] */
  constructor(options) {
    if (!raw) throw new Error("edgen: call load() first");
    init(this, options);
  }

  /**
   * Changes the client's settings (those of ClientOptions in edgen.d.ts;
   * Go's list, wasm/options.go). Keys left out keep their value; a key set
   * to undefined goes back to the default. A bad value or an unknown key
   * throws a TypeError.
   */
  /** @param {import("./edgen.js").ClientOptions} options */
  configure(options) {
    const st = stateOf(this);
    const opts = resolveBaseURL({ ...st.options, ...settingsOf(options) });
    const id = newClient(opts);
    raw.freeClient(st.id);
    st.id = id;
    st.options = opts;
  }

  /**
   * Why this client's server (or the one at baseURL) can or cannot be
   * used from here, with the fix; asked with the client's API key and
   * headers. It never rejects.
   * @param {string | URL} [baseURL]
   * @returns {Promise<import("./edgen.js").Diagnosis>}
   */
  diagnose(baseURL) {
    const { baseURL: own, apiKey, headers } = stateOf(this).options;
    return diagnose(baseURL ?? /** @type {string | undefined} */ (own), /** @type {import("./edgen.js").DiagnoseOptions} */ ({ apiKey, headers }));
  }
}

// ------------------------------------------------------------ loading

const exported = { Edgen, Stream, StreamRequest, ChatCompletionRunner, ParseStream, findLocalServers, ...errorClasses, APIConnectionTimeoutError: APITimeoutError };

// install turns the object Go put on globalThis into the public API.
/**
 * @param {any} edgen
 * @returns {import("./edgen.js").EdgenAPI}
 */
function install(edgen) {
  if (state.has(edgen)) return edgen;
  raw = edgen[RAW];
  Object.setPrototypeOf(edgen, Edgen.prototype);
  init(edgen, undefined);
  Object.assign(edgen, exported);
  edgen.ready = true;
  return edgen;
}

/**
 * Loads edgen.wasm and resolves to the API, the same object as
 * globalThis.edgen. options.wasmURL defaults to edgen.wasm beside this
 * module (bundlers emit it); the other options are client settings, applied
 * with configure(). The Go program starts once: a later load() resolves to
 * the same object after applying its settings, and rejects if it names
 * another wasmURL. When the Go program is already running (edgen.wasm
 * started by hand), load only installs the API.
 */
/**
 * @param {import("./edgen.js").LoadOptions} [options]
 * @returns {Promise<import("./edgen.js").EdgenAPI>}
 */
export function load(options) {
  /** @type {Record<string, unknown>} */
  let settings;
  /** @type {Promise<any>} */
  let starting;
  try {
    let wasmURL;
    ({ wasmURL, ...settings } = options ?? {});
    starting = startGo(wasmURL);
  } catch (e) {
    return Promise.reject(e);
  }
  return starting.then((edgen) => {
    install(edgen);
    if (Object.keys(settings).length > 0) edgen.configure(settings);
    return edgen;
  });
}
