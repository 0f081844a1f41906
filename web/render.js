// Building the DOM of one message. Model output is only ever put in the page
// as text (textContent, text nodes): markup in an answer shows as the
// characters it is made of. Code fences become <pre><code> nodes.

import { splitBlocks, splitInlineCode } from "./blocks.js";

const AUTHORS = { user: "You", assistant: "Edgen" };

/**
 * Creates the element of msg. actions: {retry(msg), copy(text) -> Promise}.
 */
export function messageElement(msg, actions) {
  const el = node("article", `msg msg-${msg.role}`);
  el.dataset.id = msg.id;
  el.append(node("div", "msg-author", AUTHORS[msg.role]), node("div", "msg-body"), node("div", "msg-footer"));
  updateMessageElement(el, msg, actions);
  return el;
}

/**
 * Brings el up to date with msg: the body on every call (cheap: a streaming
 * answer re-renders per chunk), the footer when the state changed.
 */
export function updateMessageElement(el, msg, actions) {
  const state = msg.state ?? "done";
  const streaming = state === "streaming";
  el.setAttribute("aria-busy", String(streaming));
  el.querySelector(".msg-body").replaceChildren(...bodyNodes(msg.content, streaming, actions));
  if (el.dataset.state !== state) {
    el.dataset.state = state;
    el.querySelector(".msg-footer").replaceChildren(...footerNodes(msg, actions));
  }
}

function bodyNodes(text, streaming, actions) {
  if (text === "" && streaming) {
    const dots = node("span", "typing");
    dots.append(node("span", "visually-hidden", "Edgen is thinking"), node("span"), node("span"), node("span"));
    return [dots];
  }
  return splitBlocks(text).map((b) => (b.type === "code" ? codeBlock(b, actions) : prose(b.text)));
}

function prose(text) {
  const p = node("p", "msg-text");
  for (const run of splitInlineCode(text)) {
    p.append(run.code ? node("code", "", run.text) : document.createTextNode(run.text));
  }
  return p;
}

function codeBlock(block, actions) {
  const fig = node("figure", "code-block");
  const caption = node("figcaption", "code-head");
  caption.append(node("span", "code-lang", block.lang || "code"));
  if (block.closed) caption.append(copyButton("Copy code", block.text, actions));
  const pre = node("pre");
  pre.tabIndex = 0; // scrollable by keyboard
  pre.setAttribute("aria-label", block.lang ? `${block.lang} code` : "code");
  pre.append(node("code", "", block.text));
  fig.append(caption, pre);
  return fig;
}

function footerNodes(msg, actions) {
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

function node(tag, className = "", text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}
