// @ts-check
// load.js: starts edgen.wasm for edgen.js, in browsers, workers and Node 20+,
// bundled or not.
//
// Bundlers (Vite, webpack, Rollup with @web/rollup-plugin-import-meta-assets,
// Parcel) find the two assets through the literal forms below and emit and
// rewrite them: `new URL("./edgen.wasm", import.meta.url)` and
// `import("./wasm_exec.js")` (a classic script that defines globalThis.Go).
// esbuild does not rewrite new URL(); its users import edgen.wasm through
// its file loader and pass that URL as wasmURL.

/**
 * Go's runtime for js/wasm (wasm_exec.js's class Go), as this file uses it.
 * @typedef {object} GoRuntime
 * @property {WebAssembly.Imports & {gojs?: Record<string, (sp: number) => void>}} importObject
 * @property {(instance: WebAssembly.Instance) => Promise<void>} run
 */

/**
 * globalThis as this file sees it: what wasm_exec.js defines (Go), and
 * Node's process.
 * @type {typeof globalThis & {Go?: new () => GoRuntime, process?: any}}
 */
const host = globalThis;

/** WebAssembly's first four bytes, "\0asm". */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * The Go program once started: the URL it came from (undefined when started by hand), and the promise of its API.
 * @type {{wasm: string | undefined, promise: Promise<any>} | undefined}
 */
let started;

/**
 * Starts the Go program of edgen.wasm, once per JavaScript realm, and
 * resolves to the object it put on globalThis.edgen. wasmURL (a string or a
 * URL; a relative one resolves against the page) defaults to edgen.wasm beside
 * this module. A Go program already running (started by hand) is adopted.
 * A later call resolves to the same object; it rejects when it names another
 * wasmURL than the one loaded, since a realm holds one Go program. A failed
 * start may be tried again.
 */
/**
 * @param {string | URL | null} [wasmURL]
 * @returns {Promise<any>}
 */
export function startGo(wasmURL) {
  const wanted = wasmURL === undefined || wasmURL === null ? undefined : wasmHref(wasmURL);
  if (started === undefined) {
    const running = /** @type {any} */ (globalThis.edgen)?.[Symbol.for("edgen.go")] !== undefined;
    const url = running ? undefined : (wanted ?? besideThisModule());
    const promise = running ? Promise.resolve(globalThis.edgen) : run(/** @type {string} */ (url));
    started = { wasm: url, promise };
    promise.catch(() => {
      if (started?.promise === promise) started = undefined;
    });
    return promise;
  }
  if (wanted !== undefined && wanted !== started.wasm) {
    const from = started.wasm === undefined ? "was started before load()" : `is already loaded from ${started.wasm}`;
    return Promise.reject(new Error(`edgen: edgen.wasm ${from}; load() cannot start another (wasmURL ${wanted})`));
  }
  return started.promise;
}

/** The default wasm: this literal form is what bundlers look for. */
function besideThisModule() {
  return new URL("./edgen.wasm", import.meta.url).href;
}

/** wasmURL as an absolute URL: relative to the page, else (Node) to this module. */
/** @param {string | URL} wasmURL */
function wasmHref(wasmURL) {
  const base = globalThis.location?.href ?? besideThisModule();
  try {
    return new URL(String(wasmURL), base).href;
  } catch {
    throw new TypeError(`edgen: wasmURL ${JSON.stringify(String(wasmURL))} is not a URL`);
  }
}

/** Compiles the module at url and runs it until main has defined globalThis.edgen. */
/** @param {string} url */
async function run(url) {
  // @ts-expect-error wasm_exec.js is Go's, put beside this file by make build (a classic script that defines Go)
  if (typeof host.Go !== "function") await import("./wasm_exec.js");
  const go = new (/** @type {new () => GoRuntime} */ (host.Go))();
  unrefGoTimers(go);
  const { instance } = await instantiate(new URL(url), go.importObject);
  const exit = withFetchEnabled(() => go.run(instance)); // main defines globalThis.edgen before it first blocks
  const edgen = globalThis.edgen;
  if (edgen === undefined) throw new Error(`edgen: ${url} ran but did not define globalThis.edgen: is it edgen.wasm?`);
  Object.defineProperty(edgen, "memory", { value: instance.exports.mem }); // for memory checks
  const exited = () => {
    edgen.ready = false;
  };
  exit.then(exited, exited);
  return edgen;
}

// ------------------------------------------------------------ fetching

/**
 * Compiles and instantiates the module at url: from disk for file: URLs
 * (Node), else fetched, compiled while it downloads when the server says
 * application/wasm. Whatever is not WebAssembly is named in the error.
 */
/**
 * @param {URL} url
 * @param {WebAssembly.Imports} imports
 * @returns {Promise<WebAssembly.WebAssemblyInstantiatedSource>}
 */
async function instantiate(url, imports) {
  if (url.protocol === "file:") return instantiated(url, WebAssembly.instantiate(await readFile(url), imports));
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`edgen: fetching ${url} failed: ${messageOf(e)}`, { cause: e });
  }
  const type = response.headers.get("content-type")?.split(";")[0].trim() ?? "";
  const answered = `edgen: ${url} answered ${response.status} ${type || "(no content type)"}`;
  if (!response.ok) {
    response.body?.cancel().catch(() => {});
    throw new Error(`${answered}, not WebAssembly`);
  }
  if (type === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function") {
    return instantiated(url, WebAssembly.instantiateStreaming(response, imports));
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error(`${answered}, not WebAssembly`);
  return instantiated(url, WebAssembly.instantiate(bytes, imports));
}

/** The result of instantiating the module of url, with an error that names it. */
/**
 * @param {URL} url
 * @param {Promise<WebAssembly.WebAssemblyInstantiatedSource>} instantiating
 */
async function instantiated(url, instantiating) {
  try {
    return await instantiating;
  } catch (e) {
    throw new Error(`edgen: ${url} could not be instantiated: ${messageOf(e)}`, { cause: e });
  }
}

/** The bytes of a file: URL, checked to be WebAssembly. */
/**
 * @param {URL} url
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
async function readFile(url) {
  const fs = "node:fs/promises"; // a variable: web bundlers leave it alone
  let bytes;
  try {
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    bytes = await readFile(url);
  } catch (e) {
    throw new Error(`edgen: cannot read ${url}: ${messageOf(e)}`, { cause: e });
  }
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error(`edgen: ${url} is not WebAssembly`);
  return bytes;
}

// ------------------------------------------------------------ Node

/** Node's process object, undefined in browsers (wasm_exec.js's stand-in has no versions.node). */
function nodeProcess() {
  const p = host.process;
  return typeof p === "object" && p !== null && typeof p.versions?.node === "string" ? p : undefined;
}

/**
 * Runs start (go.run) with Go's net/http made to use fetch. net/http turns
 * fetch off, for a fake in-process network, when process.argv0 starts with
 * "node" (as it does when node is started by that name: npm scripts, npx,
 * vitest), reading it once while its package initialises, which go.run does
 * before it returns. So during go.run globalThis.process is a stand-in that
 * answers another argv0 and inherits everything else from the real one (Go's
 * syscall package keeps it for cwd, getuid and the like).
 */
/**
 * @template T
 * @param {() => T} start
 * @returns {T}
 */
function withFetchEnabled(start) {
  const proc = nodeProcess();
  if (proc === undefined || !String(proc.argv0).startsWith("node")) return start();
  const standIn = Object.create(proc, { argv0: { value: `edgen.wasm under ${proc.argv0}`, enumerable: true } });
  host.process = standIn;
  try {
    return start();
  } finally {
    if (host.process === standIn) host.process = proc;
  }
}

// Go's js/wasm runtime can leave a stale setTimeout behind when its timers
// stop (runtime/lock_js.go keeps its idle timeout when it goes idle with no
// timer left): a stopped 10-minute request timeout would keep Node running
// for 10 minutes after the last call. So in Node the Go program's timeouts
// do not hold the process open; keepAlive does, while a call or a stream
// is in flight. Browsers need neither.
let holdsNode = false;
let inFlight = 0;
/** @type {ReturnType<typeof setInterval> | undefined} */
let keeper;

/** @param {GoRuntime} go */
function unrefGoTimers(go) {
  const gojs = go.importObject?.gojs;
  const schedule = gojs?.["runtime.scheduleTimeoutEvent"];
  if (gojs === undefined || nodeProcess() === undefined || typeof schedule !== "function") return;
  holdsNode = true;
  gojs["runtime.scheduleTimeoutEvent"] = (sp) => {
    const setTimeoutJS = globalThis.setTimeout;
    globalThis.setTimeout = /** @type {typeof setTimeout} */ ((/** @type {Parameters<typeof setTimeout>} */ ...args) => {
      const t = setTimeoutJS(...args);
      /** @type {any} */ (t)?.unref?.(); // Node's Timeout
      return t;
    });
    try {
      schedule(sp);
    } finally {
      globalThis.setTimeout = setTimeoutJS;
    }
  };
}

/** The message of e (an Error, or anything with a message), else e as text. */
function messageOf(/** @type {unknown} */ e) {
  return String(/** @type {{message?: unknown} | null | undefined} */ (e)?.message ?? e);
}

/**
 * Holds Node open until the returned function is called (once or more);
 * a no-op elsewhere.
 */
export function keepAlive() {
  if (!holdsNode) return () => {};
  if (inFlight++ === 0) keeper = setInterval(() => {}, 1 << 30);
  let held = true;
  return () => {
    if (held && --inFlight === 0) clearInterval(keeper);
    held = false;
  };
}
