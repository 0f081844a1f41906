// @ts-check
// Colouring the code of code blocks with highlight.js (bundled in
// lib/markdown.js). The code is read from the sanitized block's text and
// written back as spans and text nodes only: highlight.js's markup is never
// parsed as HTML, and a block whose text would change stays as it was.

import { hljs } from "./lib/markdown.js";

// highlight.js's markup: <span class="…">, </span>, and text with &, <, >,
// " and ' escaped.
const MARKUP = /<span class="([^"<>]*)">|<\/span>|[^<]+/g;
/** @type {Record<string, string>} */
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
// Its classes: a scope ("hljs-title function_") or an embedded language.
const CLASSES = /^(?:hljs-[a-z_-]+|language-[\w-]+)(?: [a-z]+_+){0,3}$/;

/**
 * Colours code (a <code class="language-…"> element) in place when
 * highlight.js knows its language; other code is left plain.
 * @param {Element} code
 */
export function highlightCode(code) {
  const lang = /^language-(.+)$/.exec(code.className)?.[1];
  if (!lang || !hljs.getLanguage(lang)) return;
  const text = code.textContent ?? "";
  const coloured = spans(hljs.highlight(text, { language: lang, ignoreIllegals: true }).value);
  if (coloured.textContent === text) code.replaceChildren(coloured);
}

// spans builds highlight.js's markup as a fragment of spans and text.
/** @param {string} markup */
function spans(markup) {
  const root = document.createDocumentFragment();
  /** @type {(DocumentFragment | HTMLElement)[]} */
  const open = [root];
  for (const [token, cls] of markup.matchAll(MARKUP)) {
    const parent = open[open.length - 1];
    if (cls !== undefined) {
      const span = document.createElement("span");
      if (CLASSES.test(cls)) span.className = cls;
      parent.append(span);
      open.push(span);
    } else if (token === "</span>") {
      if (open.length > 1) open.pop();
    } else {
      parent.append(token.replace(/&(?:amp|lt|gt|quot|#x27);/g, (e) => ENTITIES[e]));
    }
  }
  return root;
}
