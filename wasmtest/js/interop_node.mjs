// Runs the interop scenarios in Node: node interop_node.mjs <server base URL> <site URL> [prism].
// Go's net/http in the wasm uses fetch whatever process.argv0 is: load.js
// hands Go a process with another argv0 (TestPackageNode starts plain node).
import { run } from "./interop.mjs";

const [baseURL, siteURL, suite] = process.argv.slice(2);
await run({ engine: "node", baseURL, wasmURL: new URL("edgen.wasm", siteURL).href, loaderURL: "../edgen.js", suite });
process.exit(0); // the Go program inside never exits by itself
