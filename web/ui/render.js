// @ts-check
// Building the DOM of one message. Text is Markdown (markdown.js: marked,
// then DOMPurify; HTML in the text shows as the characters it is made of);
// code blocks are coloured by the npm highlight.js (the module highlight.js).
// A streaming answer renders incrementally: blocks that are finished are
// rendered once and kept; only the last block is rendered again, once per
// animation frame however many tokens arrived in it (chatview.js batches).

import { highlightCode } from "./highlight.js";
import { lexBlocks, renderTokens } from "./markdown.js";

/** @import { Message } from "./store.js" */
/** @import { Token, TokensList } from "marked" */

/**
 * What the buttons of a message do.
 * @typedef {object} MessageActions
 * @property {(msg: Message) => void} retry
 * @property {(text: string) => Promise<boolean>} copy
 */

/** @typedef {{show(text: string, streaming: boolean): boolean}} MarkdownView */

const AUTHORS = { user: "You", assistant: "Edgen" };
/** @type {WeakMap<HTMLElement, MarkdownView>} */
const views = new WeakMap(); // message element -> its Markdown view

/**
 * Creates the element of msg.
 * @param {Message} msg
 * @param {MessageActions} actions
 * @returns {HTMLElement}
 */
export function messageElement(msg, actions) {
  const el = node("article", `msg msg-${msg.role}`);
  el.dataset.id = msg.id;
  el.setAttribute("aria-label", msg.role === "user" ? "Your message" : "Edgen's answer");
  el.append(node("div", "msg-author", AUTHORS[msg.role]), node("div", "msg-body"), node("div", "msg-footer"));
  updateMessageElement(el, msg, actions);
  return el;
}

/**
 * Brings el up to date with msg: the body's new text (only its unfinished
 * last block is rendered again), the footer when the state changed.
 * @param {HTMLElement} el
 * @param {Message} msg
 * @param {MessageActions} actions
 */
export function updateMessageElement(el, msg, actions) {
  const state = msg.state ?? "done";
  const streaming = state === "streaming";
  el.setAttribute("aria-busy", String(streaming));
  let view = views.get(el);
  if (!view) {
    view = markdownView(/** @type {HTMLElement} */ (el.querySelector(".msg-body")), actions);
    views.set(el, view);
  }
  const start = performance.now();
  const rendered = view.show(msg.content, streaming);
  if (rendered) {
    // Seen in the browser's performance tools (and measured by the page test).
    performance.measure("edgen:render", { start, detail: { length: msg.content.length } });
  }
  if (el.dataset.state !== state) {
    el.dataset.state = state;
    el.querySelector(".msg-footer")?.replaceChildren(...footerNodes(msg, actions));
  }
}

// markdownView renders text into body, keeping the finished blocks it
// rendered before: text that grows (a streaming answer) costs the last block
// only. show() returns whether it changed anything.
/**
 * @param {HTMLElement} body
 * @param {MessageActions} actions
 * @returns {MarkdownView}
 */
function markdownView(body, actions) {
  /** @type {string | null} */
  let shown = null; // the text on screen
  let stable = 0; // length of shown's prefix rendered as finished blocks
  /** @type {HTMLElement | null} */
  let live = null; // the element of the blocks that may still change

  function reset() {
    body.replaceChildren();
    stable = 0;
    live = null;
  }

  return {
    show(text, streaming) {
      const dots = body.querySelector(":scope > .typing");
      if (text === shown && (streaming || !live) && !(dots && !streaming)) return false;
      if (text === "" && streaming) {
        reset();
        shown = text;
        body.append(typingDots());
        return true;
      }
      if (shown === null || !text.startsWith(shown) || dots) reset();
      shown = text;
      const tail = text.slice(stable);
      const tokens = lexBlocks(tail);
      const cut = streaming ? finishedCount(tokens, tail) : tokens.length;
      if (cut > 0) {
        const finished = part(tokens, 0, cut);
        body.insertBefore(decorate(renderTokens(finished), actions, true), live);
        stable += finished.reduce((n, t) => n + t.raw.length, 0);
      }
      if (!streaming) {
        live?.remove();
        live = null;
        return true;
      }
      if (!live) {
        live = node("div", "md-live");
        body.append(live);
      }
      live.replaceChildren(decorate(renderTokens(part(tokens, cut, tokens.length)), actions, false));
      return true;
    },
  };
}

// finishedCount returns how many of the leading tokens are finished: all
// but the last one with content (a later token proves its predecessors
// ended), provided their raw text is exactly the start of tail (so the
// rendered prefix's length is known; "\r" is read as "\n" by marked).
/**
 * @param {Token[]} tokens
 * @param {string} tail
 */
function finishedCount(tokens, tail) {
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last].type === "space") last--;
  if (last <= 0 || tail.includes("\r")) return 0;
  let at = 0;
  for (let i = 0; i < last; i++) {
    if (!tail.startsWith(tokens[i].raw, at)) return 0;
    at += tokens[i].raw.length;
  }
  return last;
}

// part is tokens[from:to] keeping the reference links marked collected.
/**
 * @param {TokensList} tokens
 * @param {number} from
 * @param {number} to
 * @returns {TokensList}
 */
function part(tokens, from, to) {
  const p = /** @type {TokensList} */ (tokens.slice(from, to));
  p.links = tokens.links;
  return p;
}

// LIVE_HIGHLIGHT_MAX is the longest code coloured while it streams: it is
// coloured again every frame, at about 1-2 ms per KB, so longer code shows
// plain until it ends, then is coloured once.
const LIVE_HIGHLIGHT_MAX = 2048;

// decorate wraps every <pre> of frag in a figure with the language and,
// once the block is finished, a Copy button; code is scrollable by keyboard
// and coloured (while streaming only when it is short).
/**
 * @param {DocumentFragment} frag
 * @param {MessageActions} actions
 * @param {boolean} finished
 */
function decorate(frag, actions, finished) {
  for (const pre of frag.querySelectorAll("pre")) {
    const code = pre.querySelector("code");
    if (code && (finished || (code.textContent ?? "").length <= LIVE_HIGHLIGHT_MAX)) highlightCode(code);
    const lang = /language-([\w+#.-]+)/.exec(code?.className ?? "")?.[1] ?? "";
    const fig = node("figure", "code-block");
    const caption = node("figcaption", "code-head");
    caption.append(node("span", "code-lang", lang || "code"));
    if (finished) caption.append(copyButton("Copy", code?.textContent ?? "", actions, `Copy ${lang || "the"} code`));
    pre.tabIndex = 0; // scrollable by keyboard; named by the figure's caption
    pre.replaceWith(fig);
    fig.append(caption, pre);
  }
  for (const table of frag.querySelectorAll("table")) {
    const wrap = node("div", "table-wrap");
    wrap.tabIndex = 0; // scrollable by keyboard
    wrap.setAttribute("role", "group");
    wrap.setAttribute("aria-label", "table");
    table.replaceWith(wrap);
    wrap.append(table);
  }
  return frag;
}

function typingDots() {
  const dots = node("span", "typing");
  dots.append(node("span", "visually-hidden", "Edgen is thinking"), node("span"), node("span"), node("span"));
  return dots;
}

/**
 * @param {Message} msg
 * @param {MessageActions} actions
 */
function footerNodes(msg, actions) {
  /** @type {HTMLElement[]} */
  const out = [];
  if (msg.state === "stopped") out.push(node("span", "msg-note", "Stopped"));
  if (msg.state === "error" && msg.error) {
    const box = node("div", "msg-error");
    box.setAttribute("role", "alert");
    const retry = node("button", "btn retry", "Retry");
    retry.type = "button";
    retry.addEventListener("click", () => actions.retry(msg));
    box.append(
      node("p", "error-title", msg.error.title),
      node("p", "error-text", msg.error.text),
      node("p", "error-kind", msg.error.kind),
      retry,
    );
    out.push(box);
  }
  if (msg.role === "assistant" && (msg.state === "done" || msg.state === "stopped") && msg.content) {
    out.push(copyButton("Copy", msg.content, actions, "Copy answer"));
  }
  return out;
}

/**
 * @param {string} label
 * @param {string} text
 * @param {MessageActions} actions
 * @param {string} [ariaLabel]
 */
function copyButton(label, text, actions, ariaLabel) {
  const btn = node("button", "btn-link copy", label);
  btn.type = "button";
  if (ariaLabel) btn.setAttribute("aria-label", ariaLabel);
  btn.addEventListener("click", async () => {
    const ok = await actions.copy(text);
    btn.textContent = ok ? "Copied" : "Copy failed";
    setTimeout(() => (btn.textContent = label), 1500);
  });
  return btn;
}

/**
 * Creates an element with a class and text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function node(tag, className = "", text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}
