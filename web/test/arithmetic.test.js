// @ts-check
// ui/arithmetic.js: the arithmetic tool's evaluator over jsep's syntax tree.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate } from "../ui/arithmetic.js";

test("arithmetic as a calculator does it", () => {
  /** @type {[string, number][]} */
  const cases = [
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ^ 3 ^ 2", 512], // power binds right, as in mathematics
    ["2^10 + 1", 1025], // and tighter than +
    ["2 ** 8", 256],
    ["-3 ^ 2", 9],
    ["7 % 4", 3],
    ["10 / 4", 2.5],
    ["sqrt(16) + abs(-2)", 6],
    ["max(1, 5, 3) - min(4, 2)", 3],
    ["round(pi * 100) / 100", 3.14],
    ["ln(e)", 1],
    ["log(1000)", 3],
    ["6 × 7 ÷ 2 − 1", 20],
    ["1e3 + .5", 1000.5],
  ];
  for (const [expr, want] of cases) assert.equal(evaluate(expr), want, expr);
  assert.equal(evaluate("1 / 0"), Infinity);
});

test("anything but arithmetic is refused with words, and nothing runs", () => {
  /** @type {[string, RegExp][]} */
  const cases = [
    ["", /give an arithmetic expression/],
    ["example", /unknown name “example”: the constants are pi and e/],
    ["alert(1)", /unknown function “alert”/],
    ["Math.sqrt(4)", /a member \(a\.b or a\[b\]\) is not arithmetic/],
    ["Math.PI", /a member \(a\.b or a\[b\]\) is not arithmetic/],
    ["constructor.constructor('return 1')()", /a CallExpression is not arithmetic/],
    ["this", /ThisExpression is not arithmetic/],
    ["'a' + 1", /'a' is not a number/],
    ["[1, 2]", /ArrayExpression is not arithmetic/],
    ["1 == 1", /not an arithmetic expression/],
    ["!1", /not an arithmetic expression/],
    ["1 + ", /not an arithmetic expression: Expected expression after \+/],
    ["1 2", /give one expression, not several/],
    ["sqrt(-1)", /has no value/],
    ["1".repeat(1001), /longer than 1000 characters/],
  ];
  for (const [expr, words] of cases) assert.throws(() => evaluate(expr), words, expr);
  // @ts-expect-error: the model may send anything
  assert.throws(() => evaluate(42), /give an arithmetic expression/);
});
