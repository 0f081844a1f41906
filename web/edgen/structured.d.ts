// The types of structured.js, the bundle of parse()'s npm parts that make
// build writes beside edgen.js (structured.entry.js): what parse.js uses of
// @cfworker/json-schema and partial-json.

/** @cfworker/json-schema's validator: compiles nothing, so it runs under a CSP without 'unsafe-eval'. */
export declare class Validator {
  constructor(schema: unknown, draft?: "4" | "7" | "2019-09" | "2020-12", shortCircuit?: boolean);
  validate(instance: unknown): { valid: boolean; errors: { keyword: string; error: string; instanceLocation: string }[] };
}

/** partial-json's parse: the value so far of JSON text that is still arriving. */
export declare function parsePartialJSON(text: string): unknown;
