// chat.mjs: the library in Node, started by the plain name `node` (as npm
// scripts, npx and test runners start it). It streams a chat from the fake
// Edgen at $EDGEN_FAKE_URL, then loads again (other settings apply, another
// wasmURL rejects), and prints the outcome as one JSON line for TestPackage.
import { load, APIError } from "edgen-wasm";

const node = globalThis.process;
const edgen = await load({ baseURL: process.env.EDGEN_FAKE_URL });
const restored = globalThis.process === node; // the loader lends Go another process only while it starts
let text = "";
for await (const chunk of edgen.chat({ model: "default", messages: [{ role: "user", content: "hello from node" }], stream: true })) {
  text += chunk.choices[0]?.delta?.content ?? "";
}

const again = await load({ baseURL: "http://127.0.0.1:9/v1/", maxRetries: 0 });
let moved = "answered";
try {
  await again.models.list();
} catch (e) {
  moved = e instanceof APIError ? e.name : String(e);
}
let otherWasm = "loaded";
try {
  await load({ wasmURL: "./other.wasm" });
} catch (e) {
  otherWasm = e.message;
}
console.log(JSON.stringify({ argv0: process.argv0, restored, text, same: again === edgen, moved, otherWasm }));
