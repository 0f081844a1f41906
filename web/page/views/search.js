// @ts-check
// The Search view: semantic search over the saved chats. The question and
// every message become embeddings (embeddings.create, one request for the
// texts not seen before: vectors are kept by text and model, across
// reloads, by vectorstore.js); the messages closest to the question
// (cosine similarity) come first.

import { node } from "../../ui/render.js";
import { describeError } from "../../ui/errors.js";
import { keepVectors, keptVectors } from "../vectorstore.js";

const MAX_MESSAGES = 400; // the newest; bounds one request
const MAX_CHARS = 2000; // of each message
const RESULTS = 8;
const MODEL = "default";

/** @import { ClientDeps } from "../../ui/chat.js" */
/** @import { Chat, Message } from "../../ui/store.js" */

/**
 * Creates the view.
 * @param {{form: HTMLFormElement, query: HTMLInputElement, go: HTMLButtonElement, state: HTMLElement, results: HTMLElement}} els
 * @param {ClientDeps & {chats(): Promise<Chat[]>, open(chatID: string, msgID: string): void}} deps
 */
export function createSearchView(els, deps) {
  /** @type {Map<string, Float32Array>} */
  const vectors = new Map(); // text -> its embedding, for this page's life

  els.form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const edgen = deps.edgen();
    const query = els.query.value.trim();
    if (!edgen || !query) return;
    els.go.disabled = true;
    els.state.textContent = "Searching…";
    try {
      const items = (await deps.chats())
        .flatMap((c) => c.messages.filter((m) => m.content.trim()).map((m) => ({ chat: c, msg: m, text: m.content.slice(0, MAX_CHARS) })))
        .slice(0, MAX_MESSAGES);
      if (items.length === 0) {
        els.state.textContent = "There is nothing to search yet: chat first.";
        els.results.replaceChildren();
        return;
      }
      let missing = [...new Set([query, ...items.map((i) => i.text)])].filter((t) => !vectors.has(t));
      for (const [text, v] of await keptVectors(MODEL, missing)) vectors.set(text, v);
      missing = missing.filter((t) => !vectors.has(t));
      if (missing.length > 0) {
        const out = await edgen.embeddings.create({ model: MODEL, input: missing });
        const list = /** @type {any} */ (out)?.embeddings ?? out?.data ?? [];
        if (list.length !== missing.length) throw new Error(`The server sent ${list.length} embeddings for ${missing.length} texts.`);
        /** @type {Map<string, Float32Array>} */
        const fresh = new Map();
        list.forEach((/** @type {any} */ v, /** @type {number} */ i) => fresh.set(missing[v?.index ?? i], Float32Array.from(v.embedding)));
        for (const [text, v] of fresh) vectors.set(text, v);
        keepVectors(MODEL, fresh);
      }
      const q = vectors.get(query);
      const ranked = items.map((i) => ({ ...i, score: cosine(q, vectors.get(i.text)) }))
        .sort((a, b) => b.score - a.score).slice(0, RESULTS);
      els.results.replaceChildren(...ranked.map(result));
      els.state.textContent = `The ${ranked.length} closest of ${items.length} messages.`;
    } catch (err) {
      const d = describeError(err, edgen, { baseURL: deps.baseURL() });
      els.state.textContent = `${d.title} ${d.text}`;
    } finally {
      els.go.disabled = false;
    }
  });

  /** @param {{chat: Chat, msg: Message, score: number}} found */
  function result({ chat, msg, score }) {
    const li = node("li", "search-result");
    const open = node("button", "search-open");
    open.type = "button";
    open.append(
      node("span", "search-chat", chat.title || "New chat"),
      node("span", "search-snippet", `${msg.role === "user" ? "You" : "Edgen"}: ${snippet(msg.content)}`),
      node("span", "search-score", `similarity ${score.toFixed(2)}`),
    );
    open.addEventListener("click", () => deps.open(chat.id, msg.id));
    li.append(open);
    return li;
  }

  return { show() { els.query.focus(); }, hide() {} };
}

/**
 * The cosine similarity of vectors a and b; 0 when either is missing.
 * @param {Float32Array | undefined} a
 * @param {Float32Array | undefined} b
 */
function cosine(a, b) {
  if (!a || !b || a.length !== b.length) return 0;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** @param {string} text */
function snippet(text) {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 160 ? t.slice(0, 159) + "…" : t;
}
