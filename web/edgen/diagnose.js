// @ts-check
// diagnose.js: the connection doctor. When a page cannot talk to a local
// server, the cause is one of a handful, each with a known fix; diagnose()
// tells them apart with a request or two, and says the fix for the server
// that is there (servers.js) in words a person can follow:
//
//   - the address is not one (invalid-url);
//   - an https page calling http on another computer (mixed-content: the
//     browser blocks it, so nothing is sent);
//   - the page's own Content-Security-Policy blocks the address (blocked-by-page);
//   - nothing listening (a CORS request and a no-cors one both fail);
//   - up, but refusing this origin (the no-cors request answers while the
//     CORS one fails: ollama's OLLAMA_ORIGINS, LM Studio's CORS switch);
//   - the browser's local-network permission denied or not yet granted
//     (Chrome's Local Network Access, where navigator.permissions tells);
//   - a proxy's or server's 401, 403, 502, 503, 504, another error status;
//   - a server that answers but not OpenAI-shaped (HTML, JSON without a
//     models list, 404);
//   - no answer in time; or all is well (ok, with the server's models).
//
// In Node there is no CORS, mixed content or page policy: a failure to
// connect is nothing listening (or no such host). Nothing here needs the Go
// program: the probes are plain fetch calls, so errors of a client in a
// worker are diagnosed the same way.
import { localServers, serverOwning, usualServerAt } from "./servers.js";

/** @import { ClientOptions, Diagnosis, DiagnosisReason, DiagnoseOptions, FindServersOptions } from "./edgen.js" */
/** @import { LocalServer } from "./servers.js" */

/** How long one probe waits for an answer, by default. */
const PROBE_MS = 3000;

/** Edgen's address, the client's default (client.DefaultBaseURL in Go): the first of the list. */
const DEFAULT_BASE_URL = `http://127.0.0.1:${localServers[0].port}/v1/`;

/** The settings of the request that failed, by the error it failed with. */
/** @type {WeakMap<Error, ClientOptions>} */
const requests = new WeakMap();
/** The diagnosis of each error, made once, when first asked for. */
/** @type {WeakMap<Error, Promise<Diagnosis>>} */
const reasons = new WeakMap();

/**
 * Remembers the settings of the request that failed with err (a connection
 * error), for its reason.
 * @param {Error} err
 * @param {ClientOptions} settings the client's, with the request's own over them
 */
export function rememberRequest(err, settings) {
  requests.set(err, settings);
}

/**
 * The settings among a request's options that its diagnosis needs.
 * @param {any} options
 * @returns {ClientOptions}
 */
export function requestSettings(options) {
  /** @type {Record<string, any>} */
  const own = {};
  try {
    for (const k of ["baseURL", "apiKey", "headers"]) if (options?.[k] !== undefined) own[k] = options[k];
  } catch {
    // options that throw: the request was refused for them already
  }
  return own;
}

/**
 * The diagnosis behind a connection error, made on first read: the
 * error rejects at once, and the probes run only for whoever asks why.
 * @param {Error} err
 * @returns {Promise<Diagnosis>}
 */
export function reasonOf(err) {
  let reason = reasons.get(err);
  if (!reason) {
    const { baseURL, ...settings } = requests.get(err) ?? {};
    reason = diagnose(baseURL, settings);
    reasons.set(err, reason);
  }
  return reason;
}

/**
 * Why the API at baseURL (default: Edgen's address) can or cannot be
 * used from here, with the fix. It never rejects: every failure is a reason.
 * @param {string | URL} [baseURL]
 * @param {DiagnoseOptions} [options]
 * @returns {Promise<Diagnosis>}
 */
export function diagnose(baseURL, options = {}) {
  return examine(baseURL, options);
}

/**
 * diagnose(), with the server expected at baseURL when the caller knows
 * it (findLocalServers: the list's); else the one usually at its port.
 * @param {string | URL | undefined} baseURL
 * @param {DiagnoseOptions} options
 * @param {LocalServer} [expected]
 * @returns {Promise<Diagnosis>}
 */
async function examine(baseURL, options, expected) {
  const here = globalThis.location;
  let base;
  try {
    base = new URL(String(baseURL ?? DEFAULT_BASE_URL), here?.href);
    if (base.protocol !== "http:" && base.protocol !== "https:") throw new TypeError("not http");
  } catch {
    return verdict("invalid-url", String(baseURL), `“${baseURL}” is not a server address.`,
      `Enter one such as ${DEFAULT_BASE_URL}: http://, the server's host and port, and the API's path (usually /v1).`);
  }
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const at = base.href;
  const usual = expected ?? usualServerAt(base);
  const origin = here?.origin && here.origin !== "null" ? here.origin : "";

  if (here?.protocol === "https:" && base.protocol === "http:" && !isLoopback(base.hostname)) {
    return verdict("mixed-content", at, `This page is https and ${at} is plain http on another computer: the browser blocks it (mixed content).`,
      `Open the page over http, give the server an https address (a reverse proxy with a certificate, such as Caddy), or use a server on this computer (http://127.0.0.1 is allowed).`, usual);
  }

  const timeout = options.timeout ?? PROBE_MS;
  const headers = probeHeaders(options);
  const policy = watchPolicy(base);
  let answer;
  try {
    answer = await fetch(new URL("models", base), { headers, cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(timeout) });
  } catch (err) {
    const why = await unreachable(base, err, timeout, policy);
    return verdict(why.reason, at, why.title, why.fix(usual, origin), usual);
  } finally {
    policy.stop();
  }
  return read(answer, base, { headers, timeout, usual });
}

/**
 * Looks for servers on this computer at the usual ports (or at the
 * servers given), one probe each, all at once, and resolves to the
 * diagnosis of each that answers, in the order of the list. The page's own
 * server is left out: it is this page, not another server.
 * @param {FindServersOptions} [options]
 * @returns {Promise<Diagnosis[]>}
 */
export async function findLocalServers(options = {}) {
  const here = globalThis.location;
  const self = here && isLoopback(here.hostname) ? Number(here.port || (here.protocol === "https:" ? 443 : 80)) : 0;
  const servers = (options.servers ?? localServers).filter((s) => s.port !== self);
  const found = await Promise.all(servers.map((s) => {
    const known = localServers.find((k) => k.name === s.name);
    return examine(`http://127.0.0.1:${s.port}/v1`, { timeout: options.timeout }, known ? { ...known, port: s.port } : { ...s, ownedBy: "", start: `Start ${s.name}.`, allowOrigin: corsFix });
  }));
  return found.filter((d) => d.reason !== "nothing-listening");
}

// ------------------------------------------------------------ answers

/**
 * The diagnosis of an answer to GET models.
 * @param {Response} answer
 * @param {URL} base
 * @param {{headers: Record<string, string>, timeout: number, usual: LocalServer | undefined}} probe
 * @returns {Promise<Diagnosis>}
 */
async function read(answer, base, { headers, timeout, usual }) {
  const at = base.href;
  /** @type {string} */
  let text;
  try {
    text = await answer.text();
  } catch {
    return verdict("no-answer", at, `The server at ${at} started an answer and broke it off.`, usual ? usual.start : "Check that the server is still running.", usual);
  }
  const words = serverWords(text, answer.headers.get("content-type"));
  const said = words ? ` It said: “${words}”` : "";
  const status = answer.status;
  if (!answer.ok) {
    /** @type {[DiagnosisReason, string, string]} */
    const [reason, title, fix] =
      status === 401 ? ["unauthorized", `The server at ${at} wants an API key (401).${said}`, "Set the server's API key in the settings (apiKey)."]
      : status === 403 ? ["forbidden", `The server at ${at}, or a proxy in front of it, refused this page (403).${said}`,
        usual?.name === "ollama" ? usual.allowOrigin(globalThis.location?.origin ?? "") :
          "If a proxy stands in front of the server, let this page through there; else allow this page's origin in the server's settings."]
      : status === 502 || status === 503 || status === 504 ? ["gateway", `A proxy answers at ${at}, but the server behind it does not (${status}).${said}`,
        "Start the server behind the proxy, or check the address the proxy forwards to."]
      : status === 404 || status === 405 ? ["not-openai", `Something answers at ${at}, but has no OpenAI models list there (${status}).${said}`, addressFix(usual)]
      : status >= 500 ? ["server-error", `The server at ${at} failed (${status}).${said}`, "Look at the server's log; restart it if it stays like this."]
      : ["not-openai", `The server at ${at} refused a plain request for its models (${status}).${said}`, addressFix(usual)];
    return { ...verdict(reason, at, title, fix, usual), status };
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    const html = /html/i.test(answer.headers.get("content-type") ?? "") || /^\s*</.test(text);
    return { ...verdict("not-openai", at, `Something answers at ${at}, but with ${html ? "a web page (HTML)" : "text that is not JSON"}, not an OpenAI API.`, addressFix(usual), usual), status };
  }
  const list = body?.data;
  if (!Array.isArray(list) || !list.every((m) => typeof m?.id === "string")) {
    return { ...verdict("not-openai", at, `Something answers at ${at} with JSON, but not with an OpenAI models list.`, addressFix(usual), usual), status };
  }
  const server = serverOwning(list[0]?.owned_by)?.name ?? (await isEdgen(base, headers, timeout) ? "Edgen" : undefined);
  const models = list.map((m) => m.id);
  const name = server ?? (usual ? `An OpenAI-compatible server (on ${usual.name}'s port)` : "An OpenAI-compatible server");
  const count = models.length === 1 ? "1 model" : `${models.length} models`;
  return { ...verdict("ok", at, `${name} answers at ${at} with ${count}.`, "", usual), status, server, models };
}

/**
 * Whether GET misc/version at base answers Edgen's version.
 * @param {URL} base
 * @param {Record<string, string>} headers
 * @param {number} timeout
 */
async function isEdgen(base, headers, timeout) {
  try {
    const r = await fetch(new URL("misc/version", base), { headers, cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(timeout) });
    const v = r.ok ? await r.json() : null;
    return [v?.major, v?.minor, v?.patch].every(Number.isInteger);
  } catch {
    return false;
  }
}

// ------------------------------------------------------------ failures

/**
 * A failure's reason, title and fix (the fix made for the server usually
 * at that port and the page's origin).
 * @typedef {object} Failure
 * @property {DiagnosisReason} reason
 * @property {string} title
 * @property {(usual: LocalServer | undefined, origin: string) => string} fix
 */

/**
 * Why the request for base's models got no answer at all: a timeout, the
 * page's policy, no CORS, the local-network permission, or nothing there.
 * @param {URL} base
 * @param {unknown} err what fetch threw
 * @param {number} timeout
 * @param {{blocked(): Promise<boolean>}} policy
 * @returns {Promise<Failure>}
 */
async function unreachable(base, err, timeout, policy) {
  const at = base.href;
  if (/** @type {Error} */ (err)?.name === "TimeoutError") {
    return { reason: "no-answer", title: `Something at ${base.host} took the connection but did not answer within ${timeout / 1000} s.`,
      fix: (usual) => `It may be busy loading a model: wait a moment and try again. If it stays silent, restart it${usual ? ` (${usual.start})` : ""}.` };
  }
  if (isNode()) {
    const code = /** @type {any} */ (err)?.cause?.code;
    const noHost = code === "ENOTFOUND" || code === "EAI_AGAIN";
    return { reason: "nothing-listening", title: noHost ? `There is no host ${base.hostname}.` : `Nothing answers at ${at}${code ? ` (${code})` : ""}.`,
      fix: (usual) => noHost ? "Check the server's address." : startFix(usual, base) };
  }
  const opaque = await answersWithoutCORS(base, timeout);
  if (await policy.blocked()) {
    return { reason: "blocked-by-page", title: `This page's Content-Security-Policy does not let it connect to ${base.origin}.`,
      fix: () => `Add ${base.origin} to the connect-src of the page's Content-Security-Policy, or use a server the page allows.` };
  }
  if (opaque) {
    return { reason: "refuses-origin", title: `A server answers at ${base.host}, but does not let this page (${globalThis.location?.origin ?? "this origin"}) read its answers (CORS).`,
      fix: (usual, origin) => usual ? usual.allowOrigin(origin) : corsFix(origin) };
  }
  const permission = await localNetworkPermission(base);
  if (permission === "denied") {
    return { reason: "local-network-denied", title: `The browser does not let this page reach servers on ${isLoopback(base.hostname) ? "this computer" : "the local network"}.`,
      fix: () => "Allow it: open the site's settings (the icon left of the address bar), set “Local network access” to Allow, then reload. An https page can ask for it; an http page cannot." };
  }
  if (permission === "prompt") {
    return { reason: "local-network-prompt", title: `This page needs the browser's permission to reach ${isLoopback(base.hostname) ? "this computer's servers" : "the local network"}.`,
      fix: () => "Answer Allow when the browser asks to let the page look for and connect to devices on your local network (it asks at the next request), or allow it in the site's settings." };
  }
  return { reason: "nothing-listening", title: `Nothing answers at ${at}.`, fix: (usual) => startFix(usual, base) };
}

/**
 * Whether anything answers HTTP at base when the answer need not be
 * readable (a no-cors request: an opaque answer, no CORS check; a GET
 * without an Origin header, so a server that filters origins lets it in).
 * @param {URL} base
 * @param {number} timeout
 */
async function answersWithoutCORS(base, timeout) {
  try {
    await fetch(base, { mode: "no-cors", cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(timeout) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The state of the browser's local-network permission that a request to
 * base needs (Chrome's Local Network Access: "loopback-network" for this
 * computer, "local-network" for the local network, "local-network-access"
 * before the split), when it applies and the browser tells; else undefined.
 * It applies to web pages (not extensions) in a more public place than
 * base: a page on this computer reaches this computer without it. Only a
 * secure (https) page can be granted it: an insecure one is denied.
 * @param {URL} base
 * @returns {Promise<PermissionState | undefined>}
 */
async function localNetworkPermission(base) {
  const here = globalThis.location;
  if (!here || !/^https?:$/.test(here.protocol) || !globalThis.navigator?.permissions || place(base.hostname) <= place(here.hostname)) return undefined;
  for (const name of [isLoopback(base.hostname) ? "loopback-network" : "local-network", "local-network-access"]) {
    let state;
    try {
      state = (await navigator.permissions.query(/** @type {PermissionDescriptor} */ ({ name }))).state;
    } catch {
      continue; // this browser does not know the name
    }
    return state !== "granted" && !globalThis.isSecureContext ? "denied" : state;
  }
  return undefined;
}

/**
 * Watches for the page's Content-Security-Policy blocking a request to
 * base's origin, until stop().
 * @param {URL} base
 */
function watchPolicy(base) {
  let blocked = false;
  const target = globalThis.document ?? globalThis;
  /** @param {Event} e */
  const seen = (e) => {
    const uri = /** @type {SecurityPolicyViolationEvent} */ (e).blockedURI;
    try {
      blocked ||= new URL(uri).origin === base.origin;
    } catch {
      // "inline", "eval": not ours
    }
  };
  target.addEventListener?.("securitypolicyviolation", seen);
  return {
    /**
     * Whether the policy blocked a request to base so far. The event comes
     * as a task of its own after the fetch failed: a task later, it is here.
     * @returns {Promise<boolean>}
     */
    blocked: () => new Promise((resolve) => setTimeout(() => resolve(blocked))),
    stop: () => target.removeEventListener?.("securitypolicyviolation", seen),
  };
}

// ------------------------------------------------------------ words

/**
 * The diagnosis of a reason.
 * @param {DiagnosisReason} reason
 * @param {string} baseURL
 * @param {string} title
 * @param {string} fix
 * @param {LocalServer} [usual]
 * @returns {Diagnosis}
 */
function verdict(reason, baseURL, title, fix, usual) {
  return { ok: reason === "ok", reason, baseURL, title, fix, usual: usual?.name };
}

/**
 * How to start the server usually at base's port, or any of them.
 * @param {LocalServer | undefined} usual
 * @param {URL} base
 */
function startFix(usual, base) {
  if (usual) return `${usual.start} If it runs already, check the address: ${usual.name} listens at http://127.0.0.1:${usual.port}/v1 unless told otherwise.`;
  return `Start the server, and check the address (host, port ${base.port || "80"} and path). The usual ones: ${localServers.map((s) => `${s.name} ${s.port}`).join(", ")}.`;
}

/**
 * The fix for a server that refuses origin and whose kind is not known.
 * @param {string} origin
 */
function corsFix(origin) {
  const firsts = localServers.map((s) => `${s.name}: ${s.allowOrigin(origin).split(/(?<=\.) /)[0]}`);
  return `The server must allow the origin ${origin || "of this page"} (CORS). ${firsts.join(" ")}`;
}

/**
 * The fix of an address that answers, but not with the API.
 * @param {LocalServer | undefined} usual
 */
function addressFix(usual) {
  const example = usual ? `http://127.0.0.1:${usual.port}/v1 for ${usual.name}` : "http://127.0.0.1:11434/v1";
  return `Check the server's address: it ends in the API's path, usually /v1 (such as ${example}). If it does, the program listening there is not an OpenAI-compatible server.`;
}

/**
 * One short sentence of what the server said in an error body: the
 * OpenAI envelope's message, Edgen's tag, a message or detail field, or a
 * short text; never HTML.
 * @param {string} text
 * @param {string | null} type the content type
 */
function serverWords(text, type) {
  let words = "";
  try {
    const b = JSON.parse(text);
    words = [b?.error?.message, b?.error, b?.message, b?.detail, b?.title].find((w) => typeof w === "string" && w !== "") ?? "";
  } catch {
    if (!/html/i.test(type ?? "") && !/^\s*</.test(text)) words = text.trim();
  }
  words = words.replace(/\s+/g, " ");
  return words.length > 200 ? words.slice(0, 199) + "…" : words;
}

// ------------------------------------------------------------ places

/**
 * The headers of the probe: those of a real request (a JSON content type,
 * so that a browser sends the same CORS preflight; the API key; the
 * client's headers).
 * @param {DiagnoseOptions} options
 * @returns {Record<string, string>}
 */
function probeHeaders({ apiKey, headers }) {
  /** @type {Record<string, string>} */
  const h = { "Content-Type": "application/json" };
  if (apiKey) h.Authorization = `Bearer ${apiKey}`;
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (typeof v === "string") h[k] = v;
    else delete h[k];
  }
  return h;
}

/** Whether this runs in Node (no CORS, no page). */
function isNode() {
  return typeof /** @type {any} */ (globalThis).process?.versions?.node === "string" && typeof globalThis.document === "undefined";
}

/**
 * Whether host names this computer.
 * @param {string} host a URL's hostname
 */
function isLoopback(host) {
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]";
}

/**
 * How private host is: 2 this computer, 1 the local network, 0 anything
 * else (the Internet, or a name that may resolve anywhere).
 * @param {string} host
 */
function place(host) {
  if (isLoopback(host)) return 2;
  return /^(10|192\.168|169\.254)\.|^172\.(1[6-9]|2\d|3[01])\.|^\[f[cde]|\.local$/i.test(host) ? 1 : 0;
}
