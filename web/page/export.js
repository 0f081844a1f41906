// @ts-check
// A chat as a Markdown document, for Export: its title, its options, then
// every message under its author's name. The messages are Markdown already
// and are kept as they are; around an answer go what the model thought (a
// quote) and the tools it called (a list), around a question its pictures.

import { duration } from "../ui/messageparts.js";

/** @import { Chat, Message } from "../ui/store.js" */

/**
 * Returns chat as Markdown text.
 * @param {Chat} chat
 */
export function toMarkdown(chat) {
  const out = [`# ${chat.title || "Chat"}`, ""];
  const o = chat.options;
  out.push(`Model: ${o.model || "default"}` +
    (o.temperature !== "" ? ` · temperature ${o.temperature}` : "") +
    (o.maxTokens !== "" ? ` · max tokens ${o.maxTokens}` : "") +
    (o.tools.length > 0 ? ` · tools ${o.tools.join(", ")}` : ""), "");
  if (o.system.trim()) out.push("## System", "", o.system.trim(), "");
  for (const m of chat.messages) {
    const note = m.state === "stopped" ? " (stopped)" : m.state === "error" ? " (failed)" : "";
    out.push(`## ${m.role === "user" ? "You" : "Edgen"}${note}`, "", ...around(m), m.content.trim() || "_(no text)_", "");
  }
  return out.join("\n");
}

/**
 * The lines before the words of m: its thinking, its tool steps, its pictures.
 * @param {Message} m
 */
function around(m) {
  const lines = [];
  if (m.thinking) {
    const time = m.thoughtMs === undefined ? "" : ` for ${duration(m.thoughtMs)}`;
    lines.push(`> **Thought${time}:**`, ">", ...m.thinking.trim().split("\n").map((l) => `> ${l}`.trimEnd()), "");
  }
  for (const s of m.steps ?? []) {
    const outcome = s.state === "failed" ? "failed: " : "";
    lines.push(`- Tool \`${s.name}\` with \`${s.arguments || "{}"}\`: ${outcome}${s.result.replaceAll("\n", " ")}`);
  }
  if (m.steps?.length) lines.push("");
  (m.images ?? []).forEach((url, i) => lines.push(`![Picture ${i + 1}](${url})`, ""));
  return lines;
}
