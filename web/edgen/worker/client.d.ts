// Type declarations for worker/client.js: the Edgen client (edgen.wasm) in a
// dedicated module worker, driven from the page with the surface of `edgen`.

import type { ClientOptions, Edgen, ErrorClasses, LoadOptions } from "../edgen.js";

/**
 * The client in a worker: edgen's methods, streams and error classes, with
 * every method returning a Promise (configure() included) and arguments
 * that must survive structured cloning.
 */
export interface WorkerAPI extends Omit<Edgen, "configure">, ErrorClasses {
  /** Changes the worker client's settings, as edgen.configure() does. */
  configure(options: ClientOptions): Promise<void>;
  /** True until terminate(). */
  ready: boolean;
  /** The dedicated worker the client runs in. */
  readonly worker: Worker;
  /** Stops the worker: calls and streams in flight reject, its connections close. */
  terminate(): void;
}

/**
 * Starts the worker (url: default edgen-worker.js beside client.js) and
 * loads the client in it; resolves once it is ready. options: wasmURL and
 * the client settings of configure().
 */
export function connectWorker(url?: string | URL, options?: LoadOptions): Promise<WorkerAPI>;
