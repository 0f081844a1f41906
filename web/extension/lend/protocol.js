// @ts-check
// The names the lending channel's four parties share (the page's
// LanguageModel in the page's MAIN world, the relay in the extension's
// ISOLATED world of that page, the offscreen document that answers, and
// the service worker that keeps the consent), and the shapes of what
// crosses it. Everything that crosses is JSON-like data: no functions, no
// server address, no key.
//
//   page ──MessagePort──▶ relay ──runtime Port "edgen-lend"──▶ offscreen
//
// A call: {id, op, ...arguments} (ops: OPS). Its answers, by id:
// {id, progress} (0..1, create's download progress), {id, chunk} (a piece
// of a streamed answer), then one of {id, result} or {id, error}. Events
// without id: {event: "contextoverflow", session} and, last,
// {event: "ended", error}, after which the channel is closed.

/** The name of the runtime Port the relay opens to the offscreen document. */
export const PORT_NAME = "edgen-lend";

/** The tag of the window messages between the page's script and the relay. */
export const WINDOW_TAG = "edgen-lend";

/** What the relay sends the service worker first: it opens the offscreen document. */
export const WAKE = "edgen-lend/wake";

/** What the service worker sends the offscreen document: the policy (see Policy). */
export const POLICY = "edgen-lend/policy";

/** What the service worker tells the panel after a click on the toolbar button or a menu: the tab's address may be readable now (activeTab). */
export const GRANTED = "edgen-lend/granted";

/** What the panel sends the service worker after a change of consent: apply it now, then answer. */
export const SYNC = "edgen-lend/sync";

/** What the offscreen document sends the service worker after each answer (see UsageReport). */
export const USAGE = "edgen-lend/usage";

/** What the offscreen document sends the service worker when no page is connected. */
export const IDLE = "edgen-lend/idle";

/** The operations a page may call, each with the fields it takes (besides id and op). */
export const OPS = Object.freeze({
  availability: ["options"],
  create: ["options", "monitor"],
  prompt: ["session", "input", "stream", "schema", "omitSchemaInput"],
  append: ["session", "input"],
  measure: ["session", "input", "schema", "omitSchemaInput"],
  clone: ["session"],
  destroy: ["session"],
  abort: ["call"],
});

/** The DOMException names the channel may carry back to the page. */
export const ERROR_NAMES = Object.freeze([
  "AbortError", "InvalidStateError", "NetworkError", "NotAllowedError", "NotReadableError", "NotSupportedError",
  "OperationError", "QuotaExceededError", "SyntaxError", "UnknownError", "TypeError", "RangeError",
]);

/**
 * An error as it crosses the channel: a DOMException's name and message,
 * with requested and quota for a QuotaExceededError.
 * @typedef {{name: string, message: string, requested?: number, quota?: number}} WireError
 */

/**
 * The policy the service worker hands the offscreen document: whether
 * lending is on, the origins allowed always, the tabs allowed for this
 * visit (tab id, origin), and the server to ask.
 * @typedef {object} Policy
 * @property {boolean} on
 * @property {string[]} always
 * @property {Array<[number, string]>} visits
 * @property {{baseURL: string, model: string}} server
 */

/**
 * What an answer cost, for the settings' list: one prompt of tokens tokens.
 * @typedef {{lend: typeof USAGE, origin: string, tokens: number}} UsageReport
 */

/**
 * A WireError.
 * @param {string} name
 * @param {string} message
 * @param {{requested?: number, quota?: number}} [extra]
 * @returns {WireError}
 */
export function wireError(name, message, extra) {
  return { name, message, ...extra };
}
