// The Vite app also starts the worker entry: Vite bundles the worker that
// connectWorker starts with new Worker(new URL(...), { type: "module" }).
import { connectWorker } from "edgen-wasm/worker";
import { runApp } from "./app.js";

runApp({}, async (baseURL) => {
  const edgen = await connectWorker(undefined, { baseURL });
  try {
    const answer = await edgen.chat({ model: "default", messages: [{ role: "user", content: "hello from a worker" }] });
    return { worker: answer.choices[0].message.content };
  } finally {
    edgen.terminate();
  }
});
