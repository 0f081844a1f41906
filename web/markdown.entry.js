// The npm parts of the page's Markdown: esbuild bundles this file into
// lib/markdown.js (make build), the one module markdown.js imports.
export { Marked } from "marked";
export { default as DOMPurify } from "dompurify";
