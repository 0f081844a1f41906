// @ts-check
// Arithmetic for the tool the model may call (tools.js): an expression is
// parsed by jsep (the npm package, bundled as lib/expression.js) into a
// syntax tree, and this file evaluates that tree itself, knowing only
// numbers, + - * / % ^ (and **), parentheses, the constants pi and e, and a
// list of Math's functions. Nothing is ever handed to eval or Function, and
// names, members and calls outside the lists are refused with words.

import { jsep } from "./lib/expression.js";

/** @import { Expression } from "jsep" */

// "^" is a power, as people write it, with the precedence of "**"; jsep's
// bitwise and logical operators are not arithmetic.
jsep.addBinaryOp("^", jsep.binary_ops["**"], true);
for (const op of ["|", "&", "||", "&&", "??", "<<", ">>", ">>>", "==", "!=", "===", "!==", "<", ">", "<=", ">="]) jsep.removeBinaryOp(op);
for (const op of ["!", "~", "typeof", "void", "delete", "await"]) jsep.removeUnaryOp(op);

/** @type {Map<string, (a: number, b: number) => number>} */
const BINARY = new Map([
  ["+", (a, b) => a + b],
  ["-", (a, b) => a - b],
  ["*", (a, b) => a * b],
  ["/", (a, b) => a / b],
  ["%", (a, b) => a % b],
  ["**", (a, b) => a ** b],
  ["^", (a, b) => a ** b],
]);

/** @type {Map<string, number>} */
const CONSTANTS = new Map([["pi", Math.PI], ["e", Math.E]]);

/** @type {Map<string, (...args: number[]) => number>} */
const FUNCTIONS = new Map([
  ["abs", Math.abs], ["sqrt", Math.sqrt], ["cbrt", Math.cbrt], ["exp", Math.exp],
  ["ln", Math.log], ["log", Math.log10], ["log2", Math.log2], ["log10", Math.log10],
  ["sin", Math.sin], ["cos", Math.cos], ["tan", Math.tan], ["asin", Math.asin], ["acos", Math.acos], ["atan", Math.atan],
  ["round", Math.round], ["floor", Math.floor], ["ceil", Math.ceil], ["trunc", Math.trunc], ["sign", Math.sign],
  ["min", Math.min], ["max", Math.max], ["pow", Math.pow], ["hypot", Math.hypot],
]);

/** The longest expression evaluated, in characters. */
export const MAX_EXPRESSION = 1000;

/**
 * The value of the arithmetic expression text. Throws an Error that says,
 * in words for the model and the person, what it cannot read.
 * @param {string} text
 * @returns {number}
 */
export function evaluate(text) {
  if (typeof text !== "string" || text.trim() === "") throw new Error("give an arithmetic expression, such as (2 + 3) * 4");
  if (text.length > MAX_EXPRESSION) throw new Error(`the expression is longer than ${MAX_EXPRESSION} characters`);
  let tree;
  try {
    tree = jsep(text.replaceAll("×", "*").replaceAll("÷", "/").replaceAll("−", "-"));
  } catch (err) {
    throw new Error(`“${text}” is not an arithmetic expression: ${/** @type {Error} */ (err).message}`, { cause: err });
  }
  const value = valueOf(tree);
  if (Number.isNaN(value)) throw new Error(`“${text}” has no value (it is not a number)`);
  return value;
}

/**
 * @param {Expression} node
 * @returns {number}
 */
function valueOf(node) {
  switch (node.type) {
    case "Literal":
      if (typeof node.value !== "number") throw new Error(`${node.raw} is not a number`);
      return node.value;
    case "UnaryExpression": {
      const v = valueOf(/** @type {Expression} */ (node.argument));
      if (node.operator === "-") return -v;
      if (node.operator === "+") return v;
      break;
    }
    case "BinaryExpression": {
      const op = BINARY.get(String(node.operator));
      if (op) return op(valueOf(/** @type {Expression} */ (node.left)), valueOf(/** @type {Expression} */ (node.right)));
      break;
    }
    case "Identifier": {
      const name = String(node.name);
      const v = CONSTANTS.get(name.toLowerCase());
      if (v !== undefined) return v;
      throw new Error(`unknown name “${name}”: the constants are pi and e`);
    }
    case "CallExpression": {
      const callee = /** @type {Expression} */ (node.callee);
      if (callee.type !== "Identifier") throw new Error(`${describe(callee)} is not arithmetic`);
      const name = String(callee.name);
      const fn = FUNCTIONS.get(name.toLowerCase());
      if (!fn) throw new Error(`unknown function “${name}”: the functions are ${[...FUNCTIONS.keys()].join(", ")}`);
      return fn(.../** @type {Expression[]} */ (node.arguments).map(valueOf));
    }
    case "Compound":
      throw new Error("give one expression, not several");
  }
  throw new Error(`${describe(node)} is not arithmetic`);
}

/**
 * Words for a node the evaluator does not take.
 * @param {Expression} node
 */
function describe(node) {
  if (node.type === "UnaryExpression" || node.type === "BinaryExpression") return `the operator “${node.operator}”`;
  if (node.type === "MemberExpression") return "a member (a.b or a[b])";
  return `a ${node.type}`;
}
