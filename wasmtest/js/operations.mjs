// Prints the operation table of edgen.wasm (wasm/ops.go) as one JSON line:
// node operations.mjs <edgen.wasm path>. Run from the site's wasmtest/
// folder, beside ../edgen.js.
import { load } from "../edgen.js";

const edgen = await load({ wasmURL: new URL(process.argv[2], "file://").href });
console.log(JSON.stringify(edgen[Symbol.for("edgen.go")].operations));
process.exit(0); // the Go program inside never exits by itself
