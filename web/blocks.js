// Splitting model output into prose and fenced code blocks, as plain data.
// Nothing here touches the DOM; render.js turns the blocks into nodes.

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;

/**
 * Splits text into blocks, in order:
 *   {type: "text", text} and {type: "code", lang, text, closed}.
 * A fence that is still open (an answer mid-stream) runs to the end.
 */
export function splitBlocks(text) {
  const blocks = [];
  let prose = [];
  let code = null;
  const flushProse = () => {
    const t = prose.join("\n");
    if (t.trim() !== "") blocks.push({ type: "text", text: trimBlankLines(t) });
    prose = [];
  };
  for (const line of text.split("\n")) {
    if (code) {
      const close = line.trim();
      if (close.length >= code.fence.length && close === code.fence[0].repeat(close.length)) {
        blocks.push({ type: "code", lang: code.lang, text: code.lines.join("\n"), closed: true });
        code = null;
      } else {
        code.lines.push(line);
      }
      continue;
    }
    const m = FENCE.exec(line);
    if (m) {
      flushProse();
      code = { fence: m[1], lang: m[2], lines: [] };
    } else {
      prose.push(line);
    }
  }
  if (code) blocks.push({ type: "code", lang: code.lang, text: code.lines.join("\n"), closed: false });
  flushProse();
  return blocks;
}

/**
 * Splits prose into runs of plain text and `inline code`:
 *   [{code: false, text}, {code: true, text}, ...]
 */
export function splitInlineCode(text) {
  const runs = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) runs.push({ code: false, text: text.slice(last, m.index) });
    runs.push({ code: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ code: false, text: text.slice(last) });
  return runs;
}

function trimBlankLines(t) {
  return t.replace(/^(?:[ \t]*\n)+/, "").replace(/(?:\n[ \t]*)+$/, "");
}
