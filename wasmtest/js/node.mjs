// Runs the JS scenarios in Node: node node.mjs <fake base URL> <site URL>.
// Go's net/http in the wasm uses fetch whatever process.argv0 is: load.js
// hands Go a process with another argv0 (TestPackageNode starts plain node).
// WASMTEST_SCENARIOS (a regular expression) limits the scenarios;
// WASMTEST_LIMIT_MS ends the process after that long, whatever is pending,
// should the Go test that waits for it be gone.
import { main, say } from "./harness.mjs";

const limit = Number(process.env.WASMTEST_LIMIT_MS);
if (limit > 0) {
  setTimeout(() => {
    say({ event: "fatal", message: `node.mjs: still running after WASMTEST_LIMIT_MS=${limit}` });
    process.exit(2);
  }, limit).unref();
}
const [fakeURL, siteURL] = process.argv.slice(2);
await main({
  engine: "node",
  fakeURL,
  wasmURL: new URL("edgen.wasm", siteURL).href,
  loaderURL: "../edgen.js",
  only: process.env.WASMTEST_SCENARIOS ?? "",
  cookie: "",
  limits: {},
});
process.exit(0); // the Go program inside never exits by itself
