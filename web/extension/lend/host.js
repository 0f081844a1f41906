// @ts-check
// The host of the lent model, in the offscreen document: it takes the
// relays' Ports from the pages the policy allows (the sender's tab and
// origin as the browser reports them, never as a message says), holds each
// page's sessions (their initial prompts and history), checks every call
// (checks.js) and the limits (limits.js: sessions per origin, input size,
// the context window, the rate) before anything reaches the server, asks the
// server through the Edgen client, and answers with the Prompt API's errors
// and nothing of the server's (no address, no key, no error text). When the
// policy takes an origin back, its pages' sessions end at once: their
// pending calls reject with NotAllowedError and their requests are cut.
// Nothing a page sends is logged.

import {
  APIConnectionError, APIStatusError, APIUserAbortError, ContentFilterFinishReasonError, LengthFinishReasonError,
  RefusalError, StructuredOutputError,
} from "../../edgen/edgen.js";
import { readAnswer } from "./answer.js";
import { CallError, checkCall } from "./checks.js";
import { CONTEXT_WINDOW, MAX_SESSIONS, PARAMS, PROGRESS_POLL_MS, RATE_BURST, RATE_REFILL_MS } from "./limits.js";
import { PORT_NAME, wireError } from "./protocol.js";
import { RateBucket } from "./rate.js";
import { estimateTokens } from "./usage.js";

/** @import { EdgenAPI, ChatCompletionCreateParamsStreaming, ParseParams } from "../../edgen/edgen.js" */
/** @import { Call, CallOptions } from "./checks.js" */
/** @import { Policy, WireError } from "./protocol.js" */
/** @import { Message } from "./usage.js" */

/**
 * What the host needs from the offscreen document.
 * @typedef {object} HostDeps
 * @property {() => Promise<EdgenAPI>} client the loaded Edgen client
 * @property {(origin: string, tokens: number) => void} usage called after each answer
 * @property {() => void} idle called when the last page went away
 */

/** A session: its history and settings. */
class Session {
  /**
   * @param {string} id
   * @param {Message[]} initial
   * @param {number} temperature
   * @param {number} topK
   */
  constructor(id, initial, temperature, topK) {
    this.id = id;
    this.initial = initial;
    /** @type {Message[][]} prompts with their answers, and appends, oldest first */
    this.turns = [];
    this.usage = estimateTokens(initial);
    this.temperature = temperature;
    this.topK = topK;
    /** @type {Promise<unknown>} the calls run one after the other */
    this.queue = Promise.resolve();
  }

  /** Whether the session holds input already (then a system message is refused). */
  hasInput() {
    return this.initial.length > 0 || this.turns.length > 0;
  }

  /** What create() and clone() answer. */
  info() {
    return { session: this.id, contextUsage: this.usage, contextWindow: CONTEXT_WINDOW, topK: this.topK, temperature: this.temperature };
  }

  /**
   * Runs fn after the session's earlier calls.
   * @template T
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>}
   */
  enqueue(fn) {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }
}

/** A connected page: its Port, origin, tab, sessions and calls in flight. */
class Peer {
  /**
   * @param {chrome.runtime.Port} port
   * @param {string} origin
   * @param {number} tabId
   */
  constructor(port, origin, tabId) {
    this.port = port;
    this.origin = origin;
    this.tabId = tabId;
    /** @type {Map<string, Session>} */
    this.sessions = new Map();
    /** @type {Map<number, {controller: AbortController, session?: string}>} */
    this.calls = new Map();
  }

  /**
   * Posts msg to the page, unless it went away.
   * @param {object} msg
   */
  send(msg) {
    try {
      this.port.postMessage(msg);
    } catch {
      // The page went away; its onDisconnect cleans up.
    }
  }
}

export class Host {
  /** @type {Policy | null} */
  #policy = null;
  /** @type {Set<Peer>} */
  #peers = new Set();
  /** @type {Map<string, RateBucket>} */
  #buckets = new Map();
  #nextSession = 1;
  /** @type {Map<string, boolean>} whether each server's model opens <think> in its template (answer.js) */
  #opensThink = new Map();
  #deps;

  /** @param {HostDeps} deps */
  constructor(deps) {
    this.#deps = deps;
  }

  /**
   * Applies a new policy: the pages it no longer allows end at once.
   * @param {Policy} policy
   */
  setPolicy(policy) {
    this.#policy = policy;
    for (const peer of this.#peers) {
      if (!this.#allows(peer.origin, peer.tabId)) {
        const why = policy.on ? "The person took back this site's use of their local model." : "The person stopped lending their local model.";
        this.#end(peer, wireError("NotAllowedError", why));
      }
    }
  }

  /**
   * Takes a Port that a relay opened, if the policy allows its sender.
   * @param {chrome.runtime.Port} port
   */
  accept(port) {
    if (port.name !== PORT_NAME) return;
    const s = port.sender;
    const tabId = s?.tab?.id;
    const origin = s?.origin;
    if (s?.id !== chrome.runtime.id || s?.frameId !== 0 || tabId === undefined || !origin || !this.#allows(origin, tabId)) {
      port.disconnect();
      return;
    }
    const peer = new Peer(port, origin, tabId);
    this.#peers.add(peer);
    port.onMessage.addListener((msg) => this.#receive(peer, msg));
    port.onDisconnect.addListener(() => this.#drop(peer));
    peer.send({ event: "open" });
  }

  /**
   * Whether the policy lets origin use the model in tab tabId.
   * @param {string} origin
   * @param {number} tabId
   */
  #allows(origin, tabId) {
    const p = this.#policy;
    return Boolean(p?.on && (p.always.includes(origin) || p.visits.some(([t, o]) => t === tabId && o === origin)));
  }

  /**
   * Handles one message of peer's page.
   * @param {Peer} peer
   * @param {unknown} msg
   */
  #receive(peer, msg) {
    if (!this.#peers.has(peer)) return;
    /** @type {Call} */
    let call;
    try {
      call = checkCall(msg);
    } catch (err) {
      const e = /** @type {CallError} */ (err);
      if (e.id !== undefined) peer.send({ id: e.id, error: e.wire });
      return;
    }
    if (call.op === "abort") {
      peer.calls.get(/** @type {number} */ (call.call))?.controller.abort();
      return;
    }
    if (call.op === "destroy") {
      this.#destroy(peer, /** @type {string} */ (call.session));
      return;
    }
    if (peer.calls.has(call.id)) {
      peer.send({ id: call.id, error: wireError("TypeError", "Refused: this call id is in use.") });
      return;
    }
    const controller = new AbortController();
    peer.calls.set(call.id, { controller, session: call.session });
    this.#run(peer, call, controller.signal).then(
      (result) => peer.send({ id: call.id, result }),
      (err) => peer.send({ id: call.id, error: this.#wire(err, controller.signal) }),
    ).finally(() => peer.calls.delete(call.id));
  }

  /**
   * Runs a checked call.
   * @param {Peer} peer
   * @param {Call} call
   * @param {AbortSignal} signal
   * @returns {Promise<unknown>}
   */
  async #run(peer, call, signal) {
    switch (call.op) {
      case "availability":
        this.#spend(peer);
        return this.#availability(call.options ?? {}, signal);
      case "create":
        this.#spend(peer);
        return this.#create(peer, call, signal);
      case "prompt": {
        const s = this.#session(peer, call);
        this.#spend(peer);
        return s.enqueue(() => this.#prompt(peer, s, call, signal));
      }
      case "append": {
        const s = this.#session(peer, call);
        return s.enqueue(async () => this.#append(peer, s, /** @type {Message[]} */ (call.input), signal));
      }
      case "measure":
        this.#session(peer, call);
        return measure(/** @type {Message[]} */ (call.input), call);
      case "clone":
        return this.#clone(peer, this.#session(peer, call));
    }
    throw new CallError(wireError("TypeError", "Refused: unknown operation."), call.id);
  }

  /**
   * The session a call names, of this page only.
   * @param {Peer} peer
   * @param {Call} call
   */
  #session(peer, call) {
    const s = peer.sessions.get(/** @type {string} */ (call.session));
    if (!s) throw new CallError(wireError("InvalidStateError", "The session was destroyed."), call.id);
    return s;
  }

  /**
   * Takes a token of peer's origin's rate, or refuses the call.
   * @param {Peer} peer
   */
  #spend(peer) {
    let bucket = this.#buckets.get(peer.origin);
    if (!bucket) this.#buckets.set(peer.origin, (bucket = new RateBucket(RATE_BURST, RATE_REFILL_MS)));
    if (!bucket.take()) {
      throw new CallError(wireError("NotAllowedError",
        `Too many calls: this site may ask the local model ${RATE_BURST} times at once, then ${1000 / RATE_REFILL_MS} times a second.`), undefined);
    }
  }

  /**
   * Refuses a new session when peer's origin holds MAX_SESSIONS.
   * @param {Peer} peer
   */
  #roomForSession(peer) {
    let n = 0;
    for (const p of this.#peers) if (p.origin === peer.origin) n += p.sessions.size;
    if (n >= MAX_SESSIONS) {
      throw new CallError(wireError("QuotaExceededError",
        `Too many sessions: this site may hold ${MAX_SESSIONS} at once; destroy one first.`, { requested: n + 1, quota: MAX_SESSIONS }), undefined);
    }
  }

  /**
   * availability(): text in, text out, and whether the server answers
   * ("downloading" while its status route says a download runs).
   * @param {CallOptions} options
   * @param {AbortSignal} signal
   */
  async #availability(options, signal) {
    if (!textOnly(options)) return "unavailable";
    return this.#serverState(signal);
  }

  /**
   * The server's state: "downloading" while Edgen's status route reports a
   * download, "available" when it answers (a server without status routes,
   * such as ollama, when it lists its models), else "unavailable".
   * @param {AbortSignal} signal
   * @returns {Promise<"available" | "downloading" | "unavailable">}
   */
  async #serverState(signal) {
    const edgen = await this.#deps.client();
    try {
      const status = await edgen.chat.completions.status({ signal, maxRetries: 0 });
      return status.download_ongoing ? "downloading" : "available";
    } catch (err) {
      signal.throwIfAborted();
      if (!(err instanceof APIStatusError) || err.status !== 404) return "unavailable";
    }
    try {
      await edgen.models.list({ signal, maxRetries: 0 });
      return "available";
    } catch {
      signal.throwIfAborted();
      return "unavailable";
    }
  }

  /**
   * create(): a new session, after any download the server reports.
   * @param {Peer} peer
   * @param {Call} call
   * @param {AbortSignal} signal
   */
  async #create(peer, call, signal) {
    const o = call.options ?? {};
    if (!textOnly(o)) throw new CallError(wireError("NotSupportedError", "This model takes and gives text only."), call.id);
    this.#roomForSession(peer);
    const initial = o.initialPrompts ?? [];
    checkOrder(initial, false, call.id);
    const { temperature, topK } = sampling(o, call.id);
    const usage = estimateTokens(initial);
    if (usage > CONTEXT_WINDOW) throw quota(usage, call.id);
    const state = await this.#serverState(signal);
    if (state === "unavailable") {
      throw new CallError(wireError("NotSupportedError", "The local model is not available: its server does not answer."), call.id);
    }
    if (call.monitor) peer.send({ id: call.id, progress: 0 });
    if (state === "downloading") await this.#followDownload(peer, call, signal);
    if (call.monitor) peer.send({ id: call.id, progress: 1 });
    this.#roomForSession(peer); // again: another create may have finished meanwhile
    const s = new Session(`s${this.#nextSession++}`, initial, temperature, topK);
    peer.sessions.set(s.id, s);
    return s.info();
  }

  /**
   * Waits for the server's download to end, telling the page its progress
   * (from the status route's download_progress) when it asked.
   * @param {Peer} peer
   * @param {Call} call
   * @param {AbortSignal} signal
   */
  async #followDownload(peer, call, signal) {
    const edgen = await this.#deps.client();
    for (;;) {
      await wait(PROGRESS_POLL_MS, signal);
      let status;
      try {
        status = await edgen.chat.completions.status({ signal, maxRetries: 0 });
      } catch (err) {
        signal.throwIfAborted();
        throw new CallError(wireError("NetworkError", "The local model's download failed."), call.id, { cause: err });
      }
      if (!status.download_ongoing) return;
      if (call.monitor) peer.send({ id: call.id, progress: Math.min(0.99, Math.max(0, status.download_progress / 100)) });
    }
  }

  /**
   * prompt() and promptStreaming(): asks the server with the session's
   * history and the input, streams the pieces when asked, keeps the turn.
   * @param {Peer} peer
   * @param {Session} s
   * @param {Call} call
   * @param {AbortSignal} signal
   */
  async #prompt(peer, s, call, signal) {
    signal.throwIfAborted();
    const input = /** @type {Message[]} */ (call.input);
    checkOrder(input, s.hasInput(), call.id);
    const requested = measure(input, call);
    this.#makeRoom(peer, s, requested, call.id);
    const edgen = await this.#deps.client();
    const policy = /** @type {Policy} */ (this.#policy);
    const params = {
      model: policy.server.model,
      messages: [...s.initial, ...s.turns.flat(), ...input].map(({ role, content }) => ({ role, content })),
      temperature: s.temperature,
      top_k: s.topK,
    };
    const { text, total } = call.schema
      ? await structured(edgen, params, call.schema, signal)
      : await this.#answer(edgen, params, policy, signal, call.stream ? (piece) => peer.send({ id: call.id, chunk: piece }) : () => {});
    if (call.schema && call.stream) peer.send({ id: call.id, chunk: text });
    const last = input[input.length - 1];
    const answer = last.prefix ? { role: last.role, content: last.content + text } : { role: /** @type {const} */ ("assistant"), content: text };
    s.turns.push([...input.slice(0, last.prefix ? -1 : undefined).map(({ role, content }) => ({ role, content })), answer]);
    const answered = estimateTokens([{ role: "assistant", content: text }]);
    s.usage = total ?? s.usage + requested + answered;
    this.#deps.usage(peer.origin, total ?? requested + answered);
    return { text, contextUsage: s.usage };
  }

  /**
   * Asks the server for a streamed answer and reads it (answer.js): the
   * answer's text without the reasoning, each piece handed to onText once
   * it is surely answer, and the server's token count when it sent one.
   * @param {EdgenAPI} edgen
   * @param {object} params
   * @param {Policy} policy
   * @param {AbortSignal} signal
   * @param {(piece: string) => void} onText
   * @returns {Promise<{text: string, total: number | undefined}>}
   */
  async #answer(edgen, params, policy, signal, onText) {
    const model = `${policy.server.baseURL} ${policy.server.model}`;
    const request = /** @type {ChatCompletionCreateParamsStreaming} */ ({ ...params, stream: true, stream_options: { include_usage: true } });
    const stream = await edgen.chat(request, { signal });
    const answer = await readAnswer(stream.parts(), this.#opensThink.get(model), onText);
    if (answer.closedThink || !this.#opensThink.has(model)) this.#opensThink.set(model, answer.closedThink);
    if (answer.finish === "content_filter") throw new CallError(FILTERED, undefined);
    return { text: answer.text, total: answer.stats && !answer.stats.approximate ? answer.stats.usage.total_tokens : undefined };
  }

  /**
   * append(): keeps input in the session as a turn of its own.
   * @param {Peer} peer
   * @param {Session} s
   * @param {Message[]} input
   * @param {AbortSignal} signal
   */
  #append(peer, s, input, signal) {
    signal.throwIfAborted();
    checkOrder(input, s.hasInput(), undefined);
    const requested = estimateTokens(input);
    this.#makeRoom(peer, s, requested, undefined);
    s.turns.push(input.map(({ role, content }) => ({ role, content })));
    s.usage += requested;
    return { contextUsage: s.usage };
  }

  /**
   * Makes room in s's context window for requested more tokens: drops the
   * oldest turns (never the initial prompts) and tells the page
   * (contextoverflow), or, when even that cannot make room, refuses the
   * call with a QuotaExceededError and drops nothing.
   * @param {Peer} peer
   * @param {Session} s
   * @param {number} requested
   * @param {number | undefined} id
   */
  #makeRoom(peer, s, requested, id) {
    if (s.usage + requested <= CONTEXT_WINDOW) return;
    const initial = estimateTokens(s.initial);
    if (initial + requested > CONTEXT_WINDOW) throw quota(s.usage + requested, id);
    while (s.turns.length > 0 && s.usage + requested > CONTEXT_WINDOW) {
      s.turns.shift();
      s.usage = initial + estimateTokens(s.turns.flat());
    }
    peer.send({ event: "contextoverflow", session: s.id });
  }

  /**
   * clone(): a new session with s's history and settings.
   * @param {Peer} peer
   * @param {Session} s
   */
  #clone(peer, s) {
    this.#roomForSession(peer);
    const copy = new Session(`s${this.#nextSession++}`, s.initial, s.temperature, s.topK);
    copy.turns = s.turns.slice();
    copy.usage = s.usage;
    peer.sessions.set(copy.id, copy);
    return copy.info();
  }

  /**
   * destroy(): forgets the session and cuts its calls.
   * @param {Peer} peer
   * @param {string} session
   */
  #destroy(peer, session) {
    if (!peer.sessions.delete(session)) return;
    for (const c of peer.calls.values()) if (c.session === session) c.controller.abort();
  }

  /**
   * Ends peer's channel: tells the page why, cuts its calls, closes the Port.
   * @param {Peer} peer
   * @param {WireError} error
   */
  #end(peer, error) {
    peer.send({ event: "ended", error });
    peer.port.disconnect();
    this.#drop(peer);
  }

  /**
   * Forgets peer (its page went away, or was ended): its calls are cut.
   * @param {Peer} peer
   */
  #drop(peer) {
    if (!this.#peers.delete(peer)) return;
    for (const c of peer.calls.values()) c.controller.abort();
    peer.calls.clear();
    peer.sessions.clear();
    if (this.#peers.size === 0) this.#deps.idle();
  }

  /**
   * The wire form of a call's failure: the spec's name and words of our
   * own, never the server's.
   * @param {unknown} err
   * @param {AbortSignal} signal
   * @returns {WireError}
   */
  #wire(err, signal) {
    if (err instanceof CallError) return err.wire;
    if (signal.aborted || err instanceof APIUserAbortError) return wireError("AbortError", "The call was aborted.");
    if (err instanceof ContentFilterFinishReasonError) return FILTERED;
    if (err instanceof StructuredOutputError) return constraintError(err);
    if (err instanceof APIConnectionError) return wireError("NetworkError", "The local model's server did not answer.");
    if (err instanceof APIStatusError) return wireError("UnknownError", `The local model's server refused the request (HTTP ${err.status}).`);
    return wireError("UnknownError", "The local model failed.");
  }
}

/**
 * The tokens input would take, with the schema when it goes with it.
 * @param {Message[]} input
 * @param {Call} call
 */
function measure(input, call) {
  const schema = call.schema && !call.omitSchemaInput ? JSON.stringify(call.schema).length : 0;
  return estimateTokens(input) + Math.ceil(schema / 4);
}

/**
 * Whether options expect text only, in and out.
 * @param {CallOptions} o
 */
function textOnly(o) {
  return [...(o.expectedInputs ?? []), ...(o.expectedOutputs ?? [])].every((e) => e.type === "text");
}

/**
 * Refuses a system message anywhere but first in a session that holds nothing yet.
 * @param {Message[]} messages
 * @param {boolean} hasInput
 * @param {number | undefined} id
 */
function checkOrder(messages, hasInput, id) {
  messages.forEach((m, i) => {
    if (m.role === "system" && (hasInput || i > 0)) {
      throw new CallError(wireError("TypeError", "A system message may only come first, before anything else in the session."), id);
    }
  });
}

/**
 * create()'s temperature and topK, clamped to PARAMS' maxima; below their
 * minimum a RangeError, as the spec says.
 * @param {CallOptions} o
 * @param {number} id
 */
function sampling(o, id) {
  const temperature = o.temperature ?? PARAMS.defaultTemperature;
  const topK = o.topK ?? PARAMS.defaultTopK;
  if (temperature < 0) throw new CallError(wireError("RangeError", "temperature must not be below 0."), id);
  if (topK < 1) throw new CallError(wireError("RangeError", "topK must be 1 or more."), id);
  return { temperature: Math.min(temperature, PARAMS.maxTemperature), topK: Math.min(Math.floor(topK), PARAMS.maxTopK) };
}

/**
 * The QuotaExceededError of a call that needs requested tokens of the window.
 * @param {number} requested
 * @param {number | undefined} id
 */
function quota(requested, id) {
  return new CallError(wireError("QuotaExceededError",
    `The input is too large for the context window: ${requested} tokens, the window holds ${CONTEXT_WINDOW}.`,
    { requested, quota: CONTEXT_WINDOW }), id);
}

/** The error of an answer the server's filter withheld (finish_reason "content_filter"), as the spec's NotReadableError. */
const FILTERED = wireError("NotReadableError", "The local model's server withheld the answer (its content filter).");

/**
 * Asks for an answer in the page's responseConstraint (a JSON schema):
 * the library's chat.completions.parse() sends it as response_format
 * json_schema, reads the answer without its reasoning and validates it
 * against the schema (@cfworker/json-schema, which compiles nothing and so
 * runs under the extension's CSP). A failure is one of parse()'s
 * StructuredOutputErrors (constraintError). The answer comes whole, so a
 * page streaming it gets it in one piece, once it is valid.
 * @param {EdgenAPI} edgen
 * @param {object} params
 * @param {object} schema
 * @param {AbortSignal} signal
 * @returns {Promise<{text: string, total: number | undefined}>}
 */
async function structured(edgen, params, schema, signal) {
  const request = /** @type {ParseParams<unknown>} */ ({
    ...params, response_format: { type: "json_schema", json_schema: { name: "response", schema, strict: true } },
  });
  const completion = await edgen.chat.completions.parse(request, { signal });
  const message = completion.choices[0]?.message;
  if (!message) throw new CallError(wireError("UnknownError", "The local model gave no answer."), undefined);
  const { content } = await edgen.chat.completions.splitReasoning(message);
  return { text: content, total: completion.usage?.total_tokens };
}

/**
 * The Prompt API's error for an answer that does not satisfy the
 * responseConstraint: a SyntaxError, as the explainer says ("unable to
 * produce a response that is compliant with the schema"), in words that
 * say why (cut off, refused, not valid) and nothing of the answer.
 * @param {StructuredOutputError} err
 * @returns {WireError}
 */
function constraintError(err) {
  const why = err instanceof LengthFinishReasonError ? "was cut off before its JSON was complete"
    : err instanceof RefusalError ? "is a refusal"
      : "does not satisfy the responseConstraint's schema";
  return wireError("SyntaxError", `The model's answer ${why}.`);
}

/**
 * Waits ms, or rejects with the signal's reason when it aborts first.
 * @param {number} ms
 * @param {AbortSignal} signal
 */
function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(undefined);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
