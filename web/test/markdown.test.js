// @ts-check
// ui/markdown.js, the Markdown pipeline (marked, then DOMPurify) of the
// build's ui/lib/markdown.js, in a DOM of jsdom (DOMPurify's own choice for
// Node). Nothing written in the text becomes live HTML.
import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";

const { window } = new JSDOM("<!doctype html><body></body>");
Object.assign(globalThis, { window, document: window.document });
const { lexBlocks, renderTokens } = await import("../ui/markdown.js");

/** The HTML that text renders as. */
function html(/** @type {string} */ text) {
  const div = window.document.createElement("div");
  div.append(renderTokens(lexBlocks(text)));
  return div.innerHTML;
}

test("Markdown becomes its elements", () => {
  assert.equal(html("# Title\n\nSome *words* and `code`."), "<h1>Title</h1>\n<p>Some <em>words</em> and <code>code</code>.</p>\n");
  assert.match(html("```go\nfunc main() {}\n```"), /^<pre><code class="language-go">func main\(\) \{\}\n<\/code><\/pre>/);
  assert.match(html("| a | b |\n|---|---|\n| 1 | 2 |"), /<table>/);
});

test("HTML in the text shows as the characters it is made of", () => {
  const out = html('<img src=x onerror="alert(1)"> and <script>alert(2)</script>');
  assert.doesNotMatch(out, /<img|<script/);
  assert.match(out, /&lt;img src=x onerror="alert\(1\)"&gt;/);
});

test("links open apart and only to http, https and mailto", () => {
  assert.equal(html("[site](https://example.com)"),
    '<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a></p>\n');
  assert.doesNotMatch(html("[click](javascript:alert(1))"), /href=/);
});

test("an image is a link, never fetched", () => {
  assert.equal(html("![a cat](https://example.com/cat.png)"),
    '<p><a href="https://example.com/cat.png" target="_blank" rel="noopener noreferrer">a cat</a></p>\n');
});

test("code keeps a language class of marked's form, nothing else", () => {
  assert.match(html("```c++\nx\n```"), /<code class="language-c\+\+">/);
  assert.doesNotMatch(html("```" + "x".repeat(40) + "\nx\n```"), /class=/);
  assert.doesNotMatch(html('```go"onclick="alert(1)\nx\n```'), /onclick|class=/);
});

test("the lexer's blocks add up to the text, CRLF read as LF", () => {
  const text = "one\n\ntwo\n\n- a\n- b\n";
  assert.equal(lexBlocks(text).map((t) => t.raw).join(""), text);
  assert.deepEqual(lexBlocks("a\r\nb").map((t) => t.type), lexBlocks("a\nb").map((t) => t.type));
});
