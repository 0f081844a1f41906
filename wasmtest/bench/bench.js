// The measurement loops of the browser benchmark, driven by wasmtest/bench (`make bench`) as
// `window.bench`. Three clients make the same calls to the same fake Edgen on this page's
// origin (so no client pays for a CORS preflight):
//   edgen:  edgen.wasm through web/edgen/edgen.js
//   openai: the openai npm package, bundled for the browser by esbuild (/bench/openai.js)
//   floor:  fetch + TextDecoder + line split + JSON.parse, the practical floor
// Every streaming loop touches each chunk's delta.content, so that lazily built values are paid for.
// Query parameters: wasm=<url of edgen.wasm> (default /edgen/edgen.wasm), count=1 (count the
// calls Go makes into JavaScript, for the profile).

const params = new URLSearchParams(location.search);
const base = new URL("/v1/", location.href).href;
const wasmURL = new URL(params.get("wasm") || "/edgen/edgen.wasm", location.href).href;
const request = { model: "fake", messages: [{ role: "user", content: "hi" }] };
const faultHeaders = (faults) => (faults ? { "X-Fake-Faults": faults } : {});

// wasm is what the hook below learns about edgen.wasm: its memory, when instantiation
// ended (performance.now()) and, with count=1, how often Go called each import of wasm_exec.js.
const wasm = { memory: null, instantiated: 0, counts: {}, callers: {} };
hookInstantiate(params.get("count") === "1");

function hookInstantiate(count) {
  const wrapped = new WeakSet();
  const wrap = (imports) => {
    if (count && imports?.gojs && !wrapped.has(imports)) {
      wrapped.add(imports);
      for (const [name, f] of Object.entries(imports.gojs)) {
        imports.gojs[name] = (sp) => {
          wasm.counts[name] = (wasm.counts[name] ?? 0) + 1;
          const by = caller();
          wasm.callers[by] = (wasm.callers[by] ?? 0) + 1;
          return f(sp);
        };
      }
    }
    return imports;
  };
  const capture = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    if (instance?.exports.mem instanceof WebAssembly.Memory) {
      wasm.memory = instance.exports.mem;
      wasm.instantiated = performance.now();
    }
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  const plain = WebAssembly.instantiate;
  WebAssembly.instantiateStreaming = (source, imports) =>
    streaming.call(WebAssembly, source, wrap(imports)).then(capture);
  WebAssembly.instantiate = (source, imports) => plain.call(WebAssembly, source, wrap(imports)).then(capture);
}

// caller names the Go function that made the current call into wasm_exec.js: the first
// frame of the stack (an unstripped edgen.wasm names its functions) that is not in Go's
// runtime, syscall/js or safejs, which only carry the call.
const carriers = /^(runtime|syscall_js|github\.com_hack_pad_safejs|internal_|sync|wasm_pc_f_loop|js-to-wasm|wasm_export|callRet|gcWriteBarrier)/;
function caller() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  for (const line of stack.split("\n")) {
    const m = /^\s*at (\S+) \(wasm:/.exec(line) ?? /^\s*at (\S+) \(.*\.wasm/.exec(line);
    if (m && !carriers.test(m[1].replace(/^\$/, ""))) return m[1].replace(/^\$/, "");
  }
  return "(no Go caller)";
}

// loaders make each client callable; they are what the start-up row times.
const loaders = {
  async edgen() {
    const { load } = await import("/edgen/edgen.js");
    return load({ wasmURL, baseURL: base });
  },
  async openai() {
    const { OpenAI } = await import("/bench/openai.js");
    return new OpenAI({ baseURL: base, apiKey: "x", dangerouslyAllowBrowser: true });
  },
  async floor() {
    return null;
  },
};

// Each client: iterate(faults, onChunk, signal) streams one answer, calling onChunk(chunk)
// until it returns true (stop early); call() makes one non-streamed chat call.
const makers = {
  edgen: (edgen) => ({
    async iterate(faults, onChunk) {
      const stream = edgen.chat({ ...request, stream: true }, { headers: faultHeaders(faults) });
      for await (const chunk of stream) if (onChunk(chunk)) break;
    },
    async call() {
      return (await edgen.chat(request)).choices[0].message.content;
    },
  }),
  openai: (client) => ({
    async iterate(faults, onChunk) {
      const stream = await client.chat.completions.create({ ...request, stream: true }, { headers: faultHeaders(faults) });
      for await (const chunk of stream) if (onChunk(chunk)) break;
    },
    async call() {
      return (await client.chat.completions.create(request)).choices[0].message.content;
    },
  }),
  floor: () => ({
    async iterate(faults, onChunk) {
      const res = await fetch(base + "chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...faultHeaders(faults) },
        body: JSON.stringify({ ...request, stream: true }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.startsWith("data:")) continue;
          const data = line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
          if (data === "[DONE]" || onChunk(JSON.parse(data))) {
            await reader.cancel();
            return;
          }
        }
      }
    },
    async call() {
      const res = await fetch(base + "chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()).choices[0].message.content;
    },
  }),
};

const opened = {};
function open(name) {
  opened[name] ??= loaders[name]().then(makers[name]);
  return opened[name];
}

// stream consumes one answer (at most stopAfter chunks) and reports the total time, the time
// to the first chunk, the number of chunks and of content characters.
async function stream(name, faults, stopAfter = Infinity) {
  const client = await open(name);
  let chunks = 0;
  let chars = 0;
  let first = 0;
  const t0 = performance.now();
  await client.iterate(faults, (chunk) => {
    if (chunks === 0) first = performance.now() - t0;
    chars += chunk.choices[0].delta.content?.length ?? 0;
    return ++chunks >= stopAfter;
  });
  return { ms: performance.now() - t0, first, chunks, chars };
}

// first reports the median time to the first chunk over n streams that stop after it.
async function first(name, faults, n) {
  const times = [];
  for (let i = 0; i < n; i++) times.push((await stream(name, faults, 1)).first);
  times.sort((a, b) => a - b);
  return times[n >> 1];
}

// calls makes n sequential non-streamed calls and reports the mean time of one, in ms.
async function calls(name, n) {
  const client = await open(name);
  let chars = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) chars += (await client.call()).length;
  return { ms: (performance.now() - t0) / n, chars };
}

// startup times the page asking for the client until it is callable, and for edgen.wasm
// the part until WebAssembly instantiation ended (fetch + compile + instantiate; the rest is
// the Go program's start until edgen.ready).
async function startup(name) {
  const t0 = performance.now();
  await open(name);
  const ms = performance.now() - t0;
  return { ms, instantiate: wasm.instantiated ? wasm.instantiated - t0 : 0 };
}

// heap is the JavaScript heap in use after a full collection (Chromium runs with
// --js-flags=--expose-gc --enable-precise-memory-info).
function heap() {
  globalThis.gc?.();
  return performance.memory?.usedJSHeapSize ?? 0;
}

// memory runs `total` streams in a row and reports the wasm memory and the JS heap after the
// first `early` of them and after all.
async function memory(name, faults, early, total) {
  const out = {};
  for (let i = 1; i <= total; i++) {
    await stream(name, faults);
    if (i === early || i === total) {
      const at = i === early ? "early" : "total";
      out[at + "Wasm"] = wasm.memory?.buffer.byteLength ?? 0;
      out[at + "Heap"] = heap();
    }
  }
  return out;
}

// counts returns, and forgets, how often Go called each wasm_exec.js import since the last call.
function counts() {
  const c = wasm.counts;
  wasm.counts = {};
  return c;
}

// callers returns, and forgets, how often each Go function (see caller) called into
// wasm_exec.js since the last call.
function callers() {
  const c = wasm.callers;
  wasm.callers = {};
  return c;
}

window.bench = { open: (name) => open(name).then(() => true), stream, first, calls, startup, memory, counts, callers };
