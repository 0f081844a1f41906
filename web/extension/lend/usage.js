// @ts-check
// How many tokens some text takes, where the server has not said: about
// four characters a token, as for English text, and a few tokens more for
// each message's role and markers. The server's own counts (the usage of
// its answers) replace this estimate once a prompt has been answered.

/**
 * A message as the extension keeps it: text only.
 * @typedef {{role: "system" | "user" | "assistant", content: string, prefix?: boolean}} Message
 */

/** Tokens each message costs beyond its text (role and template markers). */
const PER_MESSAGE = 4;

/**
 * The estimated tokens of messages.
 * @param {readonly Message[]} messages
 * @returns {number}
 */
export function estimateTokens(messages) {
  let n = 0;
  for (const m of messages) n += PER_MESSAGE + Math.ceil(m.content.length / 4);
  return n;
}
