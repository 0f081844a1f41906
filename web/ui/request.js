// @ts-check
// What a chat asks the server: the request of its next answer (its options
// and its messages), and the title a chat takes from its first question.

/** @import { Chat } from "./store.js" */
/** @import { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from "../edgen/edgen.js" */

/**
 * The streamed request for the next answer of chat: the system prompt, then
 * every question and every answer that has words.
 * @param {Chat} chat
 * @returns {ChatCompletionCreateParamsStreaming}
 */
export function answerRequest(chat) {
  const o = chat.options;
  /** @type {ChatCompletionMessageParam[]} */
  const history = [];
  if (o.system.trim()) history.push({ role: "system", content: o.system });
  for (const m of chat.messages) {
    if (m.role === "user") history.push({ role: "user", content: m.content });
    else if (m.content) history.push({ role: "assistant", content: m.content });
  }
  /** @type {ChatCompletionCreateParamsStreaming} */
  const params = { model: o.model || "default", messages: history, stream: true };
  if (o.temperature !== "") params.temperature = Number(o.temperature);
  if (o.maxTokens !== "") params.max_tokens = Number(o.maxTokens);
  return params;
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
