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
import { runTools, ChatCompletionRunner } from "./runner.js";
import { parse, ParseStream } from "./parse.js";

export { ChatCompletionRunner, ParseStream };

const RAW = Symbol.for("edgen.go");

// ---------------------------------------------------------------- errors

/** Every error the API rejects with, except TypeError for bad arguments. */
export class APIError extends Error {
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
export class APIConnectionError extends APIError {}
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
  constructor(message, { refusal, ...rest } = {}) {
    super(message, rest);
    /** The model's refusal. */
    this.refusal = refusal;
  }
}
/** parse(): the answer is not JSON, or not valid against the schema. */
export class OutputValidationError extends StructuredOutputError {
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
function toError(e, signal) {
  if (e === null || typeof e !== "object" || typeof e.kind !== "string") {
    return new APIError(`edgen: ${e?.message ?? String(e)}`, { cause: e });
  }
  if (e.kind === "TypeError") return new TypeError(e.message);
  const Class = errorClasses[e.kind];
  if (Class === undefined) return new Error(e.message);
  let cause = e.cause === undefined ? undefined : new Error(e.cause);
  if (Class === APIUserAbortError && signal && signal.reason !== undefined) cause = signal.reason;
  return new Class(e.message, { ...e, cause });
}

function signalOf(options) {
  try {
    const s = options?.signal;
    return s && typeof s === "object" ? s : undefined;
  } catch {
    return undefined;
  }
}

function abortError(signal) {
  return new APIUserAbortError("edgen: request aborted", { cause: signal?.reason });
}

// ------------------------------------------------------ responses

// response is the fetch Response that withResponse() and asResponse() give:
// the status, the headers (Go's "name: value" lines, or a plain object when
// they crossed from a worker), the URL (a constructed Response has none: it
// is set on the object) and the body text, if any.
function response({ status, headers, url, text }) {
  const h = typeof headers === "string"
    ? headers.split("\n").filter((l) => l !== "").map((l) => { const i = l.indexOf(": "); return [l.slice(0, i), l.slice(i + 2)]; })
    : headers;
  const nullBody = status === 204 || status === 205 || status === 304;
  const r = new Response(nullBody ? null : text ?? null, { status, headers: new Headers(h) });
  Object.defineProperty(r, "url", { value: url ?? "", enumerable: true });
  return r;
}

// apiPromise is what every method that does not stream returns: a Promise
// of the data with withResponse() (the same data object and the fetch
// Response) and asResponse() (that same Response), as in the OpenAI JS
// library. answer is a Promise of {data, status, headers, url, text?},
// text the body.
function apiPromise(answer) {
  const data = answer.then((a) => a.data);
  const handled = () => data.catch(() => {}); // the caller takes the failure from the other Promise
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

// now is the time in milliseconds since the Unix epoch, to the
// microsecond where the engine allows: what Go's stats are measured in.
function now() {
  return performance.timeOrigin + performance.now();
}

// ------------------------------------------------------ calls into Go

let raw; // the Go functions, set by install

// Go's asynchronous functions (call, openStream, pull) take the resolve and
// reject functions of a Promise made here as their last arguments
// (wasm/interop.go): a Promise costs little in JS and many crossings in Go.
// Inside the executor, a Go program that has exited throws, which rejects.

// stringify is JSON.stringify of the caller's params; circular structures,
// BigInts and throwing getters become a TypeError.
function stringify(params) {
  try {
    return JSON.stringify(params);
  } catch (e) {
    throw new TypeError(`edgen: params cannot be sent as JSON: ${e?.message ?? e}`);
  }
}

// call runs one raw call of the operation at index at: a Promise of
// {data, text, status, headers}. It never throws: every failure, even a Go
// program that has exited, is a rejection.
function call(st, at, arg, options) {
  const signal = signalOf(options);
  const release = keepAlive();
  const answer = async () => {
    try {
      // Go reads arg and options at once, unless arg is still being read (a file).
      const a = arg instanceof Promise ? await arg : arg;
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
      throw e instanceof TypeError ? e : toError(e, signal);
    } finally {
      release();
    }
  };
  return answer();
}

function isStreaming(params) {
  try {
    return params !== null && typeof params === "object" && params.stream === true;
  } catch {
    return false;
  }
}

async function openStream(st, at, params, options) {
  const body = stringify(params);
  const signal = signalOf(options);
  const release = keepAlive();
  const startedAt = now();
  let opened;
  try {
    opened = await new Promise((resolve, reject) => raw.openStream(st.id, at, body, options, resolve, reject));
  } catch (e) {
    release();
    throw toError(e, signal);
  }
  const [id, status, headers, url] = opened;
  return new Stream(id, signal, release, { status, headers, url }, startedAt);
}

// upload reads params.file (a Blob, File, ArrayBuffer or typed array) into
// a Uint8Array before it crosses into Go, with the File's name; Go reads
// the other fields and rejects anything else.
async function upload(params) {
  if (params === null || typeof params !== "object") throw new TypeError("edgen: params must be an object");
  const { file } = params;
  const fileName = typeof file?.name === "string" && file.name !== "" ? file.name : undefined;
  return [{ ...params, file: await bytesOf(file) }, fileName];
}

// bytesOf reads a Blob, File, ArrayBuffer or typed array into a Uint8Array;
// anything else is left for Go to reject.
async function bytesOf(file) {
  if (file instanceof Uint8Array) return file;
  if (ArrayBuffer.isView(file)) return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (Object.prototype.toString.call(file) === "[object ArrayBuffer]") return new Uint8Array(file);
  if (typeof Blob !== "undefined" && file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  return file;
}

// method is the function of one operation of Go's table (wasm/ops.go),
// bound to the client state st; face is the client it is a method of.
function method(st, op, face) {
  const at = raw.operations.indexOf(op); // Go takes the operation by its index: a number crosses for free
  const send = (arg, options) => apiPromise(call(st, at, arg, options));
  const helper = helpers(op, face);
  if (helper) return helper;
  switch (op.input) {
    case "none":
      return (options) => send(undefined, options);
    case "id":
      return (id, options) => send(id, options);
    case "upload":
      return (params, options) => send(upload(params), options);
    case "json":
      return (params, options) => {
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

/**
 * Internal, for worker/client.js too: the method of an operation that runs
 * in JS over the public face (runTools, parse) or that Go answers without a
 * request (local: the face's own call of it, given as call), or undefined
 * for the other operations.
 */
export function helpers(op, face, localCall = localMethod(op)) {
  switch (op.input) {
    case "tools":
      return (params, options) => runTools(face, params, options);
    case "parse":
      return (params, options) => parse(face, params, options);
    case "local":
      return localCall;
  }
  return undefined;
}

// localMethod is the method of a "local" operation in this thread.
function localMethod(op) {
  if (op.path === "chat.completions.splitReasoning") return async (message) => splitReasoning(message);
  return undefined;
}

// splitReasoning reads a whole message as the one chunk of a stream, with
// Go's parts reader: the same reading as Stream.parts() gives.
function splitReasoning(message) {
  if (message === null || typeof message !== "object") throw new TypeError("edgen: message must be an object");
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
function partsOf(text) {
  if (typeof text !== "string") throw toError(text);
  return JSON.parse(text);
}

/**
 * Internal, for worker/client.js: places make(op) at the path and aliases
 * of every operation of the table on target (shorter paths first, so that
 * "chat" is a function that also carries chat.completions.create).
 */
export function buildSurface(target, operations, make) {
  const places = operations.flatMap((op) => {
    const fn = make(op);
    return [op.path, ...op.aliases].map((path) => [path.split("."), fn]);
  });
  places.sort((a, b) => a[0].length - b[0].length);
  for (const [keys, fn] of places) {
    let node = target;
    for (const k of keys.slice(0, -1)) node = Object.hasOwn(node, k) ? node[k] : (node[k] = {});
    node[keys.at(-1)] = fn;
  }
  return target;
}

// ignoreExit runs a clean-up call into Go; once the Go program has exited
// (every call throws) there is nothing left to clean up.
function ignoreExit(f) {
  try {
    f();
  } catch {
    // nothing to do
  }
}

// ------------------------------------------------------------ streams

// A Stream dropped before its end closes its request when collected.
const streamRegistry = new FinalizationRegistry(({ id, release }) => {
  release();
  ignoreExit(() => raw.closeStream(id));
});

// The status and headers of each Stream, for StreamRequest.withResponse().
const streamResponses = new WeakMap();

// A parts() reader dropped before its end frees its Go accumulator.
const readerRegistry = new FinalizationRegistry((reader) => ignoreExit(() => raw.freeReader(reader)));

/**
 * A streamed chat completion: an async iterator of chunk objects, consumed
 * once. Go hands over every chunk that is ready in one call, as the text
 * of a JSON array; this class serves next() from that batch and keeps the
 * batch texts (references, not copies) so that finalChatCompletion() can
 * hand them to Go's accumulator, whenever it is called.
 */
export class Stream {
  #id;
  #signal;
  #release;
  #queue = [];
  #at = 0;
  #batches = []; // every batch text received, for finalChatCompletion()
  #final; // Promise of the accumulated answer, once asked for
  #consumed = false;
  #done = false;
  #tail = Promise.resolve(); // serialises next() calls
  #pending = 0;
  #end; // Promise settled when the stream ends
  #settle;
  #startedAt; // when the request was sent, for the stats (ms since the epoch)

  constructor(id, signal, release, answer, startedAt = now()) {
    this.#id = id;
    this.#signal = signal;
    this.#release = release;
    this.#startedAt = startedAt;
    this.#end = new Promise((resolve, reject) => { this.#settle = { resolve, reject }; });
    this.#end.catch(() => {});
    streamResponses.set(this, answer);
    streamRegistry.register(this, { id, release }, this);
  }

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
        await it.return();
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
   */
  parts() {
    if (this.#consumed) return this[Symbol.asyncIterator](); // rejects: consumed once
    this.#consumed = true;
    const reader = raw.newReader(this.#startedAt);
    if (typeof reader !== "number") return failing(toError(reader));
    const stream = this;
    const parts = (async function* () {
      let ended = false;
      try {
        for (;;) {
          const batch = await stream.#pull();
          if (batch === null) break;
          yield* partsOf(raw.readBatch(reader, batch, now()));
        }
        ended = true;
        readerRegistry.unregister(parts);
        yield* partsOf(raw.endReader(reader));
      } finally {
        if (!ended) {
          readerRegistry.unregister(parts);
          ignoreExit(() => raw.freeReader(reader));
          stream.#close(); // break or an error: the connection closes
        }
      }
    })();
    readerRegistry.register(parts, reader, parts);
    return parts;
  }

  #next() {
    if (this.#pending === 0 && this.#at < this.#queue.length && !this.#signal?.aborted) {
      return Promise.resolve(this.#take());
    }
    this.#pending++;
    const step = this.#tail.then(() => this.#step()).finally(() => { this.#pending--; });
    this.#tail = step.catch(() => {});
    return step;
  }

  #take() {
    return { value: this.#queue[this.#at++], done: false };
  }

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
  async #pull() {
    if (this.#signal?.aborted && !this.#done) {
      const err = abortError(this.#signal);
      this.#close(err);
      throw err;
    }
    if (this.#done) return null;
    let batch;
    try {
      // Go returns a batch that is ready at once; else (undefined) it
      // settles the Promise when one is.
      const later = new Promise((resolve, reject) => { batch = raw.pull(this.#id, resolve, reject); });
      if (batch === undefined) batch = await later;
    } catch (e) {
      const err = toError(e, this.#signal);
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
  #close(err) {
    if (this.#done) return;
    ignoreExit(() => raw.closeStream(this.#id));
    this.#finish(err);
  }

  // #finish marks the end, whoever saw it first.
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

// failing is an async iterator whose first next() rejects with err.
function failing(err) {
  return { next: () => Promise.reject(err), return: async (value) => ({ value, done: true }), [Symbol.asyncIterator]() { return this; } };
}

/**
 * What chat({stream: true}) returns: a thenable that resolves to the
 * Stream once the response headers arrived (an HTTP error rejects), and
 * itself async-iterable, so `for await` needs no `await` first.
 */
export class StreamRequest {
  #promise;
  #iterator;

  constructor(promise) {
    this.#promise = promise;
    promise.catch(() => {}); // a request nobody awaits must not be an unhandled rejection
  }

  then(onFulfilled, onRejected) {
    return this.#promise.then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#promise.catch(onRejected);
  }

  finally(onFinally) {
    return this.#promise.finally(onFinally);
  }

  /** The Stream with the fetch Response (its body is read through the Stream). */
  withResponse() {
    return this.#promise.then((data) => ({ data, response: response(streamResponses.get(data)) }));
  }

  /** The Stream's parts() (see Stream), without awaiting the Stream first. */
  parts() {
    return this.#delegate((s) => s.parts());
  }

  [Symbol.asyncIterator]() {
    return this.#delegate((s) => s[Symbol.asyncIterator]());
  }

  // #delegate is an async iterator over what pick makes of the Stream,
  // once it is there; made once, whichever of the two is asked for first.
  #delegate(pick) {
    const iterator = () => (this.#iterator ??= this.#promise.then(pick));
    return {
      next: async () => (await iterator()).next(),
      return: async (value) => {
        try {
          return await (await iterator()).return(value);
        } catch {
          return { value, done: true };
        }
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}

/**
 * Internal, for worker/client.js: the pieces the worker's face shares with
 * this one.
 */
export const internal = { apiPromise, streamResponses, response };

// ------------------------------------------------------------ clients

const state = new WeakMap(); // Edgen -> {id, options}
const clientRegistry = new FinalizationRegistry((st) => ignoreExit(() => raw.freeClient(st.id)));

function stateOf(self) {
  const st = state.get(self);
  if (!st) throw new TypeError("edgen: not an Edgen client");
  return st;
}

// newClient asks Go for a client; a bad or unknown option throws a TypeError.
function newClient(options) {
  const id = raw.newClient(options);
  if (typeof id !== "number") throw toError(id);
  return id;
}

// resolveBaseURL makes a relative baseURL ("/v1/") absolute against the
// page, since Go's HTTP client needs a full URL.
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
function settingsOf(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError("edgen: options must be an object");
  return { ...options };
}

// init gives self the whole API, bound to its own Go client.
function init(self, options) {
  const opts = resolveBaseURL(settingsOf(options));
  const st = { id: newClient(opts), options: opts };
  state.set(self, st);
  clientRegistry.register(self, st);
  buildSurface(self, raw.operations, (op) => method(st, op, self));
}

/** An independent client with its own settings; `edgen` itself is one too. */
export class Edgen {
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
  configure(options) {
    const st = stateOf(this);
    const opts = resolveBaseURL({ ...st.options, ...settingsOf(options) });
    const id = newClient(opts);
    raw.freeClient(st.id);
    st.id = id;
    st.options = opts;
  }
}

// ------------------------------------------------------------ loading

const exported = { Edgen, Stream, StreamRequest, ChatCompletionRunner, ParseStream, ...errorClasses, APIConnectionTimeoutError: APITimeoutError };

// install turns the object Go put on globalThis into the public API.
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
export function load(options) {
  let settings, starting;
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
