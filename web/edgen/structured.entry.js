// @ts-check
// The npm parts of chat.completions.parse() (web/edgen/parse.js), which
// esbuild bundles into structured.js beside edgen.js (make build): the
// package has no runtime dependencies, and the page loads the library
// unbundled, where a bare import would not resolve. parse.js imports it on
// first use only.
//   - @cfworker/json-schema validates JSON Schema without compiling code
//     (no eval, no new Function), so it runs under an extension's CSP;
//   - partial-json reads the JSON of an answer that is still streaming.
export { Validator } from "@cfworker/json-schema";
export { parse as parsePartialJSON } from "partial-json";
