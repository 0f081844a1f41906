// esbuild leaves new URL("./edgen.wasm", import.meta.url) alone: its file
// loader (--loader:.wasm=file) emits the wasm and gives its URL.
import wasmURL from "edgen-wasm/edgen.wasm";
import { runApp } from "./app.js";

runApp({ wasmURL });
