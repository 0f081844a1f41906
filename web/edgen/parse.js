// @ts-check
// parse.js: chat.completions.parse(), an answer in a JSON schema, parsed
// and validated, over the public face of a client (edgen, new Edgen(), or
// the worker client).
//
// The schema's JSON goes on the wire as response_format json_schema; the
// answer is read the one way (splitReasoning: a reasoning model's <think>
// is not part of the JSON), parsed, and validated: by a Standard Schema's
// own validate, or by @cfworker/json-schema for a plain JSON Schema (it
// compiles nothing, so it runs under a CSP without 'unsafe-eval'). Streamed,
// partial-json reads the object as it grows. Both libraries are bundled in
// structured.js beside this file and imported on first use.
import {
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
  OutputValidationError,
  RefusalError,
} from "./edgen.js";

/** The name sent for a schema that has none of its own. */
const DEFAULT_NAME = "response";

/** The JSON Schema draft of a Standard Schema's conversion, and of validation. */
const DRAFT = "2020-12";

/** @type {Promise<typeof import("./structured.js")> | undefined} */
let vendor;

/** structured.js, imported once, on first use. */
function structured() {
  vendor ??= import("./structured.js");
  return vendor;
}

/**
 * chat.completions.parse on face.
 * @param {any} face
 * @param {any} params
 * @param {any} [options]
 */
export function parse(face, params, options) {
  if (params !== null && typeof params === "object" && params.stream === true) return new ParseStream(face, params, options);
  return (async () => {
    const format = await formatOf(params);
    const completion = await face.chat.completions.create({ ...params, response_format: format.wire, stream: false }, options);
    return parsed(face, completion, format);
  })();
}

/**
 * @typedef {object} Format
 * @property {any} wire the response_format sent
 * @property {(value: unknown) => Promise<{value?: unknown, issues?: {message: string, path: PropertyKey[]}[]}>} validate
 */

/**
 * What params.response_format asks for: a Standard Schema with its JSON
 * Schema, a plain JSON Schema, or the wire's json_schema (or json_object).
 * @param {any} params
 * @returns {Promise<Format>}
 */
async function formatOf(params) {
  if (params === null || typeof params !== "object") throw new TypeError("edgen: params must be an object");
  const rf = params.response_format;
  if (rf === null || (typeof rf !== "object" && typeof rf !== "function")) { // an arktype schema is a function
    throw new TypeError("edgen: params.response_format must be a Standard Schema, a JSON Schema or {type: \"json_schema\", json_schema}");
  }
  const standard = rf["~standard"];
  if (standard !== undefined) {
    if (typeof standard?.jsonSchema?.input !== "function" || typeof standard.validate !== "function") {
      throw new TypeError(
        `edgen: params.response_format is a ${standard?.vendor ?? "Standard"} schema that cannot give its JSON Schema (Standard JSON Schema); with valibot, wrap it in toStandardJsonSchema from @valibot/to-json-schema`,
      );
    }
    const schema = standard.jsonSchema.input({ target: `draft-${DRAFT}` });
    return {
      wire: { type: "json_schema", json_schema: { name: DEFAULT_NAME, schema } },
      validate: async (value) => {
        const r = await standard.validate(value);
        return r.issues ? { issues: r.issues.map(standardIssue) } : { value: r.value };
      },
    };
  }
  if (rf.type === "json_object") return { wire: rf, validate: async (value) => ({ value }) };
  if (rf.type === "json_schema") {
    if (typeof rf.json_schema?.name !== "string") throw new TypeError("edgen: params.response_format.json_schema.name must be a string");
    return { wire: rf, validate: await schemaValidator(rf.json_schema.schema) };
  }
  return { wire: { type: "json_schema", json_schema: { name: DEFAULT_NAME, schema: rf } }, validate: await schemaValidator(rf) };
}

/**
 * A validator of the JSON Schema (every value passes when there is none).
 * @param {any} schema
 * @returns {Promise<Format["validate"]>}
 */
async function schemaValidator(schema) {
  if (schema === undefined || schema === null) return async (value) => ({ value });
  const { Validator } = await structured();
  const validator = new Validator(schema, DRAFT, false);
  return async (value) => {
    const r = validator.validate(value);
    if (r.valid) return { value };
    // The validator also reports each parent of a value at fault ("property
    // city does not match"): only the deepest errors say what is wrong.
    const locations = r.errors.map((e) => e.instanceLocation);
    const deepest = r.errors.filter((e) => !locations.some((l) => l !== e.instanceLocation && l.startsWith(`${e.instanceLocation}/`)));
    return { issues: deepest.map((e) => ({ message: `${e.keyword}: ${e.error}`, path: pointerPath(e.instanceLocation) })) };
  };
}

/**
 * The path of a JSON Pointer fragment ("#/a/0" is ["a", "0"]).
 * @param {string} pointer
 */
function pointerPath(pointer) {
  return pointer.replace(/^#\/?/, "").split("/").filter((p) => p !== "").map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * A Standard Schema issue as {message, path}.
 * @param {any} issue
 */
function standardIssue(issue) {
  return { message: String(issue.message), path: (issue.path ?? []).map((/** @type {any} */ p) => (typeof p === "object" && p !== null ? p.key : p)) };
}

/**
 * The completion with each message's parsed object, or the error that
 * says why there is none.
 * @param {any} face
 * @param {any} completion
 * @param {Format} format
 */
async function parsed(face, completion, format) {
  const choices = [];
  for (const choice of completion.choices ?? []) {
    const { message, finish_reason: finish } = choice;
    if (finish === "length") {
      throw new LengthFinishReasonError("edgen: the answer was cut off (finish_reason \"length\"): its JSON is incomplete; allow more tokens", { completion });
    }
    if (finish === "content_filter") {
      throw new ContentFilterFinishReasonError("edgen: the server's content filter stopped the answer (finish_reason \"content_filter\")", { completion });
    }
    if (typeof message?.refusal === "string" && message.refusal !== "") {
      throw new RefusalError(`edgen: the model refused: ${message.refusal}`, { completion, refusal: message.refusal });
    }
    let value = null;
    if (typeof message?.content === "string") {
      const { content } = await face.chat.completions.splitReasoning(message);
      value = await validated(content, format, completion);
    }
    choices.push({ ...choice, message: { ...message, parsed: value } });
  }
  return { ...completion, choices };
}

/**
 * The answer's text parsed and validated, or an OutputValidationError.
 * @param {string} text
 * @param {Format} format
 * @param {any} completion
 */
async function validated(text, format, completion) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new OutputValidationError(`edgen: the answer is not JSON: ${message}`, { completion, text, issues: [{ message, path: [] }] });
  }
  const r = await format.validate(value);
  if (r.issues) {
    const first = r.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
    throw new OutputValidationError(`edgen: the answer does not match the schema${where}: ${first?.message ?? "invalid"}`, { completion, text, issues: r.issues });
  }
  return r.value;
}

/**
 * parse({stream: true}): the answer's object as it grows, then the whole
 * answer validated.
 */
export class ParseStream {
  #face;
  /** @type {Promise<Format>} */
  #format;
  /** @type {Promise<any>} the Stream */
  #stream;
  #consumed = false;
  /** @type {Promise<any> | undefined} */
  #final;

  /**
   * @param {any} face
   * @param {any} params
   * @param {any} [options]
   */
  constructor(face, params, options) {
    this.#face = face;
    this.#format = formatOf(params);
    this.#stream = this.#format.then((f) => face.chat.completions.create({ ...params, response_format: f.wire, stream: true }, options));
    this.#stream.catch(() => {}); // taken from the iterator or finalChatCompletion()
  }

  /** The object so far, each time the JSON so far says more. */
  [Symbol.asyncIterator]() {
    if (this.#consumed) {
      const used = () => Promise.reject(new Error("edgen: this stream was already consumed; a stream can be iterated once"));
      return { next: used, return: async (/** @type {any} */ value) => ({ value, done: true }), [Symbol.asyncIterator]() { return this; } };
    }
    this.#consumed = true;
    return this.#partials();
  }

  async *#partials() {
    const [{ parsePartialJSON }, stream] = await Promise.all([structured(), this.#stream]);
    let text = "";
    let last;
    for await (const part of stream.parts()) {
      if (part.index !== 0) continue;
      if (part.type === "content") text += part.text;
      else if (part.type === "content_to_reasoning") text = "";
      else continue;
      let value;
      try {
        value = parsePartialJSON(text);
      } catch {
        continue; // not JSON yet (or never: finalChatCompletion() says so)
      }
      const json = JSON.stringify(value);
      if (json !== last) {
        last = json;
        yield value;
      }
    }
  }

  /** Ends the stream quietly and closes the connection. */
  abort() {
    this.#stream.then((s) => s.abort(), () => {});
  }

  /** The whole answer, parsed and validated. */
  finalChatCompletion() {
    this.#final ??= (async () => {
      this.#consumed = true;
      const [format, stream] = await Promise.all([this.#format, this.#stream]);
      return parsed(this.#face, await stream.finalChatCompletion(), format);
    })();
    return this.#final;
  }
}
