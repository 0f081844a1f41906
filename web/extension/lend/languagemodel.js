// @ts-check
// The Prompt API's LanguageModel, as the page sees it (MAIN world): the
// shape and the semantics of the W3C Prompt API (webmachinelearning/prompt-api)
// closely enough that its documented examples run unchanged, answered by the
// person's own model through the extension (channel.js). The page side
// checks the arguments and gives the spec's errors where they arise; the
// extension holds the sessions, checks everything again and answers.
//
// Supported: availability(), create() with initialPrompts, temperature,
// topK, signal and monitor (downloadprogress), params(); prompt(),
// promptStreaming() (a ReadableStream of text pieces), append(),
// measureContextUsage() and measureInputUsage(), responseConstraint as a
// JSON schema (sent as response_format json_schema), signals on every call,
// clone(), destroy(), contextUsage/contextWindow with inputUsage/inputQuota,
// contextoverflow/quotaoverflow. Text only: image and audio inputs,
// tools and a RegExp responseConstraint are NotSupportedError.

import { PARAMS } from "./limits.js";
import { canonicalPrompt } from "./prompt.js";

/** @import { Channel } from "./channel.js" */

/** Marks the extension's LanguageModel, so a second injection leaves it be. */
export const MARK = Symbol.for("edgen-lend");

/** The session's state as the extension reports it. */
/** @typedef {{session: string, contextUsage: number, contextWindow: number, topK: number, temperature: number}} SessionInfo */

const TYPES = ["text", "image", "audio", "tool-call", "tool-response"];

/**
 * Builds the LanguageModel class that talks through channel.
 * @param {Channel} channel
 */
export function defineLanguageModel(channel) {
  /** The key only this module holds: the constructor is not for the page. */
  const KEY = Symbol("LanguageModel");
  /** Frees the extension's side of a session the page dropped without destroy(). */
  const dropped = new FinalizationRegistry((/** @type {string} */ session) => {
    channel.forget(session);
    channel.send("destroy", { session });
  });

  /** The CreateMonitor handed to create()'s monitor callback. */
  class CreateMonitor extends EventTarget {
    /** @type {((ev: Event) => void) | null} */
    #handler = null;
    /** @param {symbol} key */
    constructor(key) {
      if (key !== KEY) throw new TypeError("Illegal constructor");
      super();
    }
    get ondownloadprogress() { return this.#handler; }
    set ondownloadprogress(fn) { this.#handler = handlerAttribute(this, "downloadprogress", this.#handler, fn); }
  }

  class LanguageModel extends EventTarget {
    #session;
    #usage;
    #window;
    #topK;
    #temperature;
    #appended;
    #destroyed = new AbortController();
    /** @type {Record<string, ((ev: Event) => void) | null>} */
    #handlers = { contextoverflow: null, quotaoverflow: null };

    /**
     * @param {symbol} key
     * @param {SessionInfo} info
     * @param {boolean} appended whether the session holds input already
     */
    constructor(key, info, appended) {
      if (key !== KEY) throw new TypeError("Illegal constructor");
      super();
      this.#session = info.session;
      this.#usage = info.contextUsage;
      this.#window = info.contextWindow;
      this.#topK = info.topK;
      this.#temperature = info.temperature;
      this.#appended = appended;
      // The channel holds the session only weakly, so that the page's garbage collector may take it.
      const self = new WeakRef(this);
      const destroyed = this.#destroyed;
      channel.watch(this.#session, (event, err) => {
        if (event === "ended") {
          destroyed.abort(err);
          return;
        }
        self.deref()?.dispatchEvent(new Event(event));
        self.deref()?.dispatchEvent(new Event("quotaoverflow"));
      });
      dropped.register(this, this.#session, this);
    }

    /**
     * "available", "downloading" or "unavailable" for these options.
     * @param {unknown} [options]
     */
    static async availability(options = {}) {
      return channel.call("availability", { options: coreOptions(options) });
    }

    /**
     * A new session.
     * @param {any} [options]
     */
    static async create(options = {}) {
      const o = coreOptions(options);
      const initial = options?.initialPrompts;
      // initialPrompts: [] (the IDL's default) adds nothing.
      if (initial !== undefined && initial !== null && !isEmptyList(initial)) o.initialPrompts = canonicalPrompt(initial, false);
      /** @type {AbortSignal | undefined} */
      const signal = options?.signal ?? undefined;
      signal?.throwIfAborted();
      /** @type {CreateMonitor | null} */
      let monitor = null;
      if (options?.monitor !== undefined && options?.monitor !== null) {
        if (typeof options.monitor !== "function") throw new TypeError("monitor must be a function");
        monitor = new CreateMonitor(KEY);
        options.monitor(monitor);
      }
      const progress = (/** @type {number} */ loaded) =>
        monitor?.dispatchEvent(new ProgressEvent("downloadprogress", { loaded, total: 1, lengthComputable: true }));
      /** @type {SessionInfo} */
      const info = await channel.call("create", { options: o, monitor: monitor !== null }, { signal, onProgress: progress });
      const model = new LanguageModel(KEY, info, o.initialPrompts !== undefined);
      signal?.addEventListener("abort", () => model.#end(signal.reason), { once: true });
      return model;
    }

    /** The sampling parameters' defaults and maxima. */
    static async params() {
      return { ...PARAMS };
    }

    /**
     * The model's answer to input, whole.
     * @param {unknown} input
     * @param {any} [options]
     * @returns {Promise<string>}
     */
    async prompt(input, options = {}) {
      const { signal, args } = this.#promptArgs(input, options);
      /** @type {{text: string, contextUsage: number}} */
      const r = await channel.call("prompt", { ...args, stream: false }, { signal });
      this.#answered(r.contextUsage);
      return r.text;
    }

    /**
     * The model's answer to input as it comes: a ReadableStream of text pieces.
     * @param {unknown} input
     * @param {any} [options]
     * @returns {ReadableStream<string>}
     */
    promptStreaming(input, options = {}) {
      const cancelled = new AbortController();
      return new ReadableStream({
        start: (controller) => {
          let call;
          try {
            const { signal, args } = this.#promptArgs(input, options, cancelled.signal);
            call = channel.call("prompt", { ...args, stream: true }, { signal, onChunk: (c) => controller.enqueue(c) });
          } catch (err) {
            controller.error(err);
            return;
          }
          call.then((/** @type {{contextUsage: number}} */ r) => {
            this.#answered(r.contextUsage);
            controller.close();
          }, (err) => {
            if (!cancelled.signal.aborted) controller.error(err);
          });
        },
        cancel: (reason) => cancelled.abort(reason ?? new DOMException("The stream was cancelled.", "AbortError")),
      });
    }

    /**
     * Adds input to the session without asking for an answer.
     * @param {unknown} input
     * @param {any} [options]
     * @returns {Promise<undefined>}
     */
    async append(input, options = {}) {
      const signal = this.#signal(options?.signal);
      signal.throwIfAborted();
      const messages = canonicalPrompt(input, this.#appended);
      /** @type {{contextUsage: number}} */
      const r = await channel.call("append", { session: this.#session, input: messages }, { signal });
      this.#answered(r.contextUsage);
      return undefined;
    }

    /**
     * How much of the context window input would use.
     * @param {unknown} input
     * @param {any} [options]
     * @returns {Promise<number>}
     */
    async measureContextUsage(input, options = {}) {
      const { signal, args } = this.#promptArgs(input, options, undefined, false);
      return channel.call("measure", args, { signal });
    }

    /**
     * The deprecated name of measureContextUsage.
     * @param {unknown} input
     * @param {any} [options]
     */
    measureInputUsage(input, options = {}) {
      return this.measureContextUsage(input, options);
    }

    /**
     * A new session with this one's history and settings.
     * @param {any} [options]
     */
    async clone(options = {}) {
      const signal = this.#signal(options?.signal);
      signal.throwIfAborted();
      /** @type {SessionInfo} */
      const info = await channel.call("clone", { session: this.#session }, { signal });
      const copy = new LanguageModel(KEY, info, this.#appended);
      if (signal.aborted) copy.destroy();
      return copy;
    }

    /** Ends the session: its pending calls reject with an AbortError. */
    destroy() {
      this.#end(new DOMException("The session was destroyed.", "AbortError"));
    }

    get contextUsage() { return this.#usage; }
    get contextWindow() { return this.#window; }
    get inputUsage() { return this.#usage; }
    get inputQuota() { return this.#window; }
    get topK() { return this.#topK; }
    get temperature() { return this.#temperature; }
    get oncontextoverflow() { return this.#handlers.contextoverflow; }
    set oncontextoverflow(fn) { this.#handlers.contextoverflow = handlerAttribute(this, "contextoverflow", this.#handlers.contextoverflow, fn); }
    get onquotaoverflow() { return this.#handlers.quotaoverflow; }
    set onquotaoverflow(fn) { this.#handlers.quotaoverflow = handlerAttribute(this, "quotaoverflow", this.#handlers.quotaoverflow, fn); }

    /**
     * Ends the session with reason, once; the extension forgets it.
     * @param {unknown} reason
     */
    #end(reason) {
      if (this.#destroyed.signal.aborted) return;
      this.#destroyed.abort(reason);
      dropped.unregister(this);
      channel.forget(this.#session);
      channel.send("destroy", { session: this.#session });
    }

    /**
     * The signal of a call: the caller's, the session's end, and extra.
     * @param {unknown} callerSignal
     * @param {AbortSignal} [extra]
     */
    #signal(callerSignal, extra) {
      const signals = [this.#destroyed.signal];
      if (callerSignal !== undefined && callerSignal !== null) {
        if (!(callerSignal instanceof AbortSignal)) throw new TypeError("signal must be an AbortSignal");
        signals.push(callerSignal);
      }
      if (extra) signals.push(extra);
      return AbortSignal.any(signals);
    }

    /**
     * The checked arguments of prompt, promptStreaming and measureContextUsage.
     * @param {unknown} input
     * @param {any} options
     * @param {AbortSignal} [extra]
     * @param {boolean} [appended] whether a system message is refused (the session's state, for prompts)
     */
    #promptArgs(input, options, extra, appended = this.#appended) {
      const signal = this.#signal(options?.signal, extra);
      signal.throwIfAborted();
      const constraint = options?.responseConstraint;
      const omit = Boolean(options?.omitResponseConstraintInput);
      if (omit && (constraint === undefined || constraint === null)) {
        throw new TypeError("omitResponseConstraintInput needs a responseConstraint");
      }
      /** @type {Record<string, unknown>} */
      const args = { session: this.#session, input: canonicalPrompt(input, appended) };
      if (constraint !== undefined && constraint !== null) {
        if (constraint instanceof RegExp) throw new DOMException("A RegExp responseConstraint is not supported: give a JSON schema.", "NotSupportedError");
        if (typeof constraint !== "object") throw new TypeError("responseConstraint must be a JSON schema object");
        let schema;
        try {
          schema = JSON.parse(JSON.stringify(constraint));
        } catch {
          // As Chrome (and the web platform tests) do for a schema JSON cannot hold, such as a cycle.
          throw new DOMException("The responseConstraint is not a JSON schema: it cannot be written as JSON.", "NotSupportedError");
        }
        args.schema = schema;
        args.omitSchemaInput = omit;
      }
      return { signal, args };
    }

    /**
     * Notes a finished call's usage.
     * @param {number} usage
     */
    #answered(usage) {
      this.#usage = usage;
      this.#appended = true;
    }
  }

  Object.defineProperty(LanguageModel, MARK, { value: true });
  Object.defineProperty(LanguageModel, "name", { value: "LanguageModel" });
  Object.defineProperty(LanguageModel.prototype, Symbol.toStringTag, { value: "LanguageModel", configurable: true });
  Object.defineProperty(CreateMonitor, "name", { value: "CreateMonitor" });
  return LanguageModel;
}

/**
 * The options of availability() and create() that cross to the extension:
 * temperature and topK (±Infinity as the largest number, which JSON can
 * carry; the extension clamps), expectedInputs and expectedOutputs with their
 * language tags canonicalized (a bad tag is a RangeError). Tools are
 * NotSupportedError.
 * @param {any} options
 * @returns {Record<string, any>}
 */
function coreOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" && typeof options !== "function") throw new TypeError("options must be an object");
  /** @type {Record<string, any>} */
  const o = {};
  for (const k of ["temperature", "topK"]) {
    if (options[k] === undefined) continue;
    const n = Number(options[k]);
    if (Number.isNaN(n)) throw new TypeError(`${k} must be a number`);
    o[k] = Number.isFinite(n) ? n : Math.sign(n) * Number.MAX_VALUE;
  }
  for (const k of ["expectedInputs", "expectedOutputs"]) {
    if (options[k] === undefined || options[k] === null) continue;
    o[k] = [...options[k]].map((/** @type {any} */ e) => {
      if (typeof e !== "object" || e === null || !TYPES.includes(e.type)) throw new TypeError(`${k}: each entry needs a type of ${TYPES.join(", ")}`);
      /** @type {{type: string, languages?: string[]}} */
      const x = { type: e.type };
      if (e.languages !== undefined && e.languages !== null) x.languages = Intl.getCanonicalLocales([...e.languages].map(String));
      return x;
    });
  }
  if (options.tools !== undefined && options.tools !== null && [...options.tools].length > 0) {
    throw new DOMException("Tools are not supported by this model.", "NotSupportedError");
  }
  return o;
}

/**
 * Whether v is an empty list (initialPrompts: [] adds nothing).
 * @param {unknown} v
 */
function isEmptyList(v) {
  return Array.isArray(v) && v.length === 0;
}

/**
 * Sets an event handler attribute: removes the old handler and adds fn
 * (when it is a function) as the listener of type; returns what the
 * attribute now holds.
 * @param {EventTarget} target
 * @param {string} type
 * @param {((ev: Event) => void) | null} old
 * @param {unknown} fn
 * @returns {((ev: Event) => void) | null}
 */
function handlerAttribute(target, type, old, fn) {
  if (old) target.removeEventListener(type, old);
  if (typeof fn !== "function") return null;
  const handler = /** @type {(ev: Event) => void} */ (fn);
  target.addEventListener(type, handler);
  return handler;
}
