// The interop scenarios: the real edgen.wasm, through the loader, against a
// real OpenAI-compatible server (ollama, serving a tiny random-weight model
// as "tiny"), in Node (real fetch) and in Chromium (cross-origin, so every
// POST is preflighted for real). They report like harness.mjs, one console
// line per event, which wasmtest/interop_test.go reads.
import { say, describe } from "./harness.mjs";

const model = "tiny";

/** check throws unless ok, with what it says. */
function check(ok, what) {
  if (!ok) throw new Error(what);
}

/** chat is a request for the tiny model. */
function chat(text, extra = {}) {
  return { model, messages: [{ role: "user", content: text }], max_tokens: 12, seed: 1, ...extra };
}

/** deltas concatenates the contents of choice 0 of the chunks. */
function deltas(chunks) {
  return chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
}

/** rawStream sends a streamed request with fetch alone and returns the body's text. */
async function rawStream(baseURL, params) {
  const r = await fetch(new URL("chat/completions", baseURL), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...params, stream: true }),
  });
  check(r.ok, `fetch of the raw stream: ${r.status}`);
  return r.text();
}

/** rawChunks are the chunks of an event-stream text, [DONE] left out. */
function rawChunks(text) {
  return text.split("\n").filter((l) => l.startsWith("data: ") && l !== "data: [DONE]").map((l) => JSON.parse(l.slice(6)));
}

const ollamaScenarios = [
  {
    name: "whole_answer",
    async run({ edgen }) {
      const a = await edgen.chat(chat("Say something."));
      const c = a.choices[0];
      check(a.choices.length === 1 && c.message.role === "assistant", `answer ${JSON.stringify(a)}`);
      check(typeof c.message.content === "string" && c.message.content !== "", `content ${JSON.stringify(c.message.content)}`);
      check(c.finish_reason === "length" && a.usage.completion_tokens === 12, `finish_reason ${c.finish_reason}, usage ${JSON.stringify(a.usage)}`);
    },
  },
  {
    name: "stream_to_done",
    async run({ edgen, env }) {
      const params = chat("Tell a story.", { max_tokens: 12, seed: 7 });
      const stream = await edgen.chat({ ...params, stream: true });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      const final = await stream.finalChatCompletion();
      const text = deltas(chunks);
      check(chunks.length > 2 && text !== "", `${chunks.length} chunks saying ${JSON.stringify(text)}`);
      check(final.choices.length === 1 && final.choices[0].message.content === text,
        `final answer ${JSON.stringify(final.choices[0]?.message)}, the deltas say ${JSON.stringify(text)}`);
      check(final.choices[0].finish_reason === "length" && final.object === "chat.completion" && !("usage" in final),
        `final answer ${JSON.stringify({ ...final, choices: undefined })} finish_reason ${final.choices[0].finish_reason}`);
      // The same request with fetch alone: ollama ends it with [DONE], and
      // the same seed says the same.
      const raw = await rawStream(env.baseURL, params);
      check(raw.trimEnd().endsWith("data: [DONE]"), `the raw stream ends ${JSON.stringify(raw.slice(-80))}`);
      check(deltas(rawChunks(raw)) === text, `fetch alone read ${JSON.stringify(deltas(rawChunks(raw)))}, the wasm ${JSON.stringify(text)}`);
      const whole = await edgen.chat(params);
      check(whole.choices[0].message.content === text, `whole answer ${JSON.stringify(whole.choices[0].message.content)}, streamed ${JSON.stringify(text)}`);
    },
  },
  {
    name: "include_usage",
    async run({ edgen }) {
      const stream = await edgen.chat({ ...chat("Count.", { max_tokens: 6 }), stream: true, stream_options: { include_usage: true } });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      const last = chunks.at(-1);
      check(last.choices.length === 0 && last.usage?.completion_tokens === 6, `last chunk ${JSON.stringify(last)}`);
      check(chunks.slice(0, -1).every((c) => c.usage == null), "a chunk before the last carries usage");
      const final = await stream.finalChatCompletion();
      const sorted = (o) => JSON.stringify(Object.entries(o ?? {}).sort());
      check(sorted(final.usage) === sorted(last.usage), `final usage ${JSON.stringify(final.usage)}, last chunk's ${JSON.stringify(last.usage)}`);
    },
  },
  {
    name: "max_tokens_seed_stop",
    async run({ edgen }) {
      const params = chat("Write a long line.", { max_tokens: 16, seed: 42 });
      const first = await edgen.chat(params);
      const text = first.choices[0].message.content;
      check(first.choices[0].finish_reason === "length" && first.usage.completion_tokens === 16,
        `max_tokens 16: ${first.choices[0].finish_reason}, ${JSON.stringify(first.usage)}`);
      const again = await edgen.chat(params);
      check(again.choices[0].message.content === text, `seed 42 twice: ${JSON.stringify(text)} then ${JSON.stringify(again.choices[0].message.content)}`);
      const chars = [...text];
      check(chars.length >= 8, `answer ${JSON.stringify(text)} is too short to take a stop phrase from`);
      const stop = chars.slice(chars.length >> 1, (chars.length >> 1) + 2).join("");
      const want = text.slice(0, text.indexOf(stop));
      for (const form of [stop, [stop, "\u0000never"]]) {
        const got = await edgen.chat({ ...params, stop: form });
        const c = got.choices[0];
        check(c.message.content === want && c.finish_reason === "stop",
          `stop ${JSON.stringify(form)}: ${JSON.stringify(c.message.content)} (${c.finish_reason}), want ${JSON.stringify(want)}`);
      }
    },
  },
  {
    name: "models",
    async run({ edgen }) {
      const list = await edgen.models.list();
      const ids = list.data.map((m) => m.id);
      check(list.object === "list" && !("page" in list) && ids.some((id) => id.startsWith(model)), `list ${JSON.stringify(list)}`);
      for (const id of ids) {
        const m = await edgen.models.retrieve(id);
        check(m.id === id && m.object === "model" && typeof m.owned_by === "string", `model ${id}: ${JSON.stringify(m)}`);
      }
    },
  },
  {
    name: "embeddings",
    async run({ edgen }) {
      for (const input of ["one", ["one", "two"]]) {
        const r = await edgen.embeddings.create({ model, input });
        const want = Array.isArray(input) ? input.length : 1;
        check(Array.isArray(r.data) && r.data.length === want && !("embeddings" in r), `${want} inputs: ${JSON.stringify(r).slice(0, 200)}`);
        check(r.data.every((e, i) => e.index === i && e.embedding.length > 0 && e.embedding.length === r.data[0].embedding.length),
          "the vectors differ in size or index");
      }
    },
  },
  {
    name: "unknown_model",
    async run({ edgen }) {
      const name = "no-such-model-here";
      for (const [what, call] of [
        ["chat", () => edgen.chat(chat("hi", { model: name }))],
        ["stream", () => edgen.chat({ ...chat("hi", { model: name }), stream: true })],
        ["retrieve", () => edgen.models.retrieve(name)],
      ]) {
        let error;
        try {
          await call();
        } catch (e) {
          error = e;
        }
        check(error instanceof edgen.NotFoundError && error instanceof edgen.APIError && error.status === 404,
          `${what}: ${describe(error)}`);
        check(error.message.includes(name), `${what}: message ${JSON.stringify(error.message)} does not name the model`);
      }
    },
  },
  {
    name: "abort_mid_stream",
    async run({ edgen }) {
      const controller = new AbortController();
      const stream = edgen.chat({ ...chat("Go on forever.", { max_tokens: 5000, seed: 5 }), stream: true }, { signal: controller.signal });
      let n = 0;
      let error;
      try {
        for await (const _ of stream) { // eslint-disable-line no-unused-vars
          if (++n === 3) controller.abort();
        }
      } catch (e) {
        error = e;
      }
      check(n === 3 && error instanceof edgen.APIUserAbortError, `after ${n} chunks: ${describe(error)}`);
      // The generation ended with the connection: the next request is answered.
      const next = await edgen.chat(chat("And now?", { max_tokens: 3 }));
      check(next.choices[0].message.content !== "", `the request after the abort: ${JSON.stringify(next)}`);
    },
  },
  {
    name: "thinking_switches",
    async run({ edgen }) {
      // ollama's /v1 reads reasoning_effort: "none" switches thinking off;
      // a level switches it on, which the tiny model cannot do.
      for (const extra of [{ reasoning_effort: "none" }, { reasoning: { effort: "none" } }, { think: true }]) {
        const a = await edgen.chat(chat("Think.", { max_tokens: 4, ...extra }));
        const m = a.choices[0].message;
        check(m.content !== "" && !("reasoning" in m), `${JSON.stringify(extra)}: ${JSON.stringify(m)}`);
      }
      for (const stream of [false, true]) {
        let error;
        try {
          const r = await edgen.chat({ ...chat("Think.", { reasoning_effort: "high" }), stream });
          if (stream) for await (const _ of r); // eslint-disable-line no-unused-vars
        } catch (e) {
          error = e;
        }
        check(error instanceof edgen.BadRequestError && error.status === 400 && error.message.includes("does not support thinking"),
          `reasoning_effort high (stream ${stream}): ${describe(error)}`);
      }
    },
  },
  {
    name: "structured_json_schema",
    async run({ edgen }) {
      // Under the schema's grammar even the random model writes JSON of it.
      const schema = { type: "object", properties: { n: { type: "integer" }, ok: { type: "boolean" } }, required: ["n", "ok"], additionalProperties: false };
      const params = chat("A number.", { max_tokens: 200, seed: 3, response_format: { type: "json_schema", json_schema: { name: "number", strict: true, schema } } });
      const follows = (c) => {
        const v = JSON.parse(c.message.content);
        return c.finish_reason === "stop" && Object.keys(v).sort().join() === "n,ok" && Number.isInteger(v.n) && typeof v.ok === "boolean";
      };
      const whole = await edgen.chat(params);
      check(follows(whole.choices[0]), `whole: ${JSON.stringify(whole.choices[0])}`);
      const stream = await edgen.chat({ ...params, stream: true });
      for await (const _ of stream); // eslint-disable-line no-unused-vars
      const final = await stream.finalChatCompletion();
      check(follows(final.choices[0]), `streamed: ${JSON.stringify(final.choices[0])}`);
    },
  },
  {
    name: "tools_and_images",
    async run({ edgen }) {
      const weather = { type: "function", function: { name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
      let error;
      try {
        await edgen.chat(chat("Weather?", { tools: [weather] }));
      } catch (e) {
        error = e;
      }
      check(error instanceof edgen.BadRequestError && error.message.includes("does not support tools"), `tools: ${describe(error)}`);
      const results = await edgen.chat(chat("", {
        max_tokens: 3,
        messages: [{ role: "user", content: "Weather?" },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: "{\"city\":\"Paris\"}" } }] },
          { role: "tool", tool_call_id: "call_1", content: "sunny" }],
      }));
      check(results.choices[0].message.content !== "", `tool results: ${JSON.stringify(results)}`);
      const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
      const plain = await edgen.chat(chat("What is this?", { max_tokens: 3 }));
      const seen = await edgen.chat(chat("", {
        max_tokens: 3,
        messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } }] }],
      }));
      check(seen.usage.prompt_tokens > plain.usage.prompt_tokens,
        `image part: ${seen.usage.prompt_tokens} prompt tokens, ${plain.usage.prompt_tokens} without the image`);
    },
  },
];

/**
 * run loads the wasm face with a server's base URL and runs the scenarios:
 * these (ollama's) or, with env.suite "prism", prism.mjs's.
 * env: {engine, baseURL (trailing slash), wasmURL, loaderURL, suite?}.
 */
export async function run(env) {
  try {
    const scenarios = env.suite === "prism" ? (await import("./prism.mjs")).prismScenarios : ollamaScenarios;
    say({ event: "list", names: scenarios.map((s) => s.name) });
    const { load } = await import(env.loaderURL);
    const edgen = await load({ wasmURL: env.wasmURL, baseURL: env.baseURL, maxRetries: 0 });
    for (const s of scenarios) {
      say({ event: "start", name: s.name });
      const started = performance.now();
      let message = "";
      try {
        await s.run({ edgen, env });
      } catch (e) {
        message = describe(e);
      }
      say({ event: "result", name: s.name, ok: message === "", message, ms: Math.round(performance.now() - started) });
    }
    say({ event: "done" });
  } catch (e) {
    say({ event: "fatal", message: describe(e) });
  }
}
