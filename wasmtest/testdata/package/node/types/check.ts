// check.ts: both entries of edgen-wasm, typed through its package.json
// "exports"; TestPackage compiles it with tsc --strict under each
// moduleResolution of the tsconfig files beside it.
import { load, APIError, APIUserAbortError, type ChatCompletionChunk, type EdgenAPI } from "edgen-wasm";
import { connectWorker, type WorkerAPI } from "edgen-wasm/worker";

export async function main(signal: AbortSignal): Promise<string> {
  const edgen: EdgenAPI = await load({ baseURL: "http://127.0.0.1:33322/v1/", wasmURL: new URL("https://example.com/edgen.wasm") });
  let text = "";
  try {
    for await (const chunk of edgen.chat({ model: "default", messages: [{ role: "user", content: "Hi" }], stream: true }, { signal })) {
      const c: ChatCompletionChunk = chunk;
      text += c.choices[0]?.delta?.content ?? "";
    }
  } catch (e) {
    if (e instanceof APIUserAbortError && e instanceof APIError) return e.name;
  }
  const worker: WorkerAPI = await connectWorker(undefined, { baseURL: "http://127.0.0.1:33322/v1/" });
  await worker.configure({ timeout: 1000 });
  const answer = await worker.chat({ model: "default", messages: [{ role: "user", content: text }] });
  worker.terminate();
  if (worker.worker instanceof Worker && answer.choices[0]?.message.content) return answer.choices[0].message.content;
  return text;
}
