// The page side of TestWorker (worker_test.go): each function runs one
// scenario through web/edgen/worker/client.js and returns plain data for Go to
// check. headers are the fake's scenario headers.
import { connectWorker } from "../worker/client.js";

let edgen;

const params = (prompt, stream) => ({ model: "fake", messages: [{ role: "user", content: prompt }], stream });
const content = (chunk) => chunk.choices[0]?.delta?.content ?? "";

/** What an error looks like from the page. */
function described(err) {
  return {
    name: err?.name,
    message: err?.message,
    status: err?.status,
    apiError: err instanceof edgen.APIError,
    userAbort: err instanceof edgen.APIUserAbortError,
    notFound: err instanceof edgen.NotFoundError,
    code: err?.code,
  };
}

/** A tool that answers at once, for the runner's sample call. */
const echo = { type: "function", function: { name: "echo", parameters: { type: "object", properties: {} }, function: () => "echoed" } };

/**
 * A call of each operation of the table, by path: the arguments before the
 * options, and the request the fake must receive for it. The helpers
 * (runTools, parse: JS over this face; splitReasoning: no request) have no
 * withResponse(): their sample is a function of the options that resolves
 * to the data.
 */
const samples = {
  "chat.completions.create": [[params("every operation", false)], "POST /chat/completions"],
  "chat.completions.status": [[], "GET /chat/completions/status"],
  "audio.transcriptions.create": [[{ file: new File([new Uint8Array(64)], "clip.wav"), model: "fake-whisper" }], "POST /audio/transcriptions"],
  "audio.transcriptions.status": [[], "GET /audio/transcriptions/status"],
  "embeddings.create": [[{ input: ["one", "two"], model: "fake-embed" }], "POST /embeddings"],
  "embeddings.status": [[], "GET /embeddings/status"],
  "images.generate": [[{ prompt: "a lighthouse", model: "fake-image" }], "POST /image/generations"],
  "models.list": [[], "GET /models"],
  "models.retrieve": [["distil-whisper/distil-small.en"], "GET /models/distil-whisper%2Fdistil-small.en"],
  "models.delete": [["distil-whisper/distil-small.en"], "DELETE /models/distil-whisper%2Fdistil-small.en"],
  "misc.version": [[], "GET /misc/version"],
  "chat.completions.runTools": [(o) => edgen.chat.completions.runTools({ ...params("use a tool", false), tools: [echo] }, o).finalChatCompletion(), "POST /chat/completions"],
  "chat.completions.parse": [(o) => edgen.chat.completions.parse({ ...params("as JSON", false), response_format: { type: "object", properties: { answer: { type: "string" } } } },
    { ...o, headers: { ...o.headers, "X-Fake-Dialect": "openai" } }), "POST /chat/completions"],
  "chat.completions.splitReasoning": [() => edgen.chat.completions.splitReasoning({ content: "<think>a</think>b" }), ""],
};

/** The function at a dotted path of edgen. */
const at = (path) => path.split(".").reduce((o, k) => o?.[k], edgen);

globalThis.workerTests = {
  /** Starts the worker, its client talking to baseURL. */
  async connect(baseURL) {
    edgen = await connectWorker(undefined, { baseURL });
    return edgen.ready;
  },

  /** connectWorker with a wasmURL that does not exist: the error it rejects with. */
  async connectFails() {
    try {
      const other = await connectWorker(undefined, { wasmURL: "/no-such.wasm" });
      other.terminate();
      return "connected";
    } catch (err) {
      return `${err.name}: ${err.message}`;
    }
  },

  /** The chunks' contents of a streamed answer, in the order they came. */
  async stream(prompt, headers) {
    const parts = [];
    for await (const chunk of edgen.chat(params(prompt, true), { headers })) parts.push(content(chunk));
    return parts;
  },

  /** Aborts through the signal once `after` chunks arrived. */
  async abort(prompt, headers, after) {
    const controller = new AbortController();
    const parts = [];
    try {
      for await (const chunk of edgen.chat(params(prompt, true), { headers, signal: controller.signal })) {
        parts.push(content(chunk));
        if (parts.length === after) controller.abort();
      }
      return { parts, ended: "without an error" };
    } catch (err) {
      return { parts, error: described(err) };
    }
  },

  /** Leaves the loop with break once `after` chunks arrived. */
  async break(prompt, headers, after) {
    const parts = [];
    for await (const chunk of edgen.chat(params(prompt, true), { headers })) {
      parts.push(content(chunk));
      if (parts.length === after) break;
    }
    return parts;
  },

  /** Aborts while the response headers are awaited. */
  async abortEarly(prompt, headers) {
    const controller = new AbortController();
    const request = edgen.chat(params(prompt, true), { headers, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    try {
      await request;
      return { ended: "without an error" };
    } catch (err) {
      return { error: described(err) };
    }
  },

  /** finalChatCompletion of a stream nobody iterates, and a second iteration of it. */
  async final(prompt, headers) {
    const stream = await edgen.chat(params(prompt, true), { headers });
    const completion = await stream.finalChatCompletion();
    let again;
    try {
      for await (const _ of stream); // eslint-disable-line no-unused-vars
      again = "iterated twice";
    } catch (err) {
      again = err.message;
    }
    return { content: completion.choices[0].message.content, again };
  },

  /** The answer read through toReadableStream (newline-delimited JSON bytes). */
  async readable(prompt, headers) {
    const stream = await edgen.chat(params(prompt, true), { headers });
    const text = await new Response(stream.toReadableStream()).text();
    return text.trim().split("\n").map((line) => content(JSON.parse(line))).join("");
  },

  /** A call that is not streamed, and its error when the fake fails it. */
  async whole(prompt, headers) {
    try {
      const answer = await edgen.chat(params(prompt, false), { headers });
      return { content: answer.choices[0].message.content };
    } catch (err) {
      return { error: described(err) };
    }
  },

  /** Endpoints other than chat, through the worker. */
  async others(headers) {
    const [version, models, status] = await Promise.all([
      edgen.misc.version({ headers }),
      edgen.models.list({ headers }),
      edgen.chat.status({ headers }),
    ]);
    return { version: `${version.major}.${version.minor}.${version.patch}`, models: models.object, status: typeof status.active_model };
  },

  /**
   * Calls every path of paths (the operation table's) through the worker
   * with withResponse(), and reports for each the request it must send, its
   * status, the keys of its data, and for each alias whether it is the same
   * function.
   */
  async everyOperation(paths, aliases, headers) {
    const out = {};
    for (const path of paths) {
      if (!(path in samples)) {
        out[path] = { error: `testdata/worker/tests.js has no sample call of ${path}: add one` };
        continue;
      }
      const [args, route] = samples[path];
      try {
        if (typeof args === "function") {
          out[path] = { route, helper: true, keys: Object.keys((await args({ headers })) ?? {}).sort() };
          continue;
        }
        const { data, response } = await at(path)(...args, { headers }).withResponse();
        out[path] = { route, status: response.status, contentType: response.headers.get("content-type"), keys: Object.keys(data ?? {}).sort() };
      } catch (err) {
        out[path] = { route, error: `${err.name}: ${err.message}` };
      }
    }
    const same = {};
    for (const [path, alias] of aliases) same[alias] = typeof at(alias) === "function" && at(alias) === at(path);
    return { results: out, same };
  },

  /**
   * The tool runner over the worker's face, the tools on this page: a
   * round of two calls, one refused, then the answer; streamed.
   */
  async tools(headers) {
    const ran = [];
    const tool = (name) => ({ type: "function", function: { name, parameters: { type: "object", properties: {} }, function: () => { ran.push(name); return `${name} done`; } } });
    const refused = [];
    const parts = [];
    const runner = edgen.chat.completions.runTools({ ...params("weather and time", true), tools: [tool("weather"), tool("time")] },
      { headers, approve: (call) => call.function.name !== "time" })
      .on("toolCallRefused", (call) => refused.push(call.function.name))
      .on("part", (part) => parts.push(part.type));
    const content = await runner.finalContent();
    return { content, ran, refused, parts: [...new Set(parts)].sort(), rounds: runner.allChatCompletions().length };
  },

  /** A stream read as parts in the worker. */
  async parts(prompt, headers) {
    const out = { reasoning: "", content: "", last: "" };
    for await (const part of edgen.chat(params(prompt, true), { headers }).parts()) {
      if (part.type === "reasoning") out.reasoning += part.text;
      if (part.type === "content") out.content += part.text;
      out.last = part.type;
    }
    return out;
  },

  /** configure() through the worker: an address where nothing listens, then baseURL again. */
  async reconfigure(baseURL, prompt, headers) {
    await edgen.configure({ baseURL: "http://127.0.0.1:9/v1", maxRetries: 0 });
    const refused = await this.whole(prompt, headers);
    await edgen.configure({ baseURL });
    const answered = await this.whole(prompt, headers);
    return { refused: refused.error?.name ?? "answered", answered: answered.content };
  },

  /** The loader in a module worker of its own (plain-worker.js). */
  plainWorker(baseURL, prompt, headers) {
    const worker = new Worker(new URL("./plain-worker.js", import.meta.url), { type: "module" });
    return new Promise((resolve) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (ev) => resolve({ error: `the worker failed: ${ev.message ?? "(no message)"}` });
      worker.postMessage({ baseURL, prompt, headers });
    }).finally(() => worker.terminate());
  },
};
