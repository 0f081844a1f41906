// @ts-check
// The tools a model may call in a chat, harmless ones that run in the
// page: the date and time, and arithmetic (arithmetic.js). A chat's options
// name those it offers; answer.js runs them through the library's
// runTools. The extension adds the open page's text (its pagetool.js).

import { evaluate } from "./arithmetic.js";

/**
 * A tool the chat can offer the model: its name on the wire, its label and
 * hint in the chat's options, its description for the model, its
 * arguments' JSON Schema, and run,
 * which returns the result sent back to the model, or throws (the model is
 * then told the error's message, and the step shows as failed).
 * @typedef {object} ChatTool
 * @property {string} name
 * @property {string} label
 * @property {string} hint
 * @property {string} description
 * @property {Record<string, unknown>} parameters
 * @property {(args: any, signal: AbortSignal) => string | Promise<string>} run
 */

/** @type {ChatTool} */
const dateTime = {
  name: "date_time",
  label: "Date and time",
  hint: "The model may ask for today's date and the time here.",
  description: "The current date, time and time zone where the user is.",
  parameters: { type: "object", properties: {} },
  run() {
    const now = new Date();
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const local = now.toLocaleString("en-GB", { dateStyle: "full", timeStyle: "long" });
    return `${local} (time zone ${zone}; ISO ${now.toISOString()})`;
  },
};

/** @type {ChatTool} */
const arithmetic = {
  name: "arithmetic",
  label: "Arithmetic",
  hint: "The model may have sums worked out exactly, instead of guessing them.",
  description: "Evaluates an arithmetic expression exactly as a calculator would: numbers, + - * / % ^, parentheses, pi, e, " +
    "and sqrt, abs, round, floor, ceil, ln, log, exp, sin, cos, tan, min, max, pow.",
  parameters: {
    type: "object",
    properties: { expression: { type: "string", description: "The expression, such as (2 + 3) * 4 / 7 or sqrt(2) ^ 10" } },
    required: ["expression"],
  },
  run(/** @type {{expression?: unknown}} */ args) {
    return String(evaluate(/** @type {string} */ (args?.expression)));
  },
};

/** The tools every chat can offer, in the order the options list them. */
export const BUILTIN_TOOLS = Object.freeze([dateTime, arithmetic]);

/**
 * The tools of available that names lists, in available's order.
 * @param {string[]} names
 * @param {readonly ChatTool[]} [available]
 */
export function toolsNamed(names, available = BUILTIN_TOOLS) {
  return available.filter((t) => names.includes(t.name));
}
