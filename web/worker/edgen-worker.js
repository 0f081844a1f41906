// edgen-worker.js: the Edgen client (edgen.wasm) in a dedicated module
// worker, driven by the page through web/worker/client.js:
//
//   import { connectWorker } from "./worker/client.js";
//   const edgen = await connectWorker();   // starts this file as a module worker
//
// The messages between the two files are private to them. Every call
// arrives with its own MessagePort; the answer goes back on it:
//   page -> worker   {method, args, optionsIndex, port}   method "load" first
//   worker -> page   {value} | {error}                    plain calls
//                    {open}, then {chunk}..., then {end, final} | {error}
//                                                         chat({stream: true})
//   page -> worker   {op: "cancel"}    the caller's AbortSignal fired: abort the request
//                    {op: "credit", n} the page may take n more chunks (backpressure)
//                    {op: "final"}     read to the end without sending chunks
//                    {op: "close"}     break / stream.abort(): end quietly
import { load } from "../edgen.js";

/** The loaded API, once the page's "load" call arrived. */
let loaded;

self.onmessage = ({ data: { method, args, optionsIndex, port } }) => {
  if (method === "load") {
    loaded = load(args[0]);
    answer(port, loaded.then(() => undefined));
    return;
  }
  if (!loaded) {
    answer(port, Promise.reject(new Error("edgen worker: load was not called first")));
    return;
  }
  const controller = new AbortController();
  args[optionsIndex] = { ...args[optionsIndex], signal: controller.signal };
  if (method === "chat" && args[0]?.stream === true) {
    serveStream(port, controller, loaded.then((edgen) => edgen.chat(...args)));
    return;
  }
  port.onmessage = ({ data }) => {
    if (data.op === "cancel") controller.abort();
  };
  answer(port, loaded.then((edgen) => invoke(edgen, method, args)));
};

/** Calls edgen's method at path ("embeddings.create") with args. */
function invoke(edgen, path, args) {
  let owner;
  let fn = edgen;
  for (const name of path.split(".")) {
    // Own or inherited (configure lives on Edgen.prototype), but never Object's own members.
    if (fn === null || fn === undefined || name in Object.prototype || !(name in Object(fn))) {
      throw new TypeError(`edgen worker: no method ${path}`);
    }
    owner = fn;
    fn = fn[name];
  }
  if (typeof fn !== "function") throw new TypeError(`edgen worker: no method ${path}`);
  return fn.apply(owner, args);
}

/** Posts the outcome of promise on port, then closes it. */
function answer(port, promise) {
  promise.then(
    (value) => port.postMessage({ value }),
    (err) => port.postMessage({ error: errorData(err) }),
  ).finally(() => port.close());
}

/**
 * Forwards a streamed chat completion to the page: chunks as the page grants
 * credit for them (the wasm stops reading the body when nobody pulls, so the
 * page's pace reaches the server), then the accumulated answer.
 */
function serveStream(port, controller, opening) {
  let stream;
  let iterator;
  let credit = 0;
  let quiet = false; // finalChatCompletion without iteration: read but do not send chunks
  let pumping = false;

  const pump = async () => {
    if (pumping || !stream) return;
    pumping = true;
    try {
      iterator ??= stream[Symbol.asyncIterator]();
      while (credit > 0) {
        const { value, done } = await iterator.next();
        if (done) {
          port.postMessage({ end: true, final: await stream.finalChatCompletion() });
          port.close();
          return;
        }
        credit--;
        if (!quiet) port.postMessage({ chunk: value });
      }
    } catch (err) {
      port.postMessage({ error: errorData(err) });
      port.close();
    } finally {
      pumping = false;
    }
  };

  port.onmessage = ({ data }) => {
    switch (data.op) {
      case "cancel":
        controller.abort();
        port.close();
        break;
      case "credit":
        credit += data.n;
        pump();
        break;
      case "final":
        quiet = true;
        credit = Infinity;
        pump();
        break;
      case "close":
        stream?.abort(); // a pending next() resolves done, the pump posts the end
        credit = Infinity;
        pump();
        break;
    }
  };

  opening.then(
    (s) => {
      stream = s;
      port.postMessage({ open: true });
      pump(); // credit or a close may have arrived while the headers were awaited
    },
    (err) => {
      port.postMessage({ error: errorData(err) });
      port.close();
    },
  );
}

/**
 * err as structured-cloneable data for client.js to rebuild: the class
 * name and the fields of edgen's errors (status, headers, parsed body).
 */
function errorData(err) {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  return {
    name: err.name,
    message: err.message,
    status: err.status,
    headers: err.headers,
    error: cloneable(err.error),
    cause: err.cause instanceof Error ? err.cause.message : cloneable(err.cause),
  };
}

/** v if it survives structured cloning (JSON bodies, strings), else its text. */
function cloneable(v) {
  try {
    return structuredClone(v);
  } catch {
    return String(v);
  }
}
