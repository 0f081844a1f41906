// @ts-check
// The npm part of the arithmetic tool (arithmetic.js): jsep, a small
// expression parser that builds a syntax tree and evaluates nothing.
// esbuild bundles this file into lib/expression.js (make build).
export { default as jsep } from "jsep";
