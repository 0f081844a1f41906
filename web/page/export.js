// @ts-check
// A chat as a Markdown document, for Export: its title, its options, then
// every message under its author's name. The messages are Markdown already
// and are kept as they are.

/** @import { Chat } from "../ui/store.js" */

/**
 * Returns chat as Markdown text.
 * @param {Chat} chat
 */
export function toMarkdown(chat) {
  const out = [`# ${chat.title || "Chat"}`, ""];
  const o = chat.options;
  out.push(`Model: ${o.model || "default"}` +
    (o.temperature !== "" ? ` · temperature ${o.temperature}` : "") +
    (o.maxTokens !== "" ? ` · max tokens ${o.maxTokens}` : ""), "");
  if (o.system.trim()) out.push("## System", "", o.system.trim(), "");
  for (const m of chat.messages) {
    const note = m.state === "stopped" ? " (stopped)" : m.state === "error" ? " (failed)" : "";
    out.push(`## ${m.role === "user" ? "You" : "Edgen"}${note}`, "", m.content.trim() || "_(no text)_", "");
  }
  return out.join("\n");
}
