// chat.test.js: the library under vitest (npm test), its tests in worker
// threads of a node that npm started by the name "node" (forked workers get
// node's absolute path as argv0 instead). It streams a chat from the fake
// Edgen at $EDGEN_FAKE_URL.
import { expect, test } from "vitest";
import { load } from "edgen-wasm";

test("streams a chat from Edgen", async () => {
  expect(process.argv0).toBe("node"); // the case under test
  const edgen = await load({ baseURL: process.env.EDGEN_FAKE_URL });
  let text = "";
  for await (const chunk of edgen.chat({ model: "default", messages: [{ role: "user", content: "hello from vitest" }], stream: true })) {
    text += chunk.choices[0]?.delta?.content ?? "";
  }
  expect(text).toBe("Hello! You said: hello from vitest");
});
