// @ts-check
// The Prompt API's "validate and canonicalize a prompt", in the page: a
// LanguageModelPrompt (a string, or a list of messages whose content is a
// string or a list of {type, value}) becomes a list of text messages, or
// throws the spec's error (TypeError, SyntaxError, NotSupportedError). The
// local model takes text only: an image or audio content is
// NotSupportedError, as the spec says for a type the session was not
// created to expect. The extension checks the result again (checks.js):
// this side only gives a caller the spec's errors where they arise.

/** @import { Message } from "./usage.js" */

const ROLES = ["system", "user", "assistant"];
const TYPES = ["text", "image", "audio", "tool-call", "tool-response"];

/**
 * The canonical messages of input.
 * @param {unknown} input a LanguageModelPrompt
 * @param {boolean} hasAppendedInput whether the session already holds input (then a system message is a TypeError)
 * @returns {Message[]}
 */
export function canonicalPrompt(input, hasAppendedInput) {
  if (!isSequence(input)) return [{ role: "user", content: String(input) }];
  const list = [...input];
  if (list.length === 0) return [{ role: "user", content: "" }];
  /** @type {Message[]} */
  const messages = [];
  list.forEach((raw, i) => {
    if (typeof raw !== "object" || raw === null) throw new TypeError(`message ${i} is not an object`);
    const { role, content, prefix = false } = /** @type {{role?: unknown, content?: unknown, prefix?: unknown}} */ (raw);
    if (typeof role !== "string" || !ROLES.includes(role)) throw new TypeError(`message ${i}: role must be "system", "user" or "assistant"`);
    if (content === undefined) throw new TypeError(`message ${i}: content is required`);
    if (prefix) {
      if (role !== "assistant") throw new DOMException(`message ${i}: only an assistant message may be a prefix`, "SyntaxError");
      if (i !== list.length - 1) throw new DOMException(`message ${i}: only the last message may be a prefix`, "SyntaxError");
    }
    if (role === "system" && (hasAppendedInput || i > 0)) {
      throw new TypeError(`message ${i}: a system message may only come first, before anything else in the session`);
    }
    /** @type {Message} */
    const m = { role: /** @type {Message["role"]} */ (role), content: contentText(content, role, i) };
    if (prefix) m.prefix = true;
    messages.push(m);
  });
  return messages;
}

/**
 * The text of a message's content: a string, or a list of {type, value}
 * whose text values are joined without a separator, as the spec collapses them.
 * @param {unknown} content
 * @param {string} role
 * @param {number} i the message's index, for errors
 */
function contentText(content, role, i) {
  if (!isSequence(content)) return String(content);
  let text = "";
  for (const part of content) {
    if (typeof part !== "object" || part === null) throw new TypeError(`message ${i}: a content part is not an object`);
    const { type, value } = /** @type {{type?: unknown, value?: unknown}} */ (part);
    if (typeof type !== "string" || !TYPES.includes(type)) throw new TypeError(`message ${i}: unknown content type ${String(type)}`);
    if (value === undefined) throw new TypeError(`message ${i}: a content part needs a value`);
    if (type !== "text") {
      const why = role === "assistant" ? "an assistant message holds text only" : `this model takes text, not ${type}`;
      throw new DOMException(`message ${i}: ${why}`, "NotSupportedError");
    }
    if (typeof value !== "string") throw new TypeError(`message ${i}: a text part's value must be a string`);
    text += value;
  }
  return text;
}

/**
 * Whether v is a WebIDL sequence (an iterable object), not a string.
 * @param {unknown} v
 * @returns {v is Iterable<unknown>}
 */
function isSequence(v) {
  return typeof v === "object" && v !== null && typeof (/** @type {any} */ (v)[Symbol.iterator]) === "function";
}
