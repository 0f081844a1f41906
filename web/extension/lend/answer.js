// @ts-check
// The text of a streamed answer as the Prompt API hands it to a page: the
// answer alone, never the model's reasoning, read the library's one way
// (Stream.parts(): reasoning_content, reasoning, and <think> in the content).
//
// A model whose chat template opens <think> itself (DeepSeek-R1, QwQ) writes
// its reasoning as plain content and only then closes the tag: parts() has
// handed that text out as content before the "</think>" says it was
// reasoning (content_to_reasoning), and a page's ReadableStream cannot take
// text back. So the text that may still turn out to be reasoning is held
// back: all of it while the model's habit is not known yet, and, for a model
// known to open <think> itself, until it closes the tag. A model known not
// to hands each piece on as it comes. Each answer teaches the habit
// (closedThink); once seen, it stays known.

/** @import { StreamPart, AnswerStats } from "../../edgen/edgen.js" */

/**
 * An answer read to its end.
 * @typedef {object} Answer
 * @property {string} text the answer without the reasoning
 * @property {string | null} finish the choice's finish_reason
 * @property {boolean} closedThink whether the model closed a <think> it never opened
 * @property {AnswerStats | undefined} stats the token counts
 */

/**
 * Reads parts (of choice 0) into the answer, handing onText each piece of
 * it once it can no longer turn out to be reasoning.
 * @param {AsyncIterable<StreamPart>} parts
 * @param {boolean | undefined} opensThink whether the model opens <think> in its template (undefined: not known yet)
 * @param {(text: string) => void} onText
 * @returns {Promise<Answer>}
 */
export async function readAnswer(parts, opensThink, onText) {
  let text = "";
  let held = "";
  let closedThink = false;
  /** @type {string | null} */
  let finish = null;
  /** @type {AnswerStats | undefined} */
  let stats;
  for await (const part of parts) {
    if (part.type === "stats") {
      stats = part.stats;
    } else if (part.index !== 0) {
      continue;
    } else if (part.type === "content") {
      text += part.text;
      if (closedThink || opensThink === false) onText(part.text);
      else held += part.text;
    } else if (part.type === "content_to_reasoning") {
      text = "";
      held = "";
      closedThink = true;
    } else if (part.type === "finish") {
      finish = part.finishReason;
    }
  }
  if (held) onText(held);
  return { text, finish, closedThink, stats };
}
