// @ts-check
// servers.js: the local GenAI servers people run, each at its usual port,
// with what it takes to start it and to let a page's origin in. diagnose.js
// reads it to give the fix for the server that is there, and
// findLocalServers() probes these ports. serve.go's Go list
// (internal/devserver/servers.go) holds the same names, ports and owned_by
// values: wasmtest's TestLocalServersMatch keeps the two equal. Edgen comes
// first: its address is the client's default.

/**
 * A server people run on their own computer, at its usual port.
 * @typedef {object} LocalServer
 * @property {string} name as people call it
 * @property {number} port where it listens unless told otherwise
 * @property {string} ownedBy the owned_by of its models in GET models, "" when it says nothing of itself there
 * @property {string} start how to start it
 * @property {(origin: string) => string} allowOrigin how to make it answer pages of origin: the fix in its first sentence, details after
 */

/** @type {readonly LocalServer[]} */
export const localServers = Object.freeze([
  {
    name: "Edgen", port: 33322, ownedBy: "",
    start: "Start Edgen (run “edgen”, or open the Edgen app).",
    allowOrigin: () => "Edgen answers every origin: a proxy in front of it, or another program on this port, refuses this page.",
  },
  {
    name: "ollama", port: 11434, ownedBy: "library",
    start: "Start ollama: run “ollama serve”, or open the ollama app.",
    allowOrigin: (/** @type {string} */ origin) => `Start ollama with this page's origin allowed: OLLAMA_ORIGINS=${origin} ollama serve. ` +
      `ollama lets in only the origins of OLLAMA_ORIGINS: quit it first; with the macOS app, run launchctl setenv OLLAMA_ORIGINS "${origin}" and restart it; ` +
      `on Windows, set OLLAMA_ORIGINS as a user environment variable and restart it.`,
  },
  {
    name: "LM Studio", port: 1234, ownedBy: "organization_owner",
    start: "Start LM Studio's server: in LM Studio's Developer tab switch “Start server” on, or run “lms server start”.",
    allowOrigin: () => "LM Studio answers pages only with CORS on: in its Developer tab open the server's settings and switch “Enable CORS” on (or run “lms server start --cors”).",
  },
  {
    name: "llama.cpp", port: 8080, ownedBy: "llamacpp",
    start: "Start llama.cpp's server: llama-server -m your-model.gguf --port 8080.",
    allowOrigin: () => "llama-server answers every origin: a proxy in front of it, or another program on this port, refuses this page.",
  },
  {
    name: "vLLM", port: 8000, ownedBy: "vllm",
    start: "Start vLLM: vllm serve your-model --port 8000.",
    allowOrigin: (/** @type {string} */ origin) => `Start vLLM with this page's origin allowed: vllm serve your-model --allowed-origins '["${origin}"]'.`,
  },
  {
    name: "Jan", port: 1337, ownedBy: "",
    start: "Start Jan's server: in Jan open Settings › Local API Server and press Start.",
    allowOrigin: () => "In Jan open Settings › Local API Server and switch “Cross-Origin-Resource-Sharing (CORS)” on, then restart the server.",
  },
]);

/**
 * The server that usually listens at url's port on this computer, if any.
 * @param {URL} url
 * @returns {LocalServer | undefined}
 */
export function usualServerAt(url) {
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return localServers.find((s) => s.port === port);
}

/**
 * The server whose models carry this owned_by, if any.
 * @param {unknown} ownedBy
 * @returns {LocalServer | undefined}
 */
export function serverOwning(ownedBy) {
  return typeof ownedBy === "string" && ownedBy !== "" ? localServers.find((s) => s.ownedBy === ownedBy) : undefined;
}
