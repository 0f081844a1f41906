// Runs the interop scenarios in Node: node interop_node.mjs <server base URL> <site URL>.
// The Go test starts node through its absolute path, so process.argv0 does
// not start with "node" and Go's net/http in the wasm uses fetch.
import { run } from "./interop.mjs";

const [baseURL, siteURL] = process.argv.slice(2);
await run({ engine: "node", baseURL, wasmURL: new URL("edgen.wasm", siteURL).href, loaderURL: "../edgen.js" });
process.exit(0); // the Go program inside never exits by itself
