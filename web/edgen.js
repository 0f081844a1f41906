// edgen.js: the ES-module loader and JavaScript face of the Edgen client.
//
//   import { load } from "./edgen.js";
//   const edgen = await load();              // the same object as globalThis.edgen
//   const answer = await edgen.chat({ model: "default", messages: [{ role: "user", content: "Hi" }] });
//   for await (const chunk of edgen.chat({ model: "default", messages, stream: true })) { ... }
//
// The Go program (edgen.wasm) does all the protocol work: requests, retries,
// timeouts, server-sent events, error classification. It exposes a few raw
// functions under Symbol.for("edgen.go") that move JSON text across the
// boundary; this module turns them into the public API (classes, Promises,
// async iterators, Error subclasses). Works in pages, module workers, MV3
// extension pages (no eval), Node 20 and every bundler; load.js starts the
// Go program.
import { keepAlive, startGo } from "./load.js";

const RAW = Symbol.for("edgen.go");

// ---------------------------------------------------------------- errors

/** Every error the API rejects with, except TypeError for bad arguments. */
export class APIError extends Error {
  constructor(message, { status, headers, error, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    /** HTTP status, when a response arrived. */
    this.status = status;
    /** Response headers as a plain object with lower-case names. */
    this.headers = headers;
    /** The parsed error body: an object if JSON, a string if text, undefined if empty. */
    this.error = error;
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

const errorClasses = {
  APIError, APIConnectionError, APITimeoutError, APIUserAbortError, APIStatusError,
  BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError,
};

// toError turns what Go rejects with ({kind, message, status?, headers?,
// body?, cause?}) into an instance of the class it names. signal, when
// given, becomes the cause of an APIUserAbortError.
function toError(e, signal) {
  if (e instanceof Error) return e;
  if (e === null || typeof e !== "object" || typeof e.kind !== "string") {
    return new APIError(String(e));
  }
  if (e.kind === "TypeError") return new TypeError(e.message);
  const Class = errorClasses[e.kind];
  if (Class === undefined) return new Error(e.message);
  let cause = e.cause === undefined ? undefined : new Error(e.cause);
  if (Class === APIUserAbortError && signal && signal.reason !== undefined) cause = signal.reason;
  return new Class(e.message, { status: e.status, headers: e.headers, error: parseBody(e.body), cause });
}

function parseBody(text) {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
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

// ------------------------------------------------------ calls into Go

let raw; // the Go functions, set by install

// stringify is JSON.stringify of the caller's params; circular structures,
// BigInts and throwing getters become a TypeError.
function stringify(params) {
  try {
    return JSON.stringify(params);
  } catch (e) {
    throw new TypeError(`params cannot be sent as JSON: ${e?.message ?? e}`);
  }
}

// request runs one raw call and parses its JSON answer. It never throws:
// every failure, even a Go program that has exited, is a rejection.
function request(st, op, arg, options) {
  const signal = signalOf(options);
  const release = keepAlive();
  try {
    return Promise.resolve(raw.call(st.id, op, arg, options)).then(
      (text) => {
        release();
        return text === undefined ? undefined : JSON.parse(text);
      },
      (e) => {
        release();
        throw toError(e, signal);
      },
    );
  } catch (e) {
    release();
    return Promise.reject(toError(e, signal));
  }
}

function jsonRequest(st, op, params, options) {
  let body;
  try {
    body = stringify(params);
  } catch (e) {
    return Promise.reject(e);
  }
  return request(st, op, body, options);
}

function isStreaming(params) {
  try {
    return params !== null && typeof params === "object" && params.stream === true;
  } catch {
    return false;
  }
}

async function openStream(st, params, options) {
  const body = stringify(params);
  const signal = signalOf(options);
  const release = keepAlive();
  let id;
  try {
    id = await raw.openStream(st.id, body, options);
  } catch (e) {
    release();
    throw toError(e, signal);
  }
  return new Stream(id, signal, release);
}

async function transcribe(st, params, options) {
  if (params === null || typeof params !== "object") throw new TypeError("params must be an object");
  const { file } = params;
  const arg = {
    file: await bytesOf(file),
    fileName: typeof file?.name === "string" && file.name !== "" ? file.name : undefined,
    model: params.model,
    language: params.language,
    prompt: params.prompt,
    response_format: params.response_format,
    temperature: params.temperature,
    create_session: params.create_session,
    session: params.session,
  };
  return request(st, "transcriptions", arg, options);
}

// bytesOf reads a Blob, File, ArrayBuffer or typed array into a Uint8Array
// before it crosses into Go; anything else is left for Go to reject.
async function bytesOf(file) {
  if (file instanceof Uint8Array) return file;
  if (ArrayBuffer.isView(file)) return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (Object.prototype.toString.call(file) === "[object ArrayBuffer]") return new Uint8Array(file);
  if (typeof Blob !== "undefined" && file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  return file;
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

/**
 * A streamed chat completion: an async iterator of chunk objects, consumed
 * once. Go hands over every chunk that is ready in one call, as the text
 * of a JSON array; this class serves next() from that batch.
 */
export class Stream {
  #id;
  #signal;
  #release;
  #queue = [];
  #at = 0;
  #consumed = false;
  #done = false;
  #tail = Promise.resolve(); // serialises next() calls
  #pending = 0;
  #acc = new Accumulator();
  #end; // Promise settled when the stream ends
  #settle;

  constructor(id, signal, release) {
    this.#id = id;
    this.#signal = signal;
    this.#release = release;
    this.#end = new Promise((resolve, reject) => { this.#settle = { resolve, reject }; });
    this.#end.catch(() => {});
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
   * The whole answer accumulated from the chunks. Reads the stream to its
   * end if nobody iterates it, else waits for the iteration to end.
   */
  async finalChatCompletion() {
    if (!this.#consumed) {
      for await (const _ of this); // eslint-disable-line no-unused-vars
    }
    await this.#end;
    return this.#acc.completion();
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
    const value = this.#queue[this.#at++];
    this.#acc.add(value);
    return { value, done: false };
  }

  async #step() {
    if (this.#signal?.aborted && !this.#done) {
      const err = abortError(this.#signal);
      this.#close(err);
      throw err;
    }
    if (this.#at < this.#queue.length) return this.#take();
    if (this.#done) return { value: undefined, done: true };
    let batch;
    try {
      batch = raw.pull(this.#id);
      if (batch !== null && typeof batch !== "string") batch = await batch;
    } catch (e) {
      const err = toError(e, this.#signal);
      this.#finish(err);
      throw err;
    }
    if (batch === null || this.#done) {
      this.#finish();
      return { value: undefined, done: true };
    }
    this.#queue = JSON.parse(batch);
    this.#at = 0;
    return this.#take();
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

/**
 * What edgen.chat({stream: true}) returns: a thenable that resolves to the
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

  [Symbol.asyncIterator]() {
    const iterator = () => (this.#iterator ??= this.#promise.then((s) => s[Symbol.asyncIterator]()));
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

// Accumulator builds the ChatCompletion out of the chunks, like the Go
// client's ChatCompletionAccumulator, from the objects already parsed for
// the caller (so it costs no second decoding).
class Accumulator {
  #head;
  #choices = new Map();
  #usage;

  add(chunk) {
    if (chunk === null || typeof chunk !== "object") return;
    this.#head ??= chunk;
    if (chunk.usage != null) this.#usage = chunk.usage;
    for (const ch of Array.isArray(chunk.choices) ? chunk.choices : []) {
      const index = ch?.index ?? 0;
      let c = this.#choices.get(index);
      if (!c) this.#choices.set(index, (c = { index, role: "", content: "", finish: null, tools: new Map() }));
      const d = ch.delta ?? {};
      if (typeof d.role === "string" && d.role !== "") c.role = d.role;
      if (typeof d.content === "string") c.content += d.content;
      if (ch.finish_reason != null) c.finish = ch.finish_reason;
      for (const tc of Array.isArray(d.tool_calls) ? d.tool_calls : []) {
        const i = tc?.index ?? 0;
        let t = c.tools.get(i);
        if (!t) c.tools.set(i, (t = { id: "", type: "", function: { name: "", arguments: "" } }));
        if (tc.id) t.id = tc.id;
        if (tc.type) t.type = tc.type;
        if (tc.function?.name) t.function.name = tc.function.name;
        if (typeof tc.function?.arguments === "string") t.function.arguments += tc.function.arguments;
      }
    }
  }

  completion() {
    const h = this.#head ?? {};
    const choices = [...this.#choices.values()].sort((a, b) => a.index - b.index).map((c) => ({
      index: c.index,
      message: {
        role: c.role || "assistant",
        content: c.content,
        ...(c.tools.size ? { tool_calls: [...c.tools.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]) } : {}),
      },
      finish_reason: c.finish,
    }));
    return {
      id: h.id,
      object: h.object === "chat.completion.chunk" ? "chat.completion" : h.object,
      created: h.created,
      model: h.model,
      system_fingerprint: h.system_fingerprint,
      choices,
      ...(this.#usage ? { usage: this.#usage } : {}),
    };
  }
}

// ------------------------------------------------------------ clients

const state = new WeakMap(); // Edgen -> {id, options}
const clientRegistry = new FinalizationRegistry((st) => ignoreExit(() => raw.freeClient(st.id)));

function stateOf(self) {
  const st = state.get(self);
  if (!st) throw new TypeError("edgen: not an Edgen client");
  return st;
}

// newClient asks Go for a client; a bad option throws a TypeError.
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

const settingKeys = ["baseURL", "apiKey", "timeout", "maxRetries", "headers"];

// settingsOf copies the client settings the caller passed (only the keys
// present, so configure can tell "left out" from "set to undefined").
function settingsOf(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError("options must be an object");
  const out = {};
  for (const k of settingKeys) if (k in options) out[k] = options[k];
  return out;
}

// init gives self the whole API, bound to its own Go client.
function init(self, options) {
  const opts = resolveBaseURL(settingsOf(options));
  const st = { id: newClient(opts), options: opts };
  state.set(self, st);
  clientRegistry.register(self, st);

  const chat = (params, options) => {
    if (isStreaming(params)) return new StreamRequest(openStream(st, params, options));
    return jsonRequest(st, "chat", params, options);
  };
  const status = (op) => (options) => request(st, op, undefined, options);
  chat.completions = { create: chat };
  chat.status = status("chat.status");
  Object.assign(self, {
    chat,
    audio: {
      transcriptions: {
        create: (params, options) => transcribe(st, params, options),
        status: status("transcriptions.status"),
      },
    },
    embeddings: {
      create: (params, options) => jsonRequest(st, "embeddings", params, options),
      status: status("embeddings.status"),
    },
    images: { generate: (params, options) => jsonRequest(st, "images.generate", params, options) },
    models: {
      list: status("models.list"),
      retrieve: (id, options) => request(st, "models.retrieve", id, options),
      del: (id, options) => request(st, "models.del", id, options),
    },
    misc: { version: status("version") },
  });
}

/** An independent client with its own settings; `edgen` itself is one too. */
export class Edgen {
  constructor(options) {
    if (!raw) throw new Error("edgen: call load() first");
    init(this, options);
  }

  /**
   * Changes the client's settings: {baseURL, apiKey, timeout, maxRetries,
   * headers}. Keys left out keep their value; a key set to undefined goes
   * back to the default. A bad value throws a TypeError.
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

const exported = { Edgen, Stream, StreamRequest, ...errorClasses };

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
