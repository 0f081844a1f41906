// The types of lib/expression.js, which esbuild bundles from
// expression.entry.js into the build's ui/lib/ (make build): what that file exports.
export * from "../expression.entry.js";
