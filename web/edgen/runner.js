// @ts-check
// runner.js: chat.completions.runTools, the OpenAI JS library's tool loop,
// over the public face of a client (edgen, new Edgen(), or the worker
// client, whose tools are the page's functions).
//
// The loop lives here, in JS, because the tools are JS functions of the
// calling side: with the worker client they stay on the page, and the loop
// beside them makes one call into the worker per answer instead of a call
// back to the page per tool. The protocol is still the Go client's: each
// answer is a chat.completions.create call, and a streamed one is read by
// Go's accumulator (Stream.parts() and finalChatCompletion()), which puts
// tool calls together whatever shape the server cut them in.
import { APIError, APIUserAbortError } from "./edgen.js";

/** The answers runTools asks for at most, unless told otherwise. */
const DEFAULT_MAX_CHAT_COMPLETIONS = 10;

/** What a refused call's result says to the model. */
const REFUSED = "The user refused this tool call.";

/**
 * Starts the tool loop on face (see ChatCompletionRunner).
 * @param {any} face the client whose chat.completions.create asks the model
 * @param {any} params the create params, with runnable tools
 * @param {any} [options] request options and maxChatCompletions, approve
 */
export function runTools(face, params, options) {
  return new ChatCompletionRunner(face, params, options);
}

/**
 * A running tool loop: listeners (on, once, off) see it as it happens, the
 * Promises give its outcome, abort() or the options' signal stop it at once.
 */
export class ChatCompletionRunner {
  /** @type {Map<string, Set<Function>>} */
  #listeners = new Map();
  #controller = new AbortController();
  /** @type {any[]} */
  #completions = [];
  #usage = { completion_tokens: 0, prompt_tokens: 0, total_tokens: 0 };
  /** @type {Promise<void>} */
  #done;
  /**
   * The dialogue: the params' messages, then every message added since.
   * @type {any[]}
   */
  messages = [];

  /**
   * @param {any} face
   * @param {any} params
   * @param {any} [options]
   */
  constructor(face, params, options) {
    const { maxChatCompletions = DEFAULT_MAX_CHAT_COMPLETIONS, approve, signal, ...requestOptions } = options ?? {};
    const onAbort = () => this.#controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener?.("abort", onAbort, { once: true });
    this.#done = (async () => {
      await undefined; // listeners attach before anything happens
      const tools = toolsOf(params);
      if (!Number.isInteger(maxChatCompletions) || maxChatCompletions < 1) {
        throw new TypeError("edgen: options.maxChatCompletions must be a positive integer");
      }
      if (approve !== undefined && typeof approve !== "function") throw new TypeError("edgen: options.approve must be a function");
      this.messages.push(...params.messages);
      await this.#run(face, params, tools, { maxChatCompletions, approve, requestOptions });
    })().finally(() => signal?.removeEventListener?.("abort", onAbort)).then(
      () => {
        this.#emit("totalUsage", this.#usage);
        this.#emit("end");
      },
      (err) => {
        const error = this.#controller.signal.aborted && !(err instanceof APIUserAbortError) ? this.#abortError() : err;
        if (error instanceof APIUserAbortError) this.#emit("abort", error);
        this.#emit("error", error);
        this.#emit("end");
        throw error;
      },
    );
    this.#done.catch(() => {}); // taken from done() and the other Promises, or from the error event
  }

  /**
   * @param {string} event
   * @param {Function} listener
   */
  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)?.add(listener);
    return this;
  }

  /**
   * @param {string} event
   * @param {Function} listener
   */
  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  /**
   * @param {string} event
   * @param {Function} listener
   */
  once(event, listener) {
    /** @param {any[]} args */
    const once = (...args) => {
      this.off(event, once);
      listener(...args);
    };
    return this.on(event, once);
  }

  /** Stops the run at once. */
  abort() {
    this.#controller.abort();
  }

  /** Resolves when the run is over; rejects with its error. */
  done() {
    return this.#done;
  }

  /** Every answer so far. */
  allChatCompletions() {
    return [...this.#completions];
  }

  /** The last answer. */
  async finalChatCompletion() {
    await this.#done;
    const last = this.#completions.at(-1);
    if (!last) throw new APIError("edgen: the run ended without an answer");
    return last;
  }

  /** The last answer's message. */
  async finalMessage() {
    return (await this.finalChatCompletion()).choices[0].message;
  }

  /** The last answer's content (null when it had none). */
  async finalContent() {
    return (await this.finalMessage()).content ?? null;
  }

  /** The usage of all answers together. */
  async totalUsage() {
    await this.#done;
    return { ...this.#usage };
  }

  /**
   * @param {string} event
   * @param {...any} args
   */
  #emit(event, ...args) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(...args);
  }

  /** @param {any} message */
  #add(message) {
    this.messages.push(message);
    this.#emit("message", message);
  }

  #abortError() {
    return new APIUserAbortError("edgen: request aborted", { cause: this.#controller.signal.reason });
  }

  /**
   * promise, or APIUserAbortError as soon as the run is aborted.
   * @template T
   * @param {Promise<T>} promise
   * @returns {Promise<T>}
   */
  #abortable(promise) {
    const signal = this.#controller.signal;
    promise.catch(() => {}); // after an abort its failure is nobody's: the abort is the run's
    if (signal.aborted) return Promise.reject(this.#abortError());
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(this.#abortError());
      signal.addEventListener("abort", onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /**
   * The loop: ask, run the calls, send the results, until an answer
   * without calls or the last round.
   * @param {any} face
   * @param {any} params
   * @param {Map<string, any>} tools
   * @param {{maxChatCompletions: number, approve?: Function, requestOptions: any}} how
   */
  async #run(face, params, tools, { maxChatCompletions, approve, requestOptions }) {
    const rest = { ...params };
    delete rest.stream;
    delete rest.tools;
    const wire = [...tools.values()].map((t) => t.wire);
    let toolChoice = params.tool_choice;
    const options = { ...requestOptions, signal: this.#controller.signal };
    for (let round = 0; round < maxChatCompletions; round++) {
      if (this.#controller.signal.aborted) throw this.#abortError();
      const request = { ...rest, messages: [...this.messages], tools: wire };
      if (toolChoice === undefined) delete request.tool_choice;
      else request.tool_choice = toolChoice;
      const completion = params.stream === true ? await this.#streamed(face, request, options) : await this.#whole(face, request, options);
      this.#completions.push(completion);
      this.#emit("chatCompletion", completion);
      const message = completion.choices?.[0]?.message;
      if (!message) throw new APIError("edgen: the answer has no choice");
      const calls = message.tool_calls ?? [];
      // The message as history: reasoning, in whatever form, is never sent back.
      const content = typeof message.content === "string" ? (await face.chat.completions.splitReasoning(message)).content : null;
      const assistant = { role: "assistant", content: content === "" && calls.length > 0 ? null : content, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
      this.#add(assistant);
      if (calls.length === 0) return;
      // A choice that forced a call forces only the first.
      if (toolChoice !== undefined && toolChoice !== "none" && toolChoice !== "auto") toolChoice = undefined;
      const results = await this.#abortable(Promise.all(calls.map((/** @type {any} */ call) => this.#call(call, tools, approve))));
      calls.forEach((/** @type {any} */ call, /** @type {number} */ i) => this.#add({ role: "tool", tool_call_id: call.id, content: results[i] }));
    }
  }

  /**
   * One whole answer.
   * @param {any} face
   * @param {any} request
   * @param {any} options
   */
  async #whole(face, request, options) {
    const completion = await face.chat.completions.create({ ...request, stream: false }, options);
    this.#addUsage(completion.usage);
    return completion;
  }

  /**
   * One streamed answer, its parts told as they come.
   * @param {any} face
   * @param {any} request
   * @param {any} options
   */
  async #streamed(face, request, options) {
    const stream = await face.chat.completions.create({ ...request, stream: true }, options);
    let content = "";
    let reasoning = "";
    for await (const part of stream.parts()) {
      this.#emit("part", part);
      if (part.type === "stats") this.#addUsage(part.stats.usage);
      if (part.index !== 0) continue;
      switch (part.type) {
        case "content":
          content += part.text;
          this.#emit("content", part.text, content);
          break;
        case "reasoning":
          reasoning += part.text;
          this.#emit("reasoning", part.text, reasoning);
          break;
        case "content_to_reasoning":
          reasoning = part.text + reasoning;
          content = "";
          this.#emit("reasoning", part.text, reasoning);
          this.#emit("content", "", content);
          break;
      }
    }
    return stream.finalChatCompletion();
  }

  /** @param {any} usage */
  #addUsage(usage) {
    if (!usage) return;
    this.#usage.completion_tokens += usage.completion_tokens ?? 0;
    this.#usage.prompt_tokens += usage.prompt_tokens ?? 0;
    this.#usage.total_tokens += usage.total_tokens ?? 0;
  }

  /**
   * Runs one call, after approve; resolves to the result sent back.
   * @param {any} call
   * @param {Map<string, any>} tools
   * @param {Function | undefined} approve
   * @returns {Promise<string>}
   */
  async #call(call, tools, approve) {
    const name = call.function?.name;
    const tool = tools.get(name);
    if (!tool) {
      const result = `Error: there is no tool ${JSON.stringify(name)}; the tools are ${[...tools.keys()].map((n) => JSON.stringify(n)).join(", ")}.`;
      this.#emit("functionToolCallResult", result, call);
      return result;
    }
    if (approve && !(await this.#abortable(Promise.resolve().then(() => approve(call))))) {
      this.#emit("toolCallRefused", call);
      return REFUSED;
    }
    this.#emit("functionToolCall", call);
    let result;
    try {
      const args = tool.parse(call.function.arguments || "{}");
      const out = await this.#abortable(Promise.resolve().then(() => tool.run(args, { signal: this.#controller.signal, call })));
      result = typeof out === "string" ? out : JSON.stringify(out) ?? "";
    } catch (err) {
      if (this.#controller.signal.aborted) throw this.#abortError();
      result = `Error: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.#emit("functionToolCallResult", result, call);
    return result;
  }
}

/**
 * The runnable tools of params by name: {wire (what the server sees), run,
 * parse}; a TypeError names a tool that is not one.
 * @param {any} params
 * @returns {Map<string, {wire: any, run: Function, parse: (text: string) => any}>}
 */
function toolsOf(params) {
  if (params === null || typeof params !== "object") throw new TypeError("edgen: params must be an object");
  if (!Array.isArray(params.messages)) throw new TypeError("edgen: params.messages must be an array");
  if (!Array.isArray(params.tools) || params.tools.length === 0) throw new TypeError("edgen: params.tools must be a non-empty array of runnable tools");
  const tools = new Map();
  params.tools.forEach((/** @type {any} */ t, /** @type {number} */ i) => {
    const f = t?.function;
    if (t?.type !== "function" || typeof f?.function !== "function") {
      throw new TypeError(`edgen: params.tools[${i}] must be {type: "function", function: {function, parameters, ...}}`);
    }
    const name = f.name ?? f.function.name;
    if (typeof name !== "string" || name === "") throw new TypeError(`edgen: params.tools[${i}].function.name must be a non-empty string`);
    if (tools.has(name)) throw new TypeError(`edgen: params.tools has two tools named ${JSON.stringify(name)}`);
    if (f.parse !== undefined && typeof f.parse !== "function") throw new TypeError(`edgen: params.tools[${i}].function.parse must be a function`);
    const { function: run, parse = JSON.parse, ...definition } = f;
    tools.set(name, { wire: { type: "function", function: { ...definition, name } }, run, parse });
  });
  return tools;
}
