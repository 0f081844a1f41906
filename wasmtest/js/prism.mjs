// The Prism scenarios: the real edgen.wasm against Prism serving OpenAI's
// spec, which answers 422 to any request the spec does not allow. What the
// OpenAI JS library's own generated tests (tests/api-resources) assert of
// the methods we have holds here: each call with only its required params
// and with the optional ones, asResponse() a fetch Response, the awaited
// data not one, withResponse() giving that same data object and that same
// Response. And every request shape of today's models passes the spec:
// tools and tool results (runTools), response_format json_schema (parse),
// nested image data URLs, reasoning_effort, stream_options. Run by
// interop.mjs's run() for TestInteropPrism, in Node and Chromium.

/** check throws unless ok, with what it says. */
function check(ok, what) {
  if (!ok) throw new Error(what);
}

const model = "gpt-4o";
const user = (content) => ({ model, messages: [{ role: "user", content }] });

/** A one-pixel PNG, as a data URL. */
const pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/**
 * The assertions of the OpenAI library's generated tests on one call
 * (make calls it once): asResponse() a Response, the data not one,
 * withResponse()'s data and response the very same objects.
 */
async function assertDropIn(what, make) {
  const p = make();
  const raw = await p.asResponse();
  check(raw instanceof Response, `${what}: asResponse() is not a Response`);
  const data = await p;
  check(!(data instanceof Response), `${what}: the data is a Response`);
  const both = await p.withResponse();
  check(both.data === data, `${what}: withResponse().data is not the data`);
  check(both.response === raw, `${what}: withResponse().response is not asResponse()'s Response`);
  check(raw.ok && raw.headers.get("content-type")?.includes("json"), `${what}: ok ${raw.ok}, content-type ${raw.headers.get("content-type")}`);
  return data;
}

export const prismScenarios = [
  {
    name: "chat_required_params",
    async run({ edgen }) {
      await assertDropIn("chat.completions.create", () => edgen.chat.completions.create(user("string")));
    },
  },
  {
    name: "chat_optional_params",
    async run({ edgen }) {
      await edgen.chat.completions.create({
        model,
        messages: [
          { role: "system", content: "string", name: "name" },
          { role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: pixel, detail: "low" } }], name: "name" },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "name", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "call_1", content: "string" },
        ],
        frequency_penalty: -2,
        logit_bias: { 50256: 0 },
        max_tokens: 1,
        n: 1,
        presence_penalty: -2,
        reasoning_effort: "low",
        response_format: { type: "json_schema", json_schema: { name: "name", description: "description", schema: { type: "object" }, strict: true } },
        seed: 1,
        stop: "\n",
        stream: false,
        stream_options: { include_usage: true },
        temperature: 1,
        tool_choice: "auto",
        tools: [{ type: "function", function: { name: "name", description: "description", parameters: { type: "object" }, strict: true } }],
        top_p: 1,
        user: "user-1234",
      });
    },
  },
  {
    name: "chat_stream_parts",
    async run({ edgen }) {
      const stream = edgen.chat({ ...user("string"), stream: true, stream_options: { include_usage: true } });
      const { response } = await stream.withResponse();
      check(response instanceof Response && response.ok, `a stream's withResponse().response ${response}`);
      let content = "";
      let stats;
      for await (const part of stream.parts()) {
        if (part.type === "content") content += part.text;
        if (part.type === "stats") stats = part.stats;
      }
      check(content === "Hello world", `the stream's content ${JSON.stringify(content)}`);
      check(stats && stats.usage.completion_tokens > 0, `the stats ${JSON.stringify(stats)}`);
    },
  },
  {
    name: "run_tools_rounds",
    async run({ edgen }) {
      // Prism's example answer always calls a tool "string": two rounds,
      // the second sending the first's calls and their results back.
      const tools = [{ type: "function", function: { name: "weather", description: "the weather", parameters: { type: "object", properties: { city: { type: "string" } } }, function: () => "sunny" } }];
      const runner = edgen.chat.completions.runTools({ ...user("the weather"), tools }, { maxChatCompletions: 2 });
      await runner.done();
      check(runner.allChatCompletions().length === 2, `${runner.allChatCompletions().length} rounds`);
      check(runner.messages.filter((m) => m.role === "tool").length > 0, "no tool result was sent");
    },
  },
  {
    name: "parse_json_schema",
    async run({ edgen }) {
      // Prism's example answer refuses ("refusal": "string"): the request passed the spec.
      try {
        await edgen.chat.completions.parse({ ...user("JSON please"), response_format: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } });
        throw new Error("parse() of Prism's example answer did not reject");
      } catch (e) {
        check(e instanceof edgen.RefusalError, `parse() rejected with ${e?.name}: ${e?.message}, want RefusalError (a 422 means the request broke the spec)`);
      }
    },
  },
  {
    name: "embeddings",
    async run({ edgen }) {
      await assertDropIn("embeddings.create", () => edgen.embeddings.create({ input: "The quick brown fox jumped over the lazy dog", model: "text-embedding-3-small" }));
      await edgen.embeddings.create({ input: ["a", "b"], model: "text-embedding-3-small", dimensions: 1, encoding_format: "float", user: "user-1234" });
    },
  },
  {
    name: "models",
    async run({ edgen }) {
      await assertDropIn("models.list", () => edgen.models.list());
      await assertDropIn("models.retrieve", () => edgen.models.retrieve("gpt-4o-mini"));
      await assertDropIn("models.delete", () => edgen.models.delete("ft:gpt-4o-mini:acemeco:suffix:abc123"));
    },
  },
  {
    name: "transcriptions",
    async run({ edgen }) {
      const file = new File([new Uint8Array(64)], "speech.wav", { type: "audio/wav" });
      await assertDropIn("audio.transcriptions.create", () => edgen.audio.transcriptions.create({ file, model: "gpt-4o-transcribe" }));
      await edgen.audio.transcriptions.create({ file, model: "gpt-4o-transcribe", language: "en", prompt: "prompt", response_format: "json", temperature: 0 });
    },
  },
];
