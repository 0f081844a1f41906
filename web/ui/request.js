// @ts-check
// What a chat asks the server: the request of its next answer (its options
// and its messages), and the title a chat takes from its first question.
// An answer goes back as its words only: what the model thought is never
// sent back to it, nor are the tool calls of an earlier answer. Pictures go
// as OpenAI's nested image parts with their data URLs, which the servers
// that see pictures read (Edgen refuses them: errors.js says so).

/** @import { Chat } from "./store.js" */
/** @import { Message } from "./store.js" */
/** @import { ChatCompletionContentPart, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from "../edgen/edgen.js" */

/**
 * The streamed request for the next answer of chat: the system prompt, then
 * every question and every answer that has words. It asks for the usage at
 * the end of the stream (servers that refuse this are asked again without
 * it by the client, and the speed is then counted from the chunks).
 * @param {Chat} chat
 * @returns {ChatCompletionCreateParamsStreaming}
 */
export function answerRequest(chat) {
  const o = chat.options;
  /** @type {ChatCompletionMessageParam[]} */
  const history = [];
  if (o.system.trim()) history.push({ role: "system", content: o.system });
  for (const m of chat.messages) {
    if (m.role === "user") history.push({ role: "user", content: questionContent(m) });
    else if (m.content) history.push({ role: "assistant", content: m.content });
  }
  /** @type {ChatCompletionCreateParamsStreaming} */
  const params = { model: o.model || "default", messages: history, stream: true, stream_options: { include_usage: true } };
  if (o.temperature !== "") params.temperature = Number(o.temperature);
  if (o.maxTokens !== "") params.max_tokens = Number(o.maxTokens);
  return params;
}

/**
 * Whether the request of chat's next answer carries pictures.
 * @param {Chat} chat
 */
export function hasPictures(chat) {
  return chat.messages.some((m) => (m.images?.length ?? 0) > 0);
}

/**
 * The content of the question m: its text, or its text and its pictures as parts.
 * @param {Message} m
 * @returns {string | ChatCompletionContentPart[]}
 */
function questionContent(m) {
  if (!m.images?.length) return m.content;
  /** @type {ChatCompletionContentPart[]} */
  const parts = m.content ? [{ type: "text", text: m.content }] : [];
  for (const url of m.images) parts.push({ type: "image_url", image_url: { url } });
  return parts;
}

/**
 * A chat's title made of its first question: its first line without
 * Markdown marks, at most 60 characters.
 * @param {string} text
 */
export function titleOf(text) {
  const line = text.trim().split("\n")[0].replace(/[#*_`>]/g, "").trim();
  return line.length > 60 ? line.slice(0, 59) + "…" : line || "Chat";
}
