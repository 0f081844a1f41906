// The runner of the JS scenarios: loads edgen.wasm through the loader, runs
// each scenario of scenarios.mjs under a time limit and reports to the Go
// test, one console line per event: "wasmtest " + JSON, each also kept in
// globalThis.wasmtestEvents for a driver that reads no console (WebDriver).
//   {event:"list", names}            every scenario that will run, in order
//   {event:"start", name}
//   {event:"result", name, ok, message, ms}
//   {event:"done"} | {event:"fatal", message}
// The same module runs unchanged in Node (node.mjs) and in the browsers
// (scenarios.html).
import { scenarios } from "./scenarios.mjs";
import { Fake } from "./fake.mjs";

/** say prints one event for the Go test. */
export function say(event) {
  console.log("wasmtest " + JSON.stringify(event));
  (globalThis.wasmtestEvents ??= []).push(event);
}

/** describe renders a thrown value with its class, message, cause and stack. */
export function describe(e) {
  if (!(e instanceof Error)) return `non-Error thrown: ${String(e)}`;
  let s = e.stack && e.stack.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack ?? ""}`;
  if (e.cause !== undefined) s += `\ncaused by: ${describe(e.cause)}`;
  return s;
}

/**
 * captureMemory wraps WebAssembly.instantiate and instantiateStreaming so
 * that the memory of the instance the loader creates (Go exports it as
 * "mem") can be read later; it returns the reader.
 */
function captureMemory() {
  let memory = null;
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const mem = instance?.exports?.mem;
    if (mem instanceof WebAssembly.Memory) memory = mem;
    return result;
  };
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[name];
    if (typeof original !== "function") continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(keep);
    };
  }
  return () => memory;
}

/**
 * watchStrays records the errors nobody handled (unhandled rejections, and
 * in a page uncaught exceptions) instead of letting Node end the process; it
 * returns a function that takes the ones recorded so far. A stray error
 * fails the scenario during which it surfaced: the wasm face must handle
 * every Promise it or Go's runtime creates.
 */
function watchStrays() {
  let strays = [];
  const record = (what, reason) => strays.push(`${what}: ${describe(reason)}`);
  if (typeof process === "object" && typeof process.on === "function") {
    process.on("unhandledRejection", (reason) => record("unhandled rejection (Node would have ended the process)", reason));
  } else {
    addEventListener("unhandledrejection", (e) => {
      e.preventDefault();
      record("unhandled rejection", e.reason);
    });
    addEventListener("error", (e) => record("uncaught exception", e.error ?? e.message));
  }
  return () => {
    const taken = strays;
    strays = [];
    return taken;
  };
}

/** withLimit settles like p, or rejects once ms pass. */
function withLimit(p, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/**
 * main loads the wasm face and runs the scenarios.
 * env: {engine: "node"|"chromium"|"firefox"|"webkit", fakeURL: the fake's base URL (trailing
 * slash), wasmURL, loaderURL (relative to this module), only: a regular
 * expression source selecting scenarios ("" = all), cookie: name of a cookie
 * the driver set on the fake's origin ("" = none), limits: the engine's own
 * behaviours where engines differ (engineLimit in engine_limits_test.go:
 * fetchAtBody, chunkedCutIsEnd, shortBodyIsEnd, cancelWaitsForData; {} = none)}.
 */
export async function main(env) {
  try {
    const selected = scenarios.filter((s) => !env.only || new RegExp(env.only).test(s.name));
    say({ event: "list", names: selected.map((s) => s.name) });
    const strays = watchStrays();
    const memory = captureMemory();
    const { load } = await import(env.loaderURL);
    const edgen = await withLimit(load({ wasmURL: env.wasmURL, baseURL: env.fakeURL }), 30000, "load()");
    for (const s of selected) {
      say({ event: "start", name: s.name });
      const started = performance.now();
      const fake = new Fake(env.fakeURL, `${env.engine}-${s.name}`);
      const ctx = { edgen, env, fake, memory };
      let ok = true;
      let message = "";
      try {
        await withLimit(Promise.resolve().then(() => s.run(ctx)), s.limit ?? 30000, `scenario ${s.name}`);
      } catch (e) {
        ok = false;
        message = describe(e);
      }
      const stray = strays();
      if (stray.length > 0) {
        ok = false;
        message += `${message ? "\n" : ""}errors nobody handled surfaced during this scenario:\n${stray.join("\n")}`;
      }
      say({ event: "result", name: s.name, ok, message, ms: Math.round(performance.now() - started) });
    }
    say({ event: "done" });
  } catch (e) {
    say({ event: "fatal", message: describe(e) });
  }
}
