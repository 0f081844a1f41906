// The types of lib/idb.js, which esbuild bundles from idb.entry.js into the
// build's ui/lib/ (make build): what that file exports.
export * from "../idb.entry.js";
