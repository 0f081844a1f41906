// The JS-level scenarios of the edgen wasm face (docs/architecture.md), run
// unchanged in Node and each browser engine by harness.mjs. Where an engine
// behaves otherwise (env.limits, measured by TestEngineLimits), a scenario
// asserts what that engine does. Each
// asserts behaviour against the fake Edgen, whose records tell what really
// went over the wire. Timing checks are relations to the server's own gaps
// or lower bounds, never speed thresholds.
import { header, bodyText, timeMs, sleep } from "./fake.mjs";
import { check, eq, show, rejection, isError, answer, chatParams, collect, deltaText, headerValue, worksAfter } from "./check.mjs";
import { modelScenarios } from "./models.mjs";

/** stream is chatParams with stream: true. */
const stream = (prompt) => chatParams(prompt, { stream: true });

/** firstChunk reads the first chunk from a stream's iterator and checks it. */
async function firstChunk(it, what) {
  const r = await it.next();
  check(!r.done && deltaText(r.value) === "Hello!", `${what}: first chunk ${show(r)}, want the chunk "Hello!"`);
}

/** The status classes of docs/edgen-api.md (and APIStatusError for the rest). */
const statusClasses = [
  [400, "BadRequestError"],
  [401, "AuthenticationError"],
  [403, "PermissionDeniedError"],
  [404, "NotFoundError"],
  [409, "ConflictError"],
  [422, "UnprocessableEntityError"],
  [429, "RateLimitError"],
  [500, "InternalServerError"],
  [503, "InternalServerError"],
  [418, "APIStatusError"],
];

/** @type {{name: string, limit?: number, run: (ctx: any) => Promise<void>}[]} */
export const scenarios = [
  {
    name: "whole_answer",
    async run({ edgen, fake }) {
      const s = fake.scenario();
      const prompt = "a whole answer please";
      const p = edgen.chat(chatParams(prompt), { headers: s.headers });
      check(p instanceof Promise, "edgen.chat without stream returns a Promise");
      const r = await p;
      check(Object.getPrototypeOf(r) === Object.prototype, `the answer is a plain object, got ${Object.prototype.toString.call(r)}`);
      eq(r.object, "text_completion", "object");
      eq(r.choices.length, 1, "number of choices");
      eq(r.choices[0].message.role, "assistant", "role");
      eq(r.choices[0].message.content, answer(prompt), "content");
      check("finish_reason" in r.choices[0] && r.choices[0].finish_reason === null, `finish_reason: the wire's null stays null, got ${show(r.choices[0])}`);
      const [req, ...more] = await fake.requests(s.id);
      eq(more.length, 0, "extra requests");
      eq([req.method, req.path], ["POST", "/chat/completions"], "method and path");
      check(/^application\/json/.test(header(req, "Content-Type") ?? ""), `Content-Type ${header(req, "Content-Type")}`);
      const body = JSON.parse(bodyText(req));
      eq(body.model, "fake", "model sent");
      eq(body.messages, [{ role: "user", content: prompt }], "messages sent");
      check(!body.stream, `a whole answer is not asked as a stream: ${show(body.stream)}`);

      const s2 = fake.scenario();
      const r2 = await edgen.chat.completions.create(chatParams("the OpenAI spelling"), { headers: s2.headers });
      eq(r2.choices[0].message.content, answer("the OpenAI spelling"), "content through chat.completions.create");
    },
  },
  {
    name: "stream_forms",
    async run({ edgen, fake }) {
      const prompt = "stream me";
      const direct = await collect(edgen.chat(stream(prompt), { headers: fake.scenario().headers }));
      eq(direct.text, answer(prompt), "text of for await over edgen.chat(...) without await");
      eq(direct.chunks.length, 5, "chunks (one per word)");
      for (const c of direct.chunks) {
        eq(c.object, "text_completion", "chunk object");
        check(typeof c.id === "string" && c.id !== "", `chunk id ${show(c.id)}`);
      }
      const awaited = await edgen.chat(stream(prompt), { headers: fake.scenario().headers });
      check(typeof awaited[Symbol.asyncIterator] === "function", "an awaited stream is async-iterable");
      eq((await collect(awaited)).text, answer(prompt), "text of for await over the awaited stream");
      const s = fake.scenario("done");
      eq((await collect(edgen.chat.completions.create(stream(prompt), { headers: s.headers }))).text, answer(prompt), "text of a stream ending with [DONE]");
      const body = JSON.parse(bodyText((await fake.requests(s.id))[0]));
      eq(body.stream, true, "stream sent");
    },
  },
  {
    name: "stream_spread_in_time",
    async run({ edgen, fake }) {
      const gap = 200;
      const prompt = "spread out in time";
      const s = fake.scenario(`gap=${gap}ms`);
      const { chunks, times, text } = await collect(edgen.chat(stream(prompt), { headers: s.headers }));
      eq(text, answer(prompt), "text");
      const spread = times.at(-1) - times[0];
      const sent = (chunks.length - 1) * gap;
      check(spread >= sent / 2, `the first and last of ${chunks.length} chunks reached JS ${spread.toFixed(0)} ms apart, but the server spaced them ${sent} ms apart: chunks were held back, not delivered as they came`);
    },
  },
  {
    name: "stream_break",
    async run({ edgen, fake }) {
      const s = fake.scenario("gap=1s;chunks=50");
      let n = 0;
      for await (const c of edgen.chat(stream("break"), { headers: s.headers })) {
        n++;
        check(c && typeof c === "object", `chunk ${show(c)}`);
        break;
      }
      eq(n, 1, "chunks before break");
      await fake.waitDisconnected(s.id);
      await worksAfter(edgen, "a break");
    },
  },
  {
    name: "stream_abort_method",
    async run({ edgen, fake }) {
      const s = fake.scenario("gap=1s;chunks=50");
      const st = await edgen.chat(stream("abort"), { headers: s.headers });
      check(typeof st.abort === "function", "stream.abort is a function");
      const it = st[Symbol.asyncIterator]();
      const first = await it.next();
      check(!first.done, "a first chunk");
      const pending = it.next();
      st.abort();
      const [settled] = await Promise.allSettled([pending]);
      if (settled.status === "rejected") isError(edgen, settled.reason, "next() pending at abort()", "APIUserAbortError");
      else check(settled.value.done, `next() pending at abort() gave another chunk: ${show(settled.value)}`);
      await fake.waitDisconnected(s.id);
      await worksAfter(edgen, "stream.abort()");
    },
  },
  {
    name: "stream_abort_signal",
    async run({ edgen, fake }) {
      const s = fake.scenario("gap=1s;chunks=50");
      const ac = new AbortController();
      const it = edgen.chat(stream("signal"), { headers: s.headers, signal: ac.signal })[Symbol.asyncIterator]();
      check(!(await it.next()).done, "a first chunk");
      const pending = it.next();
      ac.abort();
      isError(edgen, await rejection("next() pending at the signal's abort", () => pending), "next() pending at the signal's abort", "APIUserAbortError", "APIError");
      await fake.waitDisconnected(s.id);

      const s2 = fake.scenario("header-delay=10s");
      const ac2 = new AbortController();
      const whole = edgen.chat(chatParams("abort while waiting"), { headers: s2.headers, signal: ac2.signal, maxRetries: 0 });
      await sleep(100);
      ac2.abort();
      isError(edgen, await rejection("a whole answer aborted while waiting for headers", () => whole), "a whole answer aborted while waiting for headers", "APIUserAbortError");
      await fake.waitDisconnected(s2.id);
      await worksAfter(edgen, "an abort through the signal");
    },
  },
  {
    name: "signal_already_aborted",
    async run({ edgen, fake }) {
      const s = fake.scenario();
      const signal = AbortSignal.abort();
      isError(edgen, await rejection("chat with an aborted signal", () => edgen.chat(chatParams("never"), { headers: s.headers, signal })), "chat with an aborted signal", "APIUserAbortError");
      isError(edgen, await rejection("streamed chat with an aborted signal", () => edgen.chat(stream("never"), { headers: s.headers, signal })), "streamed chat with an aborted signal", "APIUserAbortError");
      const prompt = "after the aborted ones";
      eq((await edgen.chat(chatParams(prompt), { headers: s.headers })).choices[0].message.content, answer(prompt), "the following call");
      eq((await fake.requests(s.id)).length, 1, "requests the fake received (only the following call)");
    },
  },
  {
    name: "timeout_headers",
    async run({ edgen, fake }) {
      const s = fake.scenario("header-delay=5s");
      const e = await rejection("a whole answer past its timeout", () => edgen.chat(chatParams("slow"), { headers: s.headers, timeout: 300, maxRetries: 0 }));
      isError(edgen, e, "a whole answer past its timeout", "APITimeoutError", "APIConnectionError", "APIError");
      const s2 = fake.scenario("header-delay=5s");
      const e2 = await rejection("a stream past its timeout", () => edgen.chat(stream("slow"), { headers: s2.headers, timeout: 300, maxRetries: 0 }));
      isError(edgen, e2, "a stream past its timeout", "APITimeoutError");
      eq((await fake.requests(s.id)).length, 1, "attempts with maxRetries 0");
    },
  },
  {
    name: "timeout_stalled_stream",
    async run({ edgen, env, fake }) {
      const s = fake.scenario("stall-after=2");
      const it = edgen.chat(stream("stall"), { headers: s.headers, timeout: 500, maxRetries: 0 })[Symbol.asyncIterator]();
      await firstChunk(it, "stalled stream");
      check(!(await it.next()).done, "a second chunk");
      isError(edgen, await rejection("next() on a stalled stream", () => it.next()), "next() on a stalled stream", "APITimeoutError");
      if (env.limits.cancelWaitsForData) {
        // This engine closes the connection of a cancelled body only when
        // more of it arrives (TestEngineLimits shows it with a bare fetch):
        // the stalled server, which sends nothing, still holds it.
        eq((await fake.requests(s.id))[0]?.disconnected, false, "the stalled stream's connection closed after the timeout");
        return;
      }
      await fake.waitDisconnected(s.id);
    },
  },
  {
    name: "timeout_bounds_each_wait",
    async run({ edgen, fake }) {
      // timeout bounds each wait for a chunk, not the whole stream: 12 chunks
      // 150 ms apart take longer than the timeout and must still complete.
      const timeout = 1000;
      const s = fake.scenario("gap=150ms;chunks=12");
      const started = performance.now();
      const { chunks } = await collect(edgen.chat(stream("healthy"), { headers: s.headers, timeout, maxRetries: 0 }));
      eq(chunks.length, 12, "chunks of a healthy stream longer than its timeout");
      check(performance.now() - started > timeout, "the stream lasted longer than the timeout");
    },
  },
  {
    name: "retries_hit_count",
    limit: 45000,
    async run({ edgen, fake }) {
      const cases = [
        ["status=500,500,200", {}, 3, null],
        ["status=503", { maxRetries: 1 }, 2, "InternalServerError"],
        ["status=400", {}, 1, "BadRequestError"],
        ["status=500;should-retry=false", {}, 1, "InternalServerError"],
        ["status=429,200", { maxRetries: 1 }, 2, null],
      ];
      for (const [faults, options, hits, failure] of cases) {
        const s = fake.scenario(faults);
        const call = () => edgen.chat(chatParams("retry"), { headers: s.headers, ...options });
        if (failure) isError(edgen, await rejection(faults, call), faults, failure);
        else eq((await call()).choices[0].message.content, answer("retry"), `${faults}: answer`);
        eq((await fake.requests(s.id)).length, hits, `${faults} ${show(options)}: requests the fake received`);
      }
      const s = fake.scenario("status=500,200");
      eq((await collect(edgen.chat(stream("retry"), { headers: s.headers }))).text, answer("retry"), "a retried stream's text");
      eq((await fake.requests(s.id)).length, 2, "attempts of a retried stream");
    },
  },
  {
    name: "retry_after",
    async run({ edgen, fake }) {
      const s = fake.scenario("status=429,200;retry-after=1");
      eq((await edgen.chat(chatParams("later"), { headers: s.headers })).choices[0].message.content, answer("later"), "answer after a 429");
      const reqs = await fake.requests(s.id);
      eq(reqs.length, 2, "attempts");
      const waited = timeMs(reqs[1].time) - timeMs(reqs[0].time);
      // A lower bound: Retry-After: 1 asks for 1 s (the default backoff would
      // wait at most 0.5 s); 50 ms of slack for the clocks.
      check(waited >= 950, `the retry came ${waited.toFixed(0)} ms after the 429 with Retry-After: 1`);
    },
  },
  {
    name: "status_classes",
    limit: 45000,
    async run({ edgen, fake }) {
      for (const [status, cls] of statusClasses) {
        const what = `HTTP ${status}`;
        const s = fake.scenario(`status=${status};error-body=edgen`);
        const e = await rejection(what, () => edgen.chat(chatParams("fail"), { headers: s.headers, maxRetries: 0 }));
        isError(edgen, e, what, cls, "APIError");
        for (const other of ["APIConnectionError", "APIUserAbortError"]) check(!(e instanceof edgen[other]), `${what}: also instanceof ${other}`);
        if (cls !== "InternalServerError") check(!(e instanceof edgen.InternalServerError), `${what}: also instanceof InternalServerError`);
        eq(e.status, status, `${what}: status`);
        check(/json/.test(headerValue(e.headers, "content-type") ?? ""), `${what}: headers ${show(e.headers)} lack the response's content-type`);
        check(e.error && typeof e.error === "object" && typeof e.error.error === "string", `${what}: error ${show(e.error)}, want the parsed Edgen body {error: "..."}`);
        check(e.message !== "", `${what}: empty message`);
        eq((await fake.requests(s.id)).length, 1, `${what}: attempts with maxRetries 0`);
      }
      const s = fake.scenario("status=404;error-body=edgen");
      isError(edgen, await rejection("awaiting a stream answered 404", () => edgen.chat(stream("x"), { headers: s.headers })), "awaiting a stream answered 404", "NotFoundError");
      const s2 = fake.scenario("status=401;error-body=openai");
      const e2 = await rejection("iterating a stream answered 401", () => collect(edgen.chat(stream("x"), { headers: s2.headers })));
      isError(edgen, e2, "iterating a stream answered 401", "AuthenticationError");
      check(e2.error && typeof e2.error === "object", `401 with an OpenAI envelope: error ${show(e2.error)}`);
    },
  },
  {
    name: "error_event_mid_stream",
    async run({ edgen, fake }) {
      const s = fake.scenario("error-after=2");
      const got = [];
      const e = await rejection("a stream with an error event", async () => {
        for await (const c of edgen.chat(stream("error"), { headers: s.headers })) got.push(c);
      });
      eq(got.length, 2, "chunks before the error event");
      isError(edgen, e, "the error event", "APIError");
      check(!(e instanceof edgen.APIConnectionError), `an error event is not a connection error: ${show(e)}`);
    },
  },
  {
    name: "drop_mid_stream",
    async run({ edgen, env, fake }) {
      // The gap lets the first chunk be read before the drop: a browser
      // discards bytes it has not handed to the page yet when the connection
      // breaks, so only chunks read before it can be counted on.
      const s = fake.scenario("drop-after=2;gap=200ms");
      const got = [];
      const read = async () => {
        for await (const c of edgen.chat(stream("drop"), { headers: s.headers, maxRetries: 0 })) got.push(c);
      };
      if (env.limits.chunkedCutIsEnd) {
        // This engine reads a chunked body cut before its last chunk as a
        // clean end (TestEngineLimits shows it with a bare fetch). An Edgen
        // stream never says it ends, so the cut cannot be told from an end:
        // the stream ends quietly with the chunks sent before the drop. (A
        // stream in OpenAI's dialect is judged cut: TestEngineLimits.)
        await read();
        eq(got.length, 2, "chunks of an Edgen stream cut where the engine reads a clean end");
        return;
      }
      const e = await rejection("a stream whose connection drops", read);
      check(got.length >= 1 && got.length <= 2, `chunks before the drop: got ${got.length}, want the first one or two`);
      isError(edgen, e, "a dropped stream", "APIConnectionError", "APIError");
      check(!(e instanceof edgen.APITimeoutError), `a drop is not a timeout: ${show(e)}`);
    },
  },
  {
    name: "no_credentials",
    async run({ edgen, env, fake }) {
      if (env.cookie) {
        // The driver set a cookie on the fake's origin; this request, which asks
        // for credentials, carries it (the Go test checks), so the check below can fail.
        await fetch(`${env.fakeURL}misc/version?probe=${env.engine}`, { credentials: "include" }).catch(() => {});
      }
      const s = fake.scenario();
      await edgen.chat(chatParams("credentials"), { headers: s.headers });
      await collect(edgen.chat(stream("credentials"), { headers: s.headers }));
      await edgen.models.list({ headers: s.headers });
      const reqs = await fake.requests(s.id);
      eq(reqs.length, 3, "requests");
      for (const r of reqs) {
        eq(header(r, "Authorization"), undefined, `Authorization of ${r.method} ${r.path} without an API key`);
        eq(header(r, "Cookie"), undefined, `Cookie of ${r.method} ${r.path}`);
      }
    },
  },
  {
    name: "model_id_with_slash",
    async run({ edgen, fake }) {
      const id = "TheBloke/neural-chat-7B-v3-3-GGUF";
      const s = fake.scenario();
      const m = await edgen.models.retrieve(id, { headers: s.headers });
      eq(m.id, id, "retrieved model id");
      const d = await edgen.models.del(id, { headers: s.headers });
      eq(d.deleted, true, "deleted");
      const reqs = await fake.requests(s.id);
      eq(reqs.map((r) => `${r.method} ${r.path}`), ["GET /models/TheBloke%2Fneural-chat-7B-v3-3-GGUF", "DELETE /models/TheBloke%2Fneural-chat-7B-v3-3-GGUF"], "requests (the id is one path segment)");
    },
  },
  {
    name: "transcription_parts",
    async run({ edgen, fake }) {
      const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
      const files = [
        ["Blob", new Blob([bytes], { type: "audio/wav" }), 1000, null],
        ["File", new File([bytes], "clip.wav", { type: "audio/wav" }), 1000, "clip.wav"],
        ["ArrayBuffer", bytes.buffer.slice(0), 1000, null],
        ["Uint8Array (a view at an offset)", new Uint8Array(bytes.buffer, 10, 500), 500, null],
      ];
      for (const [kind, file, size, filename] of files) {
        const s = fake.scenario();
        const r = await edgen.audio.transcriptions.create({ file, model: "fake-whisper", language: "en" }, { headers: s.headers });
        check(typeof r.text === "string", `${kind}: text ${show(r)}`);
        check(!("session" in r), `${kind}: a field the wire leaves out stays missing, got session ${show(r.session)}`);
        const [req] = await fake.requests(s.id);
        eq([req.method, req.path], ["POST", "/audio/transcriptions"], `${kind}: method and path`);
        check(/^multipart\/form-data; *boundary=/.test(header(req, "Content-Type") ?? ""), `${kind}: Content-Type ${header(req, "Content-Type")}`);
        eq(req.parts.map((p) => p.name).sort(), ["file", "language", "model"], `${kind}: part names`);
        const part = (name) => req.parts.find((p) => p.name === name);
        eq(part("file").size, size, `${kind}: file part size`);
        check(part("file").filename, `${kind}: file part without a filename`);
        if (filename) eq(part("file").filename, filename, `${kind}: file name`);
        eq(part("model").value, "fake-whisper", `${kind}: model part`);
        eq(part("language").value, "en", `${kind}: language part`);
      }
    },
  },
  {
    name: "bad_arguments",
    async run({ edgen }) {
      const good = chatParams("x");
      const cases = [
        ["chat(undefined)", () => edgen.chat(undefined), null],
        ["chat(null)", () => edgen.chat(null), null],
        ["chat(42)", () => edgen.chat(42), null],
        ['chat("hi")', () => edgen.chat("hi"), null],
        ["chat without model", () => edgen.chat({ messages: good.messages }), /model/],
        ["chat without messages", () => edgen.chat({ model: "fake" }), /messages/],
        ["chat with a numeric model", () => edgen.chat({ ...good, model: 5 }), /model/],
        ["chat with messages a string", () => edgen.chat({ ...good, messages: "hi" }), /messages/],
        ["chat with a message a number", () => edgen.chat({ ...good, messages: [42] }), /messages/],
        ["chat with stream a string", () => edgen.chat({ ...good, stream: "yes" }), /stream/],
        ["options.timeout a string", () => edgen.chat(good, { timeout: "soon" }), /timeout/],
        ["options.signal a number", () => edgen.chat(good, { signal: 5 }), /signal/],
        ["options.headers a number", () => edgen.chat(good, { headers: 5 }), /headers/],
        ["options.maxRetries a string", () => edgen.chat(good, { maxRetries: "two" }), /maxRetries/],
        ["transcription without file", () => edgen.audio.transcriptions.create({ model: "w" }), /file/],
        ["transcription with file a number", () => edgen.audio.transcriptions.create({ file: 42, model: "w" }), /file/],
        ["embeddings.create(undefined)", () => edgen.embeddings.create(undefined), null],
        ["models.retrieve(42)", () => edgen.models.retrieve(42), /id/],
        ["models.del(undefined)", () => edgen.models.del(undefined), /id/],
        ["models.delete('')", () => edgen.models.delete(""), /id/],
        ["transcription with an unknown part", () => edgen.audio.transcriptions.create({ file: new Uint8Array(4), model: "w", lang: "en" }), /lang/],
      ];
      for (const [what, call, field] of cases) {
        const e = await rejection(what, call);
        isError(edgen, e, what, "TypeError");
        if (field) check(field.test(e.message), `${what}: the TypeError "${e.message}" does not name the field (${field})`);
        await worksAfter(edgen, what);
      }
    },
  },
  {
    name: "circular_object",
    async run({ edgen }) {
      const message = { role: "user", content: "round and round" };
      message.self = message;
      const e = await rejection("a circular message", () => edgen.chat({ model: "fake", messages: [message] }));
      isError(edgen, e, "a circular message", "TypeError");
      const params = chatParams("loop");
      params.again = params;
      isError(edgen, await rejection("circular params", () => edgen.chat(params)), "circular params", "TypeError");
      await worksAfter(edgen, "a circular object");
    },
  },
  {
    name: "ten_mb_prompt",
    limit: 60000,
    async run({ edgen, fake }) {
      const prompt = "a".repeat(10 * 1024 * 1024);
      const s = fake.scenario();
      let r;
      try {
        r = await edgen.chat(chatParams(prompt), { headers: s.headers, maxRetries: 0 });
      } catch (e) {
        // The only acceptable failure is a clear API error (a server's size limit).
        isError(edgen, e, "a 10 MB prompt", "APIStatusError");
      }
      if (r) {
        const content = r.choices[0].message.content;
        eq(content.length, answer(prompt).length, "length of the echo of a 10 MB prompt");
        check(content === answer(prompt), "the echo of a 10 MB prompt differs from the prompt");
      }
      await worksAfter(edgen, "a 10 MB prompt");
    },
  },
  {
    name: "next_twice_at_once",
    async run({ edgen, fake }) {
      const s = fake.scenario("gap=50ms");
      const st = await edgen.chat(stream("twice at once"), { headers: s.headers });
      const it = st[Symbol.asyncIterator]();
      const [a, b] = await Promise.allSettled([it.next(), it.next()]);
      for (const [r, which] of [[a, "first"], [b, "second"]]) {
        if (r.status === "rejected") {
          check(r.reason instanceof Error && r.reason.message !== "", `the ${which} next(): rejected with ${show(r.reason)}, want an Error saying why`);
        }
      }
      check(a.status === "fulfilled" || b.status === "fulfilled", "both concurrent next() calls rejected");
      if (a.status === "fulfilled" && b.status === "fulfilled") {
        eq([deltaText(a.value.value), deltaText(b.value.value)], ["Hello!", " You"], "two concurrent next() calls give the first two chunks in order");
      }
      st.abort?.();
      await worksAfter(edgen, "next() twice at once");
    },
  },
  {
    name: "iterate_finished_stream",
    async run({ edgen, fake }) {
      const st = await edgen.chat(stream("once"), { headers: fake.scenario().headers });
      eq((await collect(st)).text, answer("once"), "first iteration");
      const e = await rejection("iterating a finished stream again", () => collect(st));
      check(e instanceof Error && e.message !== "", `iterating again: ${show(e)}, want an Error saying why`);
      await worksAfter(edgen, "iterating a finished stream");
    },
  },
  {
    name: "concurrent_100_streams",
    limit: 60000,
    async run({ edgen, fake }) {
      const s = fake.scenario("gap=10ms");
      const prompts = Array.from({ length: 100 }, (_, i) => `concurrent stream ${i}`);
      const texts = await Promise.all(prompts.map(async (p) => (await collect(edgen.chat(stream(p), { headers: s.headers }))).text));
      texts.forEach((t, i) => eq(t, answer(prompts[i]), `text of stream ${i}`));
      eq((await fake.requests(s.id)).length, 100, "requests the fake received");
    },
  },
  {
    name: "memory_1000_streams",
    limit: 150000,
    async run({ edgen, fake, memory }) {
      const mem = memory();
      const s = fake.scenario();
      check(mem instanceof WebAssembly.Memory, "the loader's WebAssembly instance exports no memory (mem) to watch");
      const sizes = {}; // byte length after n streams, for the message
      for (let i = 1; i <= 1000; i++) {
        const prompt = `in a row ${i}`;
        const { text } = await collect(edgen.chat(stream(prompt), { headers: s.headers }));
        if (text !== answer(prompt)) eq(text, answer(prompt), `text of stream ${i}`);
        if (i === 10 || i === 50 || i % 100 === 0) sizes[i] = mem.buffer.byteLength;
      }
      // Go's heap settles in after a few dozen streams; after that, a leak grows
      // the memory with every stream, while the GC's pacing may add a step or
      // two of 256 KiB. 512 KiB over 950 streams still catches a leak of about
      // 550 bytes a stream: less than one goroutine, js.Func or read buffer.
      const slack = 512 * 1024;
      check(sizes[1000] <= sizes[50] + slack, `wasm memory grew by more than ${slack} bytes after the first 50 streams: bytes after n streams ${show(sizes)}`);
    },
  },
  {
    name: "readable_stream",
    async run({ edgen, fake }) {
      const st = await edgen.chat(stream("readable"), { headers: fake.scenario().headers });
      const rs = st.toReadableStream();
      check(rs instanceof ReadableStream, `toReadableStream() gave ${show(rs)}`);
      let text = "";
      const reader = rs.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += readableText(value);
      }
      eq(text, answer("readable"), "text read from toReadableStream()");

      const s = fake.scenario("gap=1s;chunks=50");
      const r2 = (await edgen.chat(stream("cancel"), { headers: s.headers })).toReadableStream().getReader();
      check(!(await r2.read()).done, "a first value");
      await r2.cancel();
      await fake.waitDisconnected(s.id);
    },
  },
  {
    name: "final_chat_completion",
    async run({ edgen, fake }) {
      const st = await edgen.chat(stream("final"), { headers: fake.scenario().headers });
      const c = await st.finalChatCompletion();
      eq(c.choices[0].message.content, answer("final"), "finalChatCompletion() of an unread stream");
      eq(c.choices[0].message.role, "assistant", "role of the accumulated answer");

      const st2 = await edgen.chat(stream("final after reading"), { headers: fake.scenario().headers });
      const { text } = await collect(st2);
      eq((await st2.finalChatCompletion()).choices[0].message.content, text, "finalChatCompletion() after iterating");

      // Asked for halfway through the iteration: the chunks already taken count too.
      const st3 = await edgen.chat(stream("final asked halfway"), { headers: fake.scenario().headers });
      const it = st3[Symbol.asyncIterator]();
      let seen = deltaText((await it.next()).value) + deltaText((await it.next()).value);
      const final = st3.finalChatCompletion();
      check(final === st3.finalChatCompletion(), "finalChatCompletion() twice gives the same Promise");
      for (let r = await it.next(); !r.done; r = await it.next()) seen += deltaText(r.value);
      eq(seen, answer("final asked halfway"), "text iterated");
      eq((await final).choices[0].message.content, seen, "finalChatCompletion() asked halfway through the iteration");
    },
  },
  {
    name: "other_endpoints",
    async run({ edgen, fake }) {
      const isStatus = (r) => typeof r.active_model === "string" && typeof r.download_ongoing === "boolean" && typeof r.download_progress === "number" && Array.isArray(r.last_errors);
      const cases = [
        ["chat.status", (o) => edgen.chat.status(o), "GET /chat/completions/status", isStatus],
        ["audio.transcriptions.status", (o) => edgen.audio.transcriptions.status(o), "GET /audio/transcriptions/status", isStatus],
        ["embeddings.create", (o) => edgen.embeddings.create({ input: ["one", "two"], model: "fake-embed" }, o), "POST /embeddings",
          (r) => r.object === "list" && r.embeddings.length === 2 && r.embeddings.every((e) => Array.isArray(e.embedding))],
        ["embeddings.status", (o) => edgen.embeddings.status(o), "GET /embeddings/status", isStatus],
        ["images.generate", (o) => edgen.images.generate({ prompt: "a lighthouse", model: "fake-image" }, o), "POST /image/generations",
          (r) => Array.isArray(r.images) && r.images.length > 0],
        ["models.list", (o) => edgen.models.list(o), "GET /models", (r) => r.object === "list" && Array.isArray(r.data)],
        ["models.retrieve", (o) => edgen.models.retrieve("distil-whisper/distil-small.en", o), "GET /models/distil-whisper%2Fdistil-small.en",
          (r) => r.id === "distil-whisper/distil-small.en" && r.object === "model"],
        ["models.del", (o) => edgen.models.del("distil-whisper/distil-small.en", o), "DELETE /models/distil-whisper%2Fdistil-small.en", (r) => r.deleted === true],
        ["misc.version", (o) => edgen.misc.version(o), "GET /misc/version", (r) => Number.isInteger(r.major) && Number.isInteger(r.minor) && Number.isInteger(r.patch)],
      ];
      for (const [what, call, route, shape] of cases) {
        const s = fake.scenario();
        const r = await call({ headers: s.headers });
        check(shape(r), `${what}: unexpected answer ${show(r)}`);
        eq((await fake.requests(s.id)).map((q) => `${q.method} ${q.path}`), [route], `${what}: requests`);
      }
      const s = fake.scenario();
      await edgen.embeddings.create({ input: "just one", model: "fake-embed" }, { headers: s.headers });
      eq(JSON.parse(bodyText((await fake.requests(s.id))[0])), { input: "just one", model: "fake-embed" }, "embeddings request body");
    },
  },
  {
    name: "error_fields",
    async run({ edgen, fake }) {
      const s = fake.scenario("status=404;error-body=edgen");
      const e = await rejection("a 404 with Edgen's body", () => edgen.models.list({ headers: s.headers, maxRetries: 0 }));
      isError(edgen, e, "a 404 with Edgen's body", "NotFoundError");
      eq(e.name, "NotFoundError", "name");
      eq(e.code, "no_such_model", "code: Edgen's error tag");
      eq(e.error?.error, "no_such_model", "error: the body parsed by Go");
      check(/^edgen: model_name=edgentest fault: status 404 \(404 Not Found, no_such_model\)$/.test(e.message), `message ${show(e.message)}: the server's words first`);
      const s2 = fake.scenario("status=400;error-body=openai");
      const e2 = await rejection("a 400 with the OpenAI envelope", () => edgen.misc.version({ headers: s2.headers, maxRetries: 0 }));
      eq([e2.name, e2.code, e2.type, e2.param], ["BadRequestError", "edgentest_fault", "server_error", undefined], "name, code, type, param of the envelope");
      check(e2.message.startsWith("edgen: edgentest fault: status 400 (400 Bad Request"), `message ${show(e2.message)}`);
      for (const [name, Class] of Object.entries(edgen).filter(([, v]) => v === edgen.APIError || v?.prototype instanceof edgen.APIError)) {
        const want = name === "APIConnectionTimeoutError" ? "APITimeoutError" : name;
        eq(new Class("x").name, want, `name of edgen.${name}`);
      }
      check(edgen.APIConnectionTimeoutError === edgen.APITimeoutError, "APIConnectionTimeoutError is APITimeoutError");
    },
  },
  {
    name: "unknown_options",
    async run({ edgen, env }) {
      isError(edgen, await rejection("a request option Go does not take", () => edgen.chat(chatParams("x"), { timeot: 5 })), "a request option Go does not take", "TypeError");
      const e = await rejection("a misspelt request option", () => edgen.models.list({ maxRetry: 1 }));
      check(/maxRetry/.test(e.message) && e instanceof TypeError, `the TypeError ${show(e)} does not name maxRetry`);
      for (const [what, f] of [
        ["new edgen.Edgen({baseUrl})", () => new edgen.Edgen({ baseUrl: env.fakeURL })],
        ["configure({nope})", () => edgen.configure({ nope: true })],
        ["configure({logLevel: 'loud'})", () => edgen.configure({ logLevel: "loud" })],
      ]) {
        let thrown;
        try {
          f();
        } catch (err) {
          thrown = err;
        }
        check(thrown instanceof TypeError && thrown.message.startsWith("edgen: "), `${what}: threw ${show(thrown)}, want a TypeError starting "edgen: "`);
      }
      await worksAfter(edgen, "refused options");
    },
  },
  {
    name: "with_response",
    async run({ edgen, fake }) {
      const s = fake.scenario();
      const { data, response } = await edgen.models.list({ headers: s.headers }).withResponse();
      eq(data.object, "list", "data of withResponse()");
      eq(response.status, 200, "status of withResponse()");
      check(/json/.test(response.headers.get("content-type") ?? ""), `headers of withResponse(): content-type ${response.headers.get("content-type")}`);
      const r = await edgen.misc.version({ headers: s.headers }).asResponse();
      check(r instanceof Response && r.status === 200, `asResponse() gave ${show(r)}`);
      check(Number.isInteger((await r.json()).major), "the body of asResponse()");
      const streamed = await edgen.chat(stream("raw"), { headers: s.headers }).withResponse();
      eq(streamed.response.status, 200, "status of a stream's withResponse()");
      check(/event-stream/.test(streamed.response.headers.get("content-type") ?? ""), "content-type of a stream's withResponse()");
      eq((await collect(streamed.data)).text, answer("raw"), "text of the stream of withResponse()");
      const e = await rejection("withResponse() of a failing call", () => edgen.models.list({ headers: fake.scenario("status=404").headers, maxRetries: 0 }).withResponse());
      isError(edgen, e, "withResponse() of a failing call", "NotFoundError");
      check(edgen.models.del === edgen.models.delete && edgen.chat.status === edgen.chat.completions.status && edgen.chat === edgen.chat.completions.create, "aliases are the same functions");
      const del = await edgen.models.delete("distil-whisper/distil-small.en", { headers: s.headers });
      eq(del.deleted, true, "models.delete");
    },
  },
  {
    name: "logging",
    async run({ edgen, env, fake }) {
      const secret = "sk-wasmtest-never-logged";
      const lines = [];
      const record = (level) => (message, attributes) => lines.push(`${level} ${message} ${JSON.stringify(attributes)}`);
      const logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
      const c = new edgen.Edgen({ baseURL: env.fakeURL, apiKey: secret, maxRetries: 1, logLevel: "debug", logger });
      const s = fake.scenario("status=500,200");
      // An API key cross-origin may fail the browser's preflight; the log is what is checked.
      await c.models.list({ headers: { ...s.headers, "X-Secret-Header": secret } }).catch(() => {});
      check(lines.some((l) => l.startsWith("debug edgen: request ")), `no request logged at debug: ${show(lines)}`);
      check(lines.every((l) => !l.includes(secret)), `the key or a header value was logged: ${show(lines)}`);
      const quiet = [];
      const c2 = new edgen.Edgen({ baseURL: env.fakeURL, logLevel: "off", logger: { debug: () => quiet.push(1), info: () => quiet.push(1), warn: () => quiet.push(1), error: () => quiet.push(1) } });
      await c2.misc.version({ headers: fake.scenario().headers });
      eq(quiet.length, 0, "records logged with logLevel off");
    },
  },
  {
    name: "configure_and_new_client",
    async run({ edgen, env, fake }) {
      const c = new edgen.Edgen({ baseURL: env.fakeURL, headers: { "X-Wasmtest-Client": "independent" } });
      for (const path of ["chat", "chat.completions.create", "chat.status", "audio.transcriptions.create", "embeddings.create", "images.generate", "models.list", "misc.version"]) {
        check(typeof path.split(".").reduce((o, k) => o?.[k], c) === "function", `new edgen.Edgen() lacks ${path}`);
      }
      const s = fake.scenario();
      eq((await c.chat(chatParams("mine"), { headers: s.headers })).choices[0].message.content, answer("mine"), "answer of a new client");
      eq(header((await fake.requests(s.id))[0], "X-Wasmtest-Client"), "independent", "the new client's header");
      const s2 = fake.scenario();
      await edgen.chat(chatParams("global"), { headers: s2.headers });
      eq(header((await fake.requests(s2.id))[0], "X-Wasmtest-Client"), undefined, "the new client's header on a call of the global client");

      const dead = new edgen.Edgen({ baseURL: "http://127.0.0.1:9/v1/", maxRetries: 0 });
      isError(edgen, await rejection("a client with a dead base URL", () => dead.chat(chatParams("nobody"))), "a client with a dead base URL", "APIConnectionError");

      const keyed = new edgen.Edgen({ baseURL: env.fakeURL, apiKey: "sk-wasmtest", maxRetries: 0 });
      const s3 = fake.scenario();
      try {
        await keyed.chat(chatParams("key"), { headers: s3.headers });
        eq(header((await fake.requests(s3.id))[0], "Authorization"), "Bearer sk-wasmtest", "Authorization with an API key");
      } catch (e) {
        // Edgen's CORS allows headers "*", which by the Fetch standard never
        // covers Authorization: a browser that enforces it fails the preflight.
        check(env.engine !== "node", `a client with an API key failed in Node: ${show(e)}`);
        isError(edgen, e, "an API key, cross-origin", "APIConnectionError");
      }

      try {
        edgen.configure({ baseURL: env.fakeURL, maxRetries: 0, headers: { "X-Wasmtest-Configured": "yes" } });
        const s4 = fake.scenario("status=500,200");
        isError(edgen, await rejection("maxRetries 0 from configure()", () => edgen.chat(chatParams("configured"), { headers: s4.headers })), "maxRetries 0 from configure()", "InternalServerError");
        const reqs = await fake.requests(s4.id);
        eq(reqs.length, 1, "attempts with maxRetries 0 from configure()");
        eq(header(reqs[0], "X-Wasmtest-Configured"), "yes", "header from configure()");
        const s5 = fake.scenario("status=500,200");
        await edgen.chat(chatParams("override"), { headers: s5.headers, maxRetries: 1 });
        eq((await fake.requests(s5.id)).length, 2, "a request's maxRetries over configure()'s");
      } finally {
        edgen.configure({ baseURL: env.fakeURL, maxRetries: 2, headers: {} });
      }
    },
  },
  ...modelScenarios,
];

/** readableText decodes one value of toReadableStream(): a chunk object, or bytes of newline-delimited JSON chunks. */
function readableText(value) {
  if (value instanceof Uint8Array) {
    return new TextDecoder()
      .decode(value)
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => deltaText(JSON.parse(l)))
      .join("");
  }
  return deltaText(value);
}
