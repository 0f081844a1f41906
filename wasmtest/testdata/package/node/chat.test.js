// chat.test.js: the library under vitest (npm test), which runs its tests in
// workers of a node started by that name. It streams a chat from the fake
// Edgen at $EDGEN_FAKE_URL.
import { expect, test } from "vitest";
import { load } from "edgen-wasm";

test("streams a chat from Edgen", async () => {
  const edgen = await load({ baseURL: process.env.EDGEN_FAKE_URL });
  let text = "";
  for await (const chunk of edgen.chat({ model: "default", messages: [{ role: "user", content: "hello from vitest" }], stream: true })) {
    text += chunk.choices[0]?.delta?.content ?? "";
  }
  expect(text).toBe("Hello! You said: hello from vitest");
});
