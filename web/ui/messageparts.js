// @ts-check
// The parts of a message around its words (render.js draws the words): the
// pictures of a question; the Thinking block of an answer, open and growing
// while the model thinks, closed with its duration once it answers; the
// steps of the tools it called, each with its arguments and result; and,
// under a finished answer, how fast it came. All of it is text in the DOM
// (textContent), never HTML.

import { node } from "./dom.js";

/** @import { Message, ToolStep, AnswerSpeed } from "./store.js" */

/**
 * Brings the parts of el (a message's element) up to date with msg. They
 * go before the body, in the order pictures, thinking, steps.
 * @param {HTMLElement} el
 * @param {Message} msg
 */
export function updateParts(el, msg) {
  const body = /** @type {HTMLElement} */ (el.querySelector(".msg-body"));
  if (msg.images?.length && !el.querySelector(".msg-pictures")) body.before(pictures(msg.images));
  if (msg.thinking) updateThinking(partOf(el, body, "details", "thinking", thinkingBlock), msg);
  if (msg.steps?.length) updateSteps(partOf(el, body, "ol", "steps", stepsList), msg.steps);
}

/**
 * The part of el with class name, made by make and put before body the
 * first time.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {HTMLElement} el
 * @param {HTMLElement} body
 * @param {K} tag
 * @param {string} name
 * @param {() => HTMLElementTagNameMap[K]} make
 * @returns {HTMLElementTagNameMap[K]}
 */
function partOf(el, body, tag, name, make) {
  const found = el.querySelector(`:scope > ${tag}.${name}`);
  if (found) return /** @type {HTMLElementTagNameMap[K]} */ (found);
  const made = make();
  body.before(made);
  return made;
}

/**
 * The pictures of a question.
 * @param {string[]} urls
 */
function pictures(urls) {
  const list = node("ul", "msg-pictures");
  list.setAttribute("aria-label", urls.length === 1 ? "Picture" : `${urls.length} pictures`);
  urls.forEach((url, i) => {
    const img = node("img");
    img.src = url;
    img.alt = urls.length === 1 ? "The picture sent with this message" : `Picture ${i + 1} sent with this message`;
    img.loading = "lazy";
    const li = node("li");
    li.append(img);
    list.append(li);
  });
  return list;
}

function thinkingBlock() {
  const details = node("details", "thinking");
  const summary = node("summary", "thinking-label");
  details.append(summary, node("div", "thinking-text"));
  return details;
}

/**
 * Shows the thinking of msg in block: the text (only what is new is
 * added), open while the model thinks, closed once with its duration.
 * @param {HTMLDetailsElement} block
 * @param {Message} msg
 */
function updateThinking(block, msg) {
  const text = /** @type {HTMLElement} */ (block.querySelector(".thinking-text"));
  const thinking = msg.thinking ?? "";
  const shown = text.textContent ?? "";
  if (thinking.startsWith(shown)) {
    if (thinking.length > shown.length) text.append(thinking.slice(shown.length));
  } else {
    text.textContent = thinking;
  }
  const live = msg.state === "streaming" && msg.thoughtMs === undefined;
  const phase = live ? "live" : "done";
  if (block.dataset.phase === phase) return;
  block.dataset.phase = phase;
  block.open = live;
  /** @type {HTMLElement} */ (block.querySelector("summary")).textContent = live
    ? "Thinking…"
    : msg.thoughtMs === undefined ? "Thought (stopped)" : `Thought for ${duration(msg.thoughtMs)}`;
}

/**
 * A duration in words: "40 ms", "2.4 seconds", "12 seconds", "2 min 5 s".
 * @param {number} ms
 */
export function duration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${Number(s.toFixed(1))} seconds`;
  if (s < 60) return `${Math.round(s)} seconds`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function stepsList() {
  const list = node("ol", "steps");
  list.setAttribute("aria-label", "Tools called");
  return list;
}

/** @type {Record<ToolStep["state"], (name: string) => string>} */
const STEP_WORDS = {
  running: (name) => `Running ${name}…`,
  done: (name) => `Used ${name}`,
  failed: (name) => `${name} failed`,
};

/**
 * Shows steps in list: one collapsible item per call, drawn again when its
 * state or result changed (it keeps whether it is open).
 * @param {HTMLOListElement} list
 * @param {ToolStep[]} steps
 */
function updateSteps(list, steps) {
  steps.forEach((step, i) => {
    const key = `${step.state}:${step.result.length}`;
    const item = /** @type {HTMLElement | undefined} */ (list.children[i]);
    if (item?.dataset.key === key) return;
    const fresh = stepItem(step);
    fresh.dataset.key = key;
    /** @type {HTMLDetailsElement} */ (fresh.querySelector("details")).open = item?.querySelector("details")?.open ?? false;
    if (item) item.replaceWith(fresh);
    else list.append(fresh);
  });
}

/**
 * @param {ToolStep} step
 */
function stepItem(step) {
  const li = node("li");
  const details = node("details", "step");
  details.dataset.state = step.state;
  const summary = node("summary");
  summary.textContent = STEP_WORDS[step.state](step.name);
  details.append(summary, node("p", "step-head", "Arguments"), node("pre", "step-text", pretty(step.arguments)));
  if (step.state !== "running") details.append(node("p", "step-head", "Result"), node("pre", "step-text", step.result || "(nothing)"));
  li.append(details);
  return li;
}

/**
 * JSON text indented, or as it is when it is not JSON.
 * @param {string} text
 */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text || "(none)";
  }
}

/**
 * The line that says how fast an answer came, quietly, under it.
 * @param {AnswerSpeed} stats
 */
export function speedLine(stats) {
  const words = [];
  if (stats.firstToken !== undefined) words.push(`first token after ${duration(stats.firstToken)}`);
  if (stats.perSecond !== undefined) words.push(`${stats.perSecond.toFixed(1)} tokens/s`);
  const about = stats.approximate ? "about " : "";
  const prompt = stats.prompt > 0 ? `${stats.prompt} prompt + ` : ""; // counted from the chunks, the prompt is not known
  words.push(`${about}${prompt}${stats.completion} answer tokens`);
  const line = node("p", "msg-stats", words.join(" · "));
  if (stats.approximate) line.title = "Counted from the streamed chunks: the server sent no usage.";
  return line;
}
