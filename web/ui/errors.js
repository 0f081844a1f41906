// @ts-check
// Turning a failed request into words a person understands. The error
// classes come from the edgen module (edgen.APIError and friends), so this
// works with instanceof; the server's own words come from the fields the
// errors carry (message, error, code), never from parsing messages.

/** @import { ErrorText } from "./store.js" */

/**
 * Describes err as {kind, title, text}: kind is the error's class and, for
 * an HTTP error, its status ("InternalServerError · 500"); title says what
 * happened; text says what to do about it, with the server's own words.
 * ctx: {baseURL, partial} — the server asked, and whether part of an
 * answer had arrived before the error — or just the baseURL string.
 * @param {any} err what a call rejected with
 * @param {object | null} edgen the module whose error classes err may be of
 * @param {string | {baseURL: string, partial?: boolean}} ctx
 * @returns {ErrorText}
 */
export function describeError(err, edgen, ctx) {
  const { baseURL, partial = false } = typeof ctx === "string" ? { baseURL: ctx } : ctx;
  const classes = /** @type {Record<string, unknown> | null} */ (edgen);
  const is = (/** @type {string} */ name) => {
    const Class = classes?.[name];
    return typeof Class === "function" && err instanceof Class;
  };
  const status = Number.isInteger(err?.status) ? err.status : 0;
  const name = err?.name && err.name !== "Error" ? err.name : err?.constructor?.name || "Error";
  const kind = status >= 300 ? `${name} · ${status}` : name;
  const words = serverWords(err);
  const said = (/** @type {string} */ text) => (words ? `The server said: “${words}” ${text}` : text);
  const kept = partial ? " The words that came before are kept above." : "";

  if (is("APITimeoutError")) {
    return { kind, title: "The server took too long to answer.",
      text: `${baseURL} accepted the connection but sent nothing for too long. A large model can take a while to load: try again in a moment.${kept}` };
  }
  if (is("APIConnectionError")) {
    if (partial) {
      return { kind, title: "The connection broke in the middle of the answer.",
        text: `The server at ${baseURL} stopped sending.${kept} It may have stopped or crashed: check that it runs, then retry.` };
    }
    return { kind, title: "The server can't be reached.",
      text: `Nothing answered at ${baseURL}. Check that Edgen is running and that the server URL in Settings is right.` };
  }
  if (status >= 300) return { kind, ...byStatus(status, err, words, said, baseURL, kept) };
  if (is("APIError")) {
    // An error event inside a stream (the HTTP status was a success).
    return { kind, title: "The server stopped the answer with an error.",
      text: said(`It sent an error instead of the rest of the answer.${kept} Retry, or pick another model.`) };
  }
  if (err instanceof TypeError) {
    return { kind, title: "A setting is not valid.", text: `${err.message} Check the chat's options and Settings.` };
  }
  return { kind, title: "Something went wrong.", text: String(err?.message ?? err) };
}

const MODEL_CODES = new Set(["no_such_model", "model_not_found"]);

/**
 * The title and text of an HTTP error status.
 * @param {number} status
 * @param {any} err
 * @param {string} words what the server said
 * @param {(text: string) => string} said text after the server's words
 * @param {string} baseURL
 * @param {string} kept the sentence about the words kept, or ""
 * @returns {{title: string, text: string}}
 */
function byStatus(status, err, words, said, baseURL, kept) {
  const model = MODEL_CODES.has(errorCode(err)) || (status === 404 && /\bmodel\b/i.test(words));
  switch (true) {
    case model:
      return { title: "The server does not know this model.",
        text: said("Pick one of its models in the chat's options (the model list shows what it has).") };
    case status === 400:
      return { title: "The server could not read the request.", text: said("This is likely a bug in the page or a setting it sent.") };
    case status === 401 || status === 403:
      return { title: "The server refused the request.", text: said("It wants credentials this page does not send. Edgen itself needs none: check the server URL.") };
    case status === 404:
      return { title: "The server has no such address.", text: said(`${baseURL} answered, but not like Edgen. The server URL usually ends in /v1.`) };
    case status === 405:
      return { title: "The server does not take this request at this address.",
        text: said(`Something answers at ${baseURL}, but it refuses this kind of request there (405): it is probably not Edgen's API. Check the server URL in Settings.`) };
    case status === 413:
      return { title: "The conversation is too long for the server.", text: said("Start a new chat, or shorten the system prompt.") };
    case status === 422:
      return { title: "The server did not accept the request.", text: said("Check the model and the numbers in the chat's options.") };
    case status === 429:
      return { title: "The server is busy.", text: said("Wait a moment, then retry.") };
    case status === 502 || status === 503 || status === 504:
      return { title: "The server behind this page did not answer.",
        text: said(`This page's server answered, but the Edgen it forwards to did not (${status}).${kept} Check that Edgen is still running, then retry.`) };
    case status >= 500:
      return { title: "The server failed while answering.", text: said(`It may be out of memory or missing the model.${kept} Retry, or pick another model.`) };
  }
  return { title: `The server answered with status ${status}.`, text: said("The request did not succeed.") };
}

// errorCode is the error's code: the field the JS errors carry, else
// Edgen's flat tag in the body.
/** @param {any} err */
function errorCode(err) {
  if (typeof err?.code === "string") return err.code;
  return typeof err?.error?.error === "string" ? err.error.error : "";
}

// serverWords is one short sentence of what the server said: words made
// from Edgen's tagged errors ({"error":"no_such_model","model_name":"x"}),
// else the error's message (the server's own words first), else words from
// the body: the OpenAI envelope ({"error":{"message":...}}), problem+json
// (title, detail), or a short text body.
/** @param {any} err */
function serverWords(err) {
  const body = err?.error;
  const tagged = typeof body?.error === "string" ? fromBody(body) : "";
  return clip(tagged || ownMessage(err) || fromBody(body));
}

// ownMessage is the error's message without what the page shows anyway:
// the "edgen: " prefix, the status ("404 Not Found: ", " (404 Not Found,
// code)"); "" when nothing else is left.
/** @param {any} err */
function ownMessage(err) {
  let m = typeof err?.message === "string" ? err.message.trim() : "";
  m = m.replace(/^edgen:\s*/, "").replace(/\s*\(\d{3}\b[^)]*\)$/, "").replace(/^\d{3}(?: [\w' -]+)?(?::\s*|$)/, "");
  return /^\d{3}\b/.test(m) ? "" : m.trim();
}

/**
 * @param {any} body
 * @returns {string}
 */
function fromBody(body) {
  if (typeof body === "string") return body.trim();
  if (!body || typeof body !== "object") return "";
  const tag = body.error;
  if (typeof tag === "string") {
    const model = typeof body.model_name === "string" ? ` "${body.model_name}"` : "";
    const reason = typeof body.reason === "string" ? ` (${body.reason})` : "";
    /** @type {Record<string, string>} */
    const words = {
      no_such_model: `there is no model${model}.`,
      unknown_model_kind: `the model${model} is of a kind it cannot run${reason}.`,
      prohibited_name: `the model name${model} is not allowed${reason}.`,
      ffi: "the model runtime failed.",
      endpoint: `the endpoint failed${reason}.`,
      preload: `the model could not be loaded${reason}.`,
    };
    return words[tag] ?? `${tag.replaceAll("_", " ")}${model}${reason}.`;
  }
  if (typeof tag?.message === "string") return tag.message;
  if (typeof body.detail === "string") return body.detail;
  if (typeof body.message === "string") return body.message;
  if (typeof body.title === "string") return body.title;
  return "";
}

/** @param {string} s */
function clip(s) {
  return s.length > 240 ? s.slice(0, 239) + "…" : s;
}
