// @ts-check
// The offscreen document's check of every message a page sends through the
// relay: the page is not trusted, so a call is taken only in the exact shape
// the extension's own LanguageModel sends (protocol.js), every field of its
// type, the input within MAX_INPUT_CHARS; anything else is refused as a
// TypeError before it is looked at further. The sender's tab and origin
// never come from here: the offscreen document takes them from the Port.

import { MAX_INPUT_CHARS } from "./limits.js";
import { OPS, wireError } from "./protocol.js";

/** @import { Message } from "./usage.js" */
/** @import { WireError } from "./protocol.js" */

/**
 * Options of availability() and create(), as the page's LanguageModel sends them.
 * @typedef {object} CallOptions
 * @property {number} [temperature]
 * @property {number} [topK]
 * @property {Array<{type: string, languages?: string[]}>} [expectedInputs]
 * @property {Array<{type: string, languages?: string[]}>} [expectedOutputs]
 * @property {Message[]} [initialPrompts]
 */

/**
 * A call that passed the check.
 * @typedef {object} Call
 * @property {number} id
 * @property {keyof typeof OPS} op
 * @property {CallOptions} [options]
 * @property {boolean} [monitor]
 * @property {string} [session]
 * @property {Message[]} [input]
 * @property {boolean} [stream]
 * @property {object} [schema]
 * @property {boolean} [omitSchemaInput]
 * @property {number} [call]
 */

/** An error a check throws: its wire form, and the call's id when it had a good one. */
export class CallError extends Error {
  /**
   * @param {WireError} wire
   * @param {number | undefined} id
   * @param {ErrorOptions} [options]
   */
  constructor(wire, id, options) {
    super(wire.message, options);
    this.wire = wire;
    this.id = id;
  }
}

/**
 * Checks a message from a page and returns it as a Call, or throws a CallError.
 * @param {unknown} msg
 * @returns {Call}
 */
export function checkCall(msg) {
  if (!isPlain(msg)) throw bad("a call must be an object", undefined);
  const { id, op } = msg;
  if (!Number.isSafeInteger(id) || /** @type {number} */ (id) < 0) throw bad("a call needs an id", undefined);
  const callID = /** @type {number} */ (id);
  if (typeof op !== "string" || !Object.hasOwn(OPS, op)) throw bad("unknown operation", callID);
  const fields = OPS[/** @type {keyof typeof OPS} */ (op)];
  for (const k of Object.keys(msg)) {
    if (k !== "id" && k !== "op" && !fields.includes(k)) throw bad(`unknown field ${k.slice(0, 40)}`, callID);
  }
  let chars = 0;
  const need = (/** @type {boolean} */ ok, /** @type {string} */ what) => {
    if (!ok) throw bad(what, callID);
  };
  const optional = (/** @type {string} */ k, /** @type {(v: unknown) => boolean} */ isOK) => {
    need(msg[k] === undefined || isOK(msg[k]), `${k} has the wrong type`);
  };
  const messages = (/** @type {unknown} */ v) => {
    const n = messageChars(v);
    chars += n;
    return n >= 0;
  };
  optional("options", (v) => checkOptions(v, messages));
  optional("monitor", isBool);
  optional("session", (v) => typeof v === "string" && /^s[0-9]{1,15}$/.test(v));
  optional("input", messages);
  optional("stream", isBool);
  optional("schema", (v) => {
    if (!isPlain(v)) return false;
    chars += JSON.stringify(v).length;
    return true;
  });
  optional("omitSchemaInput", isBool);
  optional("call", (v) => Number.isSafeInteger(v));
  for (const k of fields) {
    if (["session", "input", "call"].includes(k)) need(msg[k] !== undefined, `${k} is required`);
  }
  if (chars > MAX_INPUT_CHARS) {
    throw new CallError(wireError("QuotaExceededError", `The input is too large: ${chars} characters, the most is ${MAX_INPUT_CHARS}.`,
      { requested: chars, quota: MAX_INPUT_CHARS }), callID);
  }
  return /** @type {Call} */ (/** @type {unknown} */ (msg));
}

/**
 * Whether v is availability()'s or create()'s options; messages checks the initial prompts.
 * @param {unknown} v
 * @param {(v: unknown) => boolean} messages
 */
function checkOptions(v, messages) {
  if (!isPlain(v)) return false;
  for (const [k, x] of Object.entries(v)) {
    switch (k) {
      case "temperature":
      case "topK":
        if (typeof x !== "number" || Number.isNaN(x)) return false;
        break;
      case "expectedInputs":
      case "expectedOutputs":
        if (!Array.isArray(x) || x.length > 16 || !x.every(isExpected)) return false;
        break;
      case "initialPrompts":
        if (!messages(x)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Whether v is a LanguageModelExpected: {type, languages?}.
 * @param {unknown} v
 */
function isExpected(v) {
  if (!isPlain(v) || typeof v.type !== "string" || v.type.length > 20) return false;
  if (Object.keys(v).some((k) => k !== "type" && k !== "languages")) return false;
  const langs = v.languages;
  return langs === undefined || (Array.isArray(langs) && langs.length <= 32 && langs.every((l) => typeof l === "string" && l.length <= 64));
}

/**
 * The characters of v's messages' text when v is a list of canonical
 * messages ({role, content, prefix?}, at most 10,000), else -1.
 * @param {unknown} v
 */
function messageChars(v) {
  if (!Array.isArray(v) || v.length === 0 || v.length > 10_000) return -1;
  let n = 0;
  for (const [i, m] of v.entries()) {
    if (!isPlain(m) || !["system", "user", "assistant"].includes(/** @type {string} */ (m.role)) || typeof m.content !== "string") return -1;
    if (Object.keys(m).some((k) => k !== "role" && k !== "content" && k !== "prefix")) return -1;
    // A prefix is the last message, the assistant's (the spec's SyntaxError; the page's LanguageModel never sends another).
    if (m.prefix !== undefined && (m.prefix !== true || m.role !== "assistant" || i !== v.length - 1)) return -1;
    n += m.content.length;
  }
  return n;
}

/**
 * Whether v is a plain object (from JSON: not an array, not null).
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isPlain(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @param {unknown} v */
function isBool(v) {
  return typeof v === "boolean";
}

/**
 * A CallError for a call of the wrong shape.
 * @param {string} what
 * @param {number | undefined} id
 */
function bad(what, id) {
  return new CallError(wireError("TypeError", `Refused: ${what}.`), id);
}
