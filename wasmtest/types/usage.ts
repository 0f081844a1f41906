// A TypeScript program written against web/edgen/edgen.d.ts, the way a web
// developer would use the API. It is compiled (tsc --noEmit --strict), not
// run: it proves that the declarations describe the whole surface and that
// ordinary code type-checks without casts. The @ts-expect-error lines prove
// that mistakes are caught.
import {
  load,
  APIError,
  APIStatusError,
  APIUserAbortError,
  Edgen,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionMessageParam,
  type EdgenAPI,
  type Stream,
  type StreamPart,
  type RunnableTool,
  type ParsedChatCompletion,
  LengthFinishReasonError,
  OutputValidationError,
  RefusalError,
} from "../../web/edgen/edgen.js";
import { z } from "zod";

async function main(): Promise<void> {
  const edgen: EdgenAPI = await load({ wasmURL: "/edgen.wasm", baseURL: "http://127.0.0.1:33322/v1/" });
  const same: boolean = edgen === globalThis.edgen && edgen.ready;
  const pages: number | undefined = edgen.memory?.buffer.byteLength;

  edgen.configure({ timeout: 30_000, maxRetries: 1, headers: { "X-Trace": "1", "X-Old": null } });
  const local = new edgen.Edgen({ baseURL: "/v1/", apiKey: "secret" });
  const other = new Edgen({ timeout: 0 });

  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "What is in this picture?" }, { type: "image_url", url: "data:image/png;base64,AAAA" },
      { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } }] },
    { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "look", arguments: "{}" } }] },
    { role: "tool", tool_call_id: "c1", content: "a cat" },
  ];

  // A whole answer.
  const answer: ChatCompletion = await edgen.chat({ model: "default", messages, temperature: 0.2, one_shot: true });
  const text: string | null = answer.choices[0]?.message.content ?? null;
  const fingerprint: string | null | undefined = answer.system_fingerprint;
  const same2: ChatCompletion = await local.chat.completions.create({ model: "", messages, stream: false });

  // A stream, iterated without await, with an AbortSignal.
  const controller = new AbortController();
  let streamed = "";
  for await (const chunk of edgen.chat({ model: "default", messages, stream: true, stream_options: { include_usage: true } }, { signal: controller.signal, timeout: 5_000 })) {
    const c: ChatCompletionChunk = chunk;
    streamed += c.choices[0]?.delta.content ?? "";
    if (streamed.length > 1_000) controller.abort();
  }

  // A stream, awaited first: headers arrived, HTTP errors already thrown.
  const stream: Stream = await other.chat({ model: "default", messages, stream: true });
  const readable: ReadableStream<Uint8Array> = stream.toReadableStream();
  const final: ChatCompletion = await (await edgen.chat({ model: "default", messages, stream: true })).finalChatCompletion();
  stream.abort();

  // Errors.
  try {
    await edgen.models.retrieve("TheBloke/neural-chat-7B-v3-3-GGUF", { maxRetries: 0 });
  } catch (e) {
    if (e instanceof edgen.NotFoundError || e instanceof edgen.InternalServerError) {
      const status: number = e.status;
      const headers: Record<string, string> = e.headers;
      console.log(status, headers["content-type"], e.error);
    } else if (e instanceof APIUserAbortError) {
      console.log("aborted", e.cause);
    } else if (e instanceof APIStatusError) {
      console.log(e.status);
    } else if (e instanceof APIError) {
      const status: number | undefined = e.status;
      console.log(status);
    } else if (e instanceof TypeError) {
      console.log("bad argument", e.message);
    }
  }
  if (new edgen.APITimeoutError("t") instanceof edgen.APIConnectionError) console.log("timeouts are connection errors");

  // Every other endpoint.
  const status = await edgen.chat.status();
  const progress: number = status.download_progress;
  const audio = new Blob([new Uint8Array([82, 73, 70, 70])], { type: "audio/wav" });
  const t1 = await edgen.audio.transcriptions.create({ file: audio, model: "default", language: "en", create_session: true });
  const session: string | undefined = t1.session;
  await edgen.audio.transcriptions.create({ file: new Uint8Array(4), model: "default" });
  await edgen.audio.transcriptions.create({ file: new ArrayBuffer(4), model: "default", temperature: 0 });
  await edgen.audio.transcriptions.status();
  const emb = await edgen.embeddings.create({ model: "default", input: ["a", "b"] });
  const vector: number[] | undefined = (emb.embeddings ?? emb.data)?.[0]?.embedding;
  await edgen.embeddings.status();
  const images = await edgen.images.generate({ prompt: "a cat", model: "default", width: 512, steps: 20 });
  const firstByte: number | undefined = images.images?.[0]?.[0];
  const list = await edgen.models.list();
  const ids: string[] = list.data.map((m) => m.id);
  const deleted: boolean = (await edgen.models.del("TheBloke/x")).deleted && (await edgen.models.delete("TheBloke/x")).deleted;
  const { data: listed, response } = await edgen.models.list().withResponse();
  const requestID: string | null = response.headers.get("x-request-id");
  const rawBody: string = await (await edgen.misc.version().asResponse()).text();
  const { data: rawStream, response: streamResponse } = await edgen.chat({ model: "default", messages, stream: true }).withResponse();
  const streamStatus: number = streamResponse.status + (rawStream === undefined ? 0 : listed.data.length);
  const logged = new Edgen({ logLevel: "debug", logger: console });
  try {
    await logged.chat.completions.status({ maxRetries: 0, logLevel: "off" });
  } catch (e) {
    if (e instanceof APIError) console.log(e.code, e.type, e.param, e.requestID, e.status, e.error);
  }
  const openaiImages = await edgen.images.generate({ prompt: "a cat", n: 1, size: "256x256", response_format: "b64_json" });
  const b64: string | undefined = openaiImages.data?.[0]?.b64_json;
  const raw = edgen.models.list();
  const same3: boolean = (await raw.withResponse()).response === (await raw.asResponse()) && (await raw.withResponse()).response.ok;

  // Today's models: thinking switched, reasoning read the one way.
  const thinking = await edgen.chat({ model: "default", messages, reasoning_effort: "none", think: false, chat_template_kwargs: { enable_thinking: false } });
  const m = thinking.choices[0]!.message;
  const wire: string | null | undefined = m.reasoning_content ?? m.reasoning;
  const { reasoning, content } = await edgen.chat.completions.splitReasoning(m);
  let thought = "";
  let said = "";
  for await (const part of (await edgen.chat({ model: "default", messages, stream: true })).parts()) {
    const p: StreamPart = part;
    if (p.type === "reasoning") thought += p.text;
    else if (p.type === "content") said += p.text;
    else if (p.type === "content_to_reasoning") { said = ""; thought += p.text; }
    else if (p.type === "tool_call") console.log(p.toolCall.function.name);
    else if (p.type === "stats") console.log(p.stats.usage.completion_tokens, p.stats.approximate, p.stats.timeToFirstToken, p.stats.tokensPerSecond);
  }

  // Tools.
  const add: RunnableTool<{ a: number; b: number }> = {
    type: "function",
    function: { name: "add", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } }, function: ({ a, b }) => a + b },
  };
  const runner = edgen.chat.completions.runTools({ model: "default", messages, tools: [add], stream: true }, { maxChatCompletions: 5, approve: (call) => call.function.name === "add" })
    .on("functionToolCall", (call) => console.log(call.id, call.function.arguments))
    .on("functionToolCallResult", (result, call) => console.log(call.id, result))
    .on("content", (delta, snapshot) => console.log(delta, snapshot.length));
  const finalText: string | null = await runner.finalContent();
  await runner.done();
  // @ts-expect-error a runnable tool needs its function
  void edgen.chat.completions.runTools({ model: "default", messages, tools: [{ type: "function", function: { name: "x" } }] });

  // Structured answers: a Standard Schema types parsed.
  const Weather = z.object({ city: z.string(), temp: z.number() });
  const zodParsed = await edgen.chat.completions.parse({ model: "default", messages, response_format: Weather });
  const zodCity: string | undefined = zodParsed.choices[0]?.message.parsed?.city;
  // @ts-expect-error parsed is the schema's type: no such field
  void zodParsed.choices[0]?.message.parsed?.town;
  console.log(zodCity);

  // Structured answers.
  type Weather = { city: string; temp: number };
  const weatherSchema = { type: "object", properties: { city: { type: "string" } } };
  const parsed: ParsedChatCompletion<Weather> = await edgen.chat.completions.parse<Weather>({ model: "default", messages, response_format: weatherSchema });
  const city: string | undefined = parsed.choices[0]?.message.parsed?.city;
  for await (const partial of edgen.chat.completions.parse<Weather>({ model: "default", messages, response_format: weatherSchema, stream: true })) {
    const t: number | undefined = partial.temp;
    console.log(t);
  }
  try {
    await edgen.chat.completions.parse({ model: "default", messages, response_format: { type: "json_schema", json_schema: { name: "w", schema: weatherSchema, strict: true } } });
  } catch (e) {
    if (e instanceof LengthFinishReasonError || e instanceof RefusalError) console.log(e.completion.id);
    else if (e instanceof OutputValidationError) console.log(e.issues[0]?.message, e.text);
  }

  const v = await edgen.misc.version();
  const version = `${v.major}.${v.minor}.${v.patch}${v.build}`;

  // Mistakes the declarations catch.
  // @ts-expect-error model is required
  void edgen.chat({ messages });
  // @ts-expect-error a user message needs content
  void edgen.chat({ model: "default", messages: [{ role: "user" }] });
  // @ts-expect-error a stream is no Promise of a ChatCompletion
  const wrong: ChatCompletion = await edgen.chat({ model: "default", messages, stream: true }).then((s) => s);
  // @ts-expect-error timeout is a number of milliseconds
  edgen.configure({ timeout: "10s" });
  // @ts-expect-error logLevel is one of the named levels
  edgen.configure({ logLevel: "verbose" });
  // @ts-expect-error transcription files are bytes, not strings
  void edgen.audio.transcriptions.create({ file: "audio.wav", model: "default" });

  console.log(same, pages, text, fingerprint, same2, streamed, readable, final, progress, session, vector, firstByte, ids, deleted, version, wrong, requestID, rawBody, streamStatus,
    b64, same3, wire, reasoning, content, thought, said, finalText, city);
}

void main();
