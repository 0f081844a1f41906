// No bundler: the import map of index.html names the library's URL. A first
// load() from a wasm that is not there must say what it fetched; a failed
// load may be tried again.
import { load } from "edgen-wasm";
import { runApp } from "./app.js";

let missing = "loaded";
try {
  await load({ wasmURL: "./missing.wasm" });
} catch (e) {
  missing = e.message;
}
runApp({}, async () => ({ missing }));
