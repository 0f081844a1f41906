// @ts-check
// Markdown to DOM, for model output and the person's own words: marked
// parses, DOMPurify sanitizes. HTML written in the text is never HTML on the
// page: marked's html tokens render as the characters they are made of, and
// DOMPurify then keeps only the elements marked makes (no images, no
// styles, no event handlers, links only to http, https and mailto).

import { Marked, DOMPurify } from "./lib/markdown.js";

/** @import { Token, TokensList } from "marked" */

const escapeHTML = (/** @type {string} */ s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHTML(text),
    // An image from model output would fetch a URL the model chose: a link instead.
    image: ({ href, text }) => `<a href="${escapeHTML(href ?? "")}">${escapeHTML(text || href || "image")}</a>`,
    checkbox: ({ checked }) => (checked ? "[x] " : "[ ] "),
  },
});

const ALLOWED_TAGS = [
  "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
  "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
];
/** @type {import("dompurify").Config & {RETURN_DOM_FRAGMENT: true}} */
const PURIFY = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ["href", "title", "start", "align", "class"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  RETURN_DOM_FRAGMENT: true,
};

const purifier = DOMPurify(window);
purifier.addHook("afterSanitizeAttributes", (/** @type {Element} */ node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
  // Only marked's own language class on code: class="language-go".
  if (node.hasAttribute("class") && !(node.tagName === "CODE" && /^language-[\w+#.-]{1,32}$/.test(node.getAttribute("class") ?? ""))) {
    node.removeAttribute("class");
  }
});

/**
 * Splits Markdown into marked's top-level tokens ("\r\n" read as "\n").
 * @param {string} text
 * @returns {TokensList}
 */
export function lexBlocks(text) {
  return marked.lexer(text);
}

/**
 * Renders top-level tokens as a sanitized DocumentFragment.
 * @param {Token[] | TokensList} tokens
 * @returns {DocumentFragment}
 */
export function renderTokens(tokens) {
  return purifier.sanitize(marked.parser(tokens), PURIFY);
}
