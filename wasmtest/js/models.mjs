// The JS scenarios of today's models (issue 19), run with the others of
// scenarios.mjs in Node and Chromium: the fake Edgen speaks each server's
// dialect on request (X-Fake-Dialect, client/edgentest), and the client must
// read them all the one way: reasoning and content from Stream.parts() and
// splitReasoning(), tool calls whatever their shape, usage and speed, the
// tool runner's round trip, parse()'s outcomes.
import { bodyText } from "./fake.mjs";
import { check, eq, show, rejection, isError, answer, chatParams, worksAfter } from "./check.mjs";

/** The reasoning the fake's model writes before it answers prompt. */
function thought(prompt) {
  return `The user wrote "${prompt}", so I will greet them and say their words back.`;
}

/** readParts reads a stream's parts into choice 0's reasoning and content, applying content_to_reasoning, and keeps the rest. */
async function readParts(iterable) {
  const r = { reasoning: "", content: "", toolCalls: [], finish: [], stats: undefined, kinds: [], moved: 0 };
  for await (const p of iterable) {
    r.kinds.push(p.type);
    check(p.type === "stats" || p.index === 0, `a part of another choice: ${show(p)}`);
    switch (p.type) {
      case "reasoning":
        r.reasoning += p.text;
        break;
      case "content":
        r.content += p.text;
        break;
      case "content_to_reasoning":
        eq(p.text, r.content, "content_to_reasoning takes back the content handed out");
        r.reasoning = p.text + r.reasoning;
        r.content = "";
        r.moved++;
        break;
      case "tool_call":
        r.toolCalls.push(p.toolCall);
        break;
      case "finish":
        r.finish.push(p.finishReason);
        break;
      case "stats":
        r.stats = p.stats;
        break;
      default:
        throw new Error(`a part of an unknown type: ${show(p)}`);
    }
  }
  eq(r.kinds.at(-1), "stats", "the last part");
  return r;
}

/** A tool the fake's model can call, as the wire describes it. */
function toolDef(name, properties = {}) {
  return { type: "function", function: { name, description: `the ${name} tool`, parameters: { type: "object", properties } } };
}

/** The reasoning dialects: the X-Fake-Dialect, and the wire field (or tags) the raw chunks must keep. */
const reasoningDialects = [
  ["ollama", (d) => typeof d.reasoning === "string"],
  ["llamacpp", (d) => typeof d.reasoning_content === "string"],
  ["deepseek", (d) => typeof d.reasoning_content === "string"],
  ["lmstudio", (d) => typeof d.reasoning_content === "string"],
  ["vllm", (d) => typeof d.reasoning === "string"],
  ["llamacpp-old", (d) => /<think>/.test(d.content ?? "")],
  ["openai;reasoning=think-split", (d) => /<th/.test(d.content ?? "")],
  ["openai;reasoning=think-open", (d) => /<\/think/.test(d.content ?? "")],
];

/** The shapes of streamed tool calls the fake can send (its tools= setting). */
const toolShapes = ["index", "whole", "whole-index0", "name-repeated", "name-first", "no-index"];

export const modelScenarios = [
  {
    name: "dialect_reasoning",
    limit: 60000,
    async run({ edgen, fake }) {
      for (const [dialect, wireKept] of reasoningDialects) {
        const prompt = `think about ${dialect}`;
        const params = chatParams(prompt, { stream: true });
        const s = fake.scenario("", dialect);
        const read = await readParts(edgen.chat(params, { headers: s.headers }).parts());
        eq([read.reasoning.trim(), read.content], [thought(prompt), answer(prompt)], `${dialect}: parts' reasoning and content`);
        eq(read.moved, dialect.endsWith("think-open") ? 1 : 0, `${dialect}: content_to_reasoning parts`);

        // The chunks stay the wire's, and the final answer keeps the wire's fields.
        const st = await edgen.chat(params, { headers: fake.scenario("", dialect).headers });
        let kept = false;
        for await (const c of st) kept ||= c.choices?.some((ch) => wireKept(ch.delta ?? {}));
        check(kept, `${dialect}: no raw chunk kept the server's own reasoning form`);
        const final = (await st.finalChatCompletion()).choices[0].message;
        const split = await edgen.chat.completions.splitReasoning(final);
        eq([split.reasoning.trim(), split.content], [thought(prompt), answer(prompt)], `${dialect}: splitReasoning of finalChatCompletion()`);
        check(final.reasoning_content !== undefined || final.reasoning !== undefined || /think>/.test(final.content),
          `${dialect}: the final answer lost the server's reasoning form: ${show(final)}`);

        // A whole answer, read the same way.
        const whole = await edgen.chat(chatParams(prompt), { headers: fake.scenario("", dialect).headers });
        const wsplit = await edgen.chat.completions.splitReasoning(whole.choices[0].message);
        eq([wsplit.reasoning.trim(), wsplit.content], [thought(prompt), answer(prompt)], `${dialect}: splitReasoning of a whole answer`);
      }
    },
  },
  {
    name: "thinking_switched_off",
    async run({ edgen, fake }) {
      for (const [dialect, off] of [
        ["ollama", { reasoning_effort: "none" }],
        ["llamacpp", { chat_template_kwargs: { enable_thinking: false } }],
        ["vllm", { chat_template_kwargs: { enable_thinking: false } }],
        ["deepseek", { think: false }],
      ]) {
        const prompt = "no thinking please";
        const s = fake.scenario("", dialect);
        const read = await readParts(edgen.chat(chatParams(prompt, { stream: true, ...off }), { headers: s.headers }).parts());
        eq([read.reasoning, read.content], ["", answer(prompt)], `${dialect} with ${show(off)}: reasoning and content`);
        const body = JSON.parse(bodyText((await fake.requests(s.id))[0]));
        for (const [k, v] of Object.entries(off)) eq(body[k], v, `${dialect}: ${k} sent as given`);
      }
      const s = fake.scenario("", "ollama");
      await edgen.chat(chatParams("left alone"), { headers: s.headers });
      const body = JSON.parse(bodyText((await fake.requests(s.id))[0]));
      for (const k of ["reasoning_effort", "think", "chat_template_kwargs"]) check(!(k in body), `${k} sent though nobody set it: ${show(body)}`);
    },
  },
  {
    name: "dialect_tool_calls",
    limit: 60000,
    async run({ edgen, fake }) {
      const tools = [toolDef("weather", { city: { type: "string" } }), toolDef("time")];
      for (const shape of toolShapes) {
        const dialect = `openai;tools=${shape}`;
        const params = chatParams("weather and time please", { tools, stream: true });
        const read = await readParts(edgen.chat(params, { headers: fake.scenario("", dialect).headers }).parts());
        eq(read.toolCalls.map((c) => c.function.name), ["weather", "time"], `${shape}: the tool_call parts' names`);
        eq(read.toolCalls.map((c) => JSON.parse(c.function.arguments)), [{ city: "example" }, {}], `${shape}: their arguments`);
        check(read.toolCalls.every((c) => /^call_/.test(c.id)) && read.toolCalls[0].id !== read.toolCalls[1].id, `${shape}: ids ${show(read.toolCalls)}`);
        eq(read.finish, ["tool_calls"], `${shape}: finish`);
        const final = await (await edgen.chat(params, { headers: fake.scenario("", dialect).headers })).finalChatCompletion();
        eq(final.choices[0].message.tool_calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]), [["weather", { city: "example" }], ["time", {}]],
          `${shape}: finalChatCompletion()'s tool calls`);
      }
    },
  },
  {
    name: "usage_and_speed",
    async run({ edgen, fake }) {
      const asked = { stream_options: { include_usage: true } };
      const included = await readParts(edgen.chat(chatParams("count me", { stream: true, ...asked }), { headers: fake.scenario("", "openai").headers }).parts());
      check(!included.stats.approximate && included.stats.usage.completion_tokens > 0 && included.stats.usage.prompt_tokens > 0, `include_usage: stats ${show(included.stats)}`);
      check(included.stats.timeToFirstToken > 0 && included.stats.duration >= included.stats.timeToFirstToken, `times ${show(included.stats)}`);

      const never = await readParts(edgen.chat(chatParams("count me", { stream: true }), { headers: fake.scenario("", "openai;usage=never").headers }).parts());
      check(never.stats.approximate && never.stats.usage.completion_tokens > 0 && never.stats.usage.prompt_tokens === 0, `no usage sent: counted stats ${show(never.stats)}`);

      const s = fake.scenario("", "openai;usage=refused");
      const refused = await readParts(edgen.chat(chatParams("count me", { stream: true, ...asked }), { headers: s.headers }).parts());
      eq(refused.content, answer("count me"), "the answer after include_usage was refused");
      check(refused.stats.approximate, `refused: stats ${show(refused.stats)}`);
      const reqs = await fake.requests(s.id);
      eq(reqs.map((r) => "stream_options" in JSON.parse(bodyText(r))), [true, false], "stream_options in the refused request and in the one asked again");

      const llama = await readParts(edgen.chat(chatParams("count me", { stream: true }), { headers: fake.scenario("", "llamacpp").headers }).parts());
      check(typeof llama.stats.timings?.predicted_n === "number", `llama.cpp's timings kept in the stats: ${show(llama.stats)}`);
      const final = await (await edgen.chat(chatParams("count me", { stream: true }), { headers: fake.scenario("", "llamacpp").headers })).finalChatCompletion();
      check(typeof final.timings?.predicted_n === "number", `llama.cpp's timings kept in finalChatCompletion(): ${show(final)}`);
    },
  },
  {
    name: "tool_runner",
    limit: 60000,
    async run({ edgen, fake }) {
      // Streamed from a server that writes <think> tags: the reasoning must not go back as history.
      for (const [stream, dialect] of [[false, "openai"], [true, "llamacpp-old"]]) {
        const what = stream ? "streamed" : "whole";
        const s = fake.scenario("", dialect);
        // weather and time must run at once: each waits until both started.
        let started = 0;
        let bothStarted;
        const both = new Promise((resolve) => { bothStarted = resolve; });
        const parallel = async () => {
          if (++started === 2) bothStarted();
          await Promise.race([both, new Promise((_, reject) => setTimeout(() => reject(new Error("the other tool never started: the calls ran one after the other")), 5000))]);
        };
        const ran = [];
        const tools = [
          { type: "function", function: { ...toolDef("weather", { city: { type: "string" } }).function, function: async ({ city }) => { ran.push("weather"); await parallel(); return { city, sky: "clear" }; } } },
          { type: "function", function: { ...toolDef("time").function, function: async () => { ran.push("time"); await parallel(); return "noon"; } } },
          { type: "function", function: { ...toolDef("launch").function, function: () => { ran.push("launch"); return "launched"; } } },
        ];
        const events = [];
        const runner = edgen.chat.completions.runTools(
          chatParams("weather, time and launch please", { tools, stream }),
          { headers: s.headers, approve: (call) => call.function.name !== "launch" },
        )
          .on("functionToolCall", (c) => events.push(`call ${c.function.name}`))
          .on("functionToolCallResult", (r, c) => events.push(`result ${c.function.name} ${r}`))
          .on("toolCallRefused", (c) => events.push(`refused ${c.function.name}`));
        let streamed = "";
        runner.on("content", (delta, snapshot) => { streamed += delta; eq(snapshot, streamed, `${what}: the content event's snapshot`); });
        const content = await runner.finalContent();
        eq(ran.sort(), ["time", "weather"], `${what}: the tools that ran (launch refused)`);
        eq(events.filter((e) => e.startsWith("refused")), ["refused launch"], `${what}: refusals`);
        check(events.includes(`result weather {"city":"example","sky":"clear"}`) && events.includes("result time noon"), `${what}: results ${show(events)}`);
        const said = 'The tools said: weather: {"city":"example","sky":"clear"}; time: noon; launch: The user refused this tool call.';
        eq((await edgen.chat.completions.splitReasoning({ content })).content, said, `${what}: the final answer`);
        if (stream) eq(streamed, said, "the content events add up to the answer without its reasoning");
        const reqs = await fake.requests(s.id);
        eq(reqs.length, 2, `${what}: requests (a round of calls, then the answer)`);
        const second = JSON.parse(bodyText(reqs[1]));
        eq(second.messages.map((m) => m.role), ["user", "assistant", "tool", "tool", "tool"], `${what}: the second request's dialogue`);
        check(second.tools.every((t) => !("function" in t.function)), `${what}: a JS function went on the wire: ${show(second.tools)}`);
        check(!/think>|The user wrote/.test(JSON.stringify(second.messages)), `${what}: the reasoning went back as history: ${show(second.messages[1])}`);
        eq(runner.messages.length, 6, `${what}: runner.messages`);
        eq(runner.allChatCompletions().length, 2, `${what}: allChatCompletions()`);
      }
    },
  },
  {
    name: "tool_runner_abort",
    async run({ edgen, fake }) {
      const s = fake.scenario("", "openai");
      let toolSignal;
      const tools = [{ type: "function", function: { ...toolDef("wait").function, function: (_, { signal }) => { toolSignal = signal; return new Promise(() => {}); } } }];
      const runner = edgen.chat.completions.runTools(chatParams("wait please", { tools }), { headers: s.headers });
      let aborted;
      runner.on("abort", (e) => { aborted = e; });
      runner.on("functionToolCall", () => runner.abort());
      isError(edgen, await rejection("done() of an aborted run", () => runner.done()), "done() of an aborted run", "APIUserAbortError");
      check(aborted instanceof edgen.APIUserAbortError, `the abort event: ${show(aborted)}`);
      check(toolSignal?.aborted, "the running tool's signal did not fire");
      eq((await fake.requests(s.id)).length, 1, "requests after the abort (the first round only)");

      const s2 = fake.scenario("gap=1s;chunks=50", "openai");
      const ac = new AbortController();
      const streaming = edgen.chat.completions.runTools(chatParams("no tool in this", { tools: [{ type: "function", function: { name: "never", function: () => "x" } }], tool_choice: "none", stream: true }), { headers: s2.headers, signal: ac.signal });
      streaming.on("part", () => ac.abort());
      isError(edgen, await rejection("a streamed run aborted by its signal", () => streaming.done()), "a streamed run aborted by its signal", "APIUserAbortError");
      await fake.waitDisconnected(s2.id);

      const bad = edgen.chat.completions.runTools(chatParams("x", { tools: [{ type: "function", function: { name: "no function" } }] }));
      isError(edgen, await rejection("runTools with a tool without its function", () => bad.done()), "runTools with a tool without its function", "TypeError");
      await worksAfter(edgen, "aborted runs");
    },
  },
  {
    name: "structured",
    async run({ edgen, fake }) {
      const schema = { type: "object", properties: { city: { type: "string" }, temp: { type: "number", minimum: 10 } }, required: ["city", "temp"], additionalProperties: false };
      const params = chatParams("the weather as JSON", { response_format: schema });
      const s = fake.scenario("", "openai;structured=valid");
      const ok = await edgen.chat.completions.parse(params, { headers: s.headers });
      eq(ok.choices[0].message.parsed, { city: "example", temp: 10 }, "parsed");
      const sent = JSON.parse(bodyText((await fake.requests(s.id))[0])).response_format;
      eq(sent, { type: "json_schema", json_schema: { name: "response", schema } }, "the response_format sent");

      // A Standard Schema that gives its JSON Schema, as zod 4 and arktype do.
      const standard = {
        "~standard": {
          version: 1, vendor: "wasmtest",
          validate: (v) => {
            const issues = ["city", "temp"].filter((k) => typeof v?.[k] !== (k === "city" ? "string" : "number")).map((k) => ({ message: `${k} is of the wrong type`, path: [{ key: k }] }));
            return issues.length > 0 ? { issues } : { value: { ...v, checked: true } };
          },
          jsonSchema: { input: () => schema, output: () => schema },
        },
      };
      const std = await edgen.chat.completions.parse({ ...params, response_format: standard }, { headers: fake.scenario("", "openai").headers });
      eq(std.choices[0].message.parsed, { city: "example", temp: 10, checked: true }, "parsed by a Standard Schema (its output)");
      const stdBad = await rejection("a Standard Schema's invalid answer", () => edgen.chat.completions.parse({ ...params, response_format: standard }, { headers: fake.scenario("", "openai;structured=invalid").headers }));
      isError(edgen, stdBad, "a Standard Schema's invalid answer", "OutputValidationError", "StructuredOutputError", "APIError");
      check(stdBad.issues.length === 1 && ["city", "temp"].includes(stdBad.issues[0].path[0]) && /wrong type/.test(stdBad.issues[0].message),
        `the Standard Schema's issues, its paths' keys read: ${show(stdBad.issues)}`);

      for (const [outcome, cls] of [["cut", "LengthFinishReasonError"], ["invalid", "OutputValidationError"], ["refused", "RefusalError"]]) {
        const e = await rejection(`structured=${outcome}`, () => edgen.chat.completions.parse(params, { headers: fake.scenario("", `openai;structured=${outcome}`).headers }));
        isError(edgen, e, `structured=${outcome}`, cls, "StructuredOutputError", "APIError");
        check(e.completion?.choices?.length === 1, `structured=${outcome}: the error's completion ${show(e.completion)}`);
        if (outcome === "invalid") check(e.issues.length > 0 && e.issues[0].path.length > 0, `invalid: issues ${show(e.issues)}`);
        if (outcome === "refused") check(typeof e.refusal === "string" && e.refusal !== "", `refused: refusal ${show(e.refusal)}`);
      }
      // Streamed: partial objects as the JSON grows, then the whole answer validated.
      const ps = edgen.chat.completions.parse({ ...params, stream: true }, { headers: fake.scenario("", "llamacpp").headers });
      const partials = [];
      for await (const p of ps) partials.push(p);
      check(partials.length >= 2, `partial objects ${show(partials)}`);
      eq(partials.at(-1), { city: "example", temp: 10 }, "the last partial object");
      eq((await ps.finalChatCompletion()).choices[0].message.parsed, { city: "example", temp: 10 }, "the streamed answer, parsed");
      const cut = edgen.chat.completions.parse({ ...params, stream: true }, { headers: fake.scenario("", "openai;structured=cut").headers });
      isError(edgen, await rejection("a streamed answer cut off", () => cut.finalChatCompletion()), "a streamed answer cut off", "LengthFinishReasonError");
      isError(edgen, await rejection("parse without response_format", () => edgen.chat.completions.parse(chatParams("x"))), "parse without response_format", "TypeError");
    },
  },
  {
    name: "image_parts",
    async run({ edgen, fake }) {
      // A 1 MB picture as a data URL, in OpenAI's nested form.
      const bytes = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) % 256);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const url = `data:image/png;base64,${btoa(bin)}`;
      const messages = [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url, detail: "low" } }] }];
      const s = fake.scenario("", "openai");
      const r = await edgen.chat({ model: "fake", messages }, { headers: s.headers });
      // The fake decoded the whole data URL: its byte count is the picture's.
      check(r.choices[0].message.content.includes(`[image: image/png, ${bytes.length} bytes]`), `the model did not see the picture: ${show(r.choices[0].message.content)}`);
    },
  },
  {
    name: "images_both_paths",
    async run({ edgen, fake }) {
      const s = fake.scenario();
      const edgenAnswer = await edgen.images.generate({ prompt: "a lighthouse", model: "fake-image", width: 64, height: 64 }, { headers: s.headers });
      check(Array.isArray(edgenAnswer.images), `Edgen's answer ${show(edgenAnswer)}`);
      await edgen.images.generate({ prompt: "a lighthouse", model: "fake-image" }, { headers: s.headers });
      const e = await rejection("OpenAI's request to the fake Edgen", () => edgen.images.generate({ prompt: "a lighthouse", n: 1 }, { headers: s.headers, maxRetries: 0 }));
      isError(edgen, e, "OpenAI's request to the fake Edgen", "NotFoundError");
      eq((await fake.requests(s.id)).map((r) => `${r.method} ${r.path}`), ["POST /image/generations", "POST /image/generations", "POST /images/generations"],
        "Edgen's requests to Edgen's path, OpenAI's (no model, or n) to OpenAI's");
    },
  },
  {
    name: "drop_in_responses",
    async run({ edgen, fake }) {
      // What the OpenAI JS library's generated tests assert of every method.
      const s = fake.scenario();
      const o = { headers: s.headers };
      const calls = [
        ["chat.completions.create", () => edgen.chat.completions.create(chatParams("raw"), o), "chat/completions"],
        ["embeddings.create", () => edgen.embeddings.create({ input: "x", model: "fake-embed" }, o), "embeddings"],
        ["models.list", () => edgen.models.list(o), "models"],
        ["models.retrieve", () => edgen.models.retrieve("distil-whisper/distil-small.en", o), "models/distil-whisper%2Fdistil-small.en"],
        ["models.delete", () => edgen.models.delete("distil-whisper/distil-small.en", o), "models/distil-whisper%2Fdistil-small.en"],
        ["images.generate", () => edgen.images.generate({ prompt: "p", model: "fake-image" }, o), "image/generations"],
        ["audio.transcriptions.create", () => edgen.audio.transcriptions.create({ file: new Uint8Array(100), model: "w" }, o), "audio/transcriptions"],
        ["misc.version", () => edgen.misc.version(o), "misc/version"],
      ];
      for (const [what, make, path] of calls) {
        const p = make();
        const raw = await p.asResponse();
        check(raw instanceof Response, `${what}: asResponse() gave ${show(raw)}`);
        const data = await p;
        check(!(data instanceof Response), `${what}: the data is a Response`);
        const both = await p.withResponse();
        check(both.data === data, `${what}: withResponse().data is not the object the call resolved to`);
        check(both.response === raw, `${what}: withResponse().response is not the Response asResponse() gave`);
        check(raw.ok && raw.status === 200, `${what}: ok ${raw.ok} status ${raw.status}`);
        check(raw.url.endsWith(`/${path}`), `${what}: url ${raw.url}, want .../${path}`);
        check(/json/.test(raw.headers.get("content-type") ?? ""), `${what}: headers.get("content-type") ${raw.headers.get("content-type")}`);
        eq(await raw.json(), data, `${what}: the Response's body`);
      }
      const { response } = await edgen.chat(chatParams("raw", { stream: true }), o).withResponse();
      check(response instanceof Response && response.ok && response.url.endsWith("/chat/completions"), `a stream's withResponse().response ${show(response)}`);
    },
  },
];
