// The types of lib/markdown.js, which esbuild bundles from markdown.entry.js
// into the build's ui/lib/ (make build): what that file exports.
export * from "../markdown.entry.js";
