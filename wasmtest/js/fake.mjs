// Talks to the fake Edgen (client/edgentest) from JavaScript: scenario ids,
// fault headers and the records of its control route _fake/requests. Uses the
// engine's own fetch, never the wasm client under test.

let counter = 0;

/** Fake hands out scenarios of one JS scenario and reads what the fake got. */
export class Fake {
  /** @param {string} baseURL the fake's base URL; @param {string} prefix of scenario ids */
  constructor(baseURL, prefix) {
    this.baseURL = baseURL;
    this.prefix = prefix;
  }

  /**
   * scenario returns a fresh scenario id and the request headers that select
   * it, its faults ("k=v;k=v") and the dialect of its chat ("ollama",
   * "openai;tools=no-index"; see client/edgentest).
   */
  scenario(faults = "", dialect = "") {
    const id = `${this.prefix}-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
    const headers = { "X-Fake-Scenario": id };
    if (faults) headers["X-Fake-Faults"] = faults;
    if (dialect) headers["X-Fake-Dialect"] = dialect;
    return { id, faults, headers };
  }

  /** requests returns the fake's records of scenario id ("" = every request), oldest first. */
  async requests(id) {
    const res = await fetch(`${this.baseURL}_fake/requests?scenario=${encodeURIComponent(id)}`);
    if (!res.ok) throw new Error(`GET _fake/requests: ${res.status} ${await res.text()}`);
    return (await res.json()) ?? [];
  }

  /**
   * waitDisconnected polls until a request of scenario id is recorded as
   * disconnected (the client went away mid-answer), failing after ms.
   */
  async waitDisconnected(id, ms = 5000) {
    const deadline = performance.now() + ms;
    let reqs = [];
    while (performance.now() < deadline) {
      reqs = await this.requests(id);
      if (reqs.some((r) => r.disconnected)) return reqs;
      await sleep(50);
    }
    throw new Error(`the fake saw no disconnect of scenario ${id} within ${ms} ms (records: ${JSON.stringify(reqs.map(brief))})`);
  }
}

/** sleep resolves after ms. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** header returns the first value of a recorded request's header name (any case), or undefined. */
export function header(req, name) {
  const key = Object.keys(req.header ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : req.header[key][0];
}

/** bodyText decodes a recorded request's body (base64 in the record's JSON). */
export function bodyText(req) {
  if (!req.body) return "";
  const bin = atob(req.body);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** timeMs turns a record's RFC 3339 time (nanoseconds allowed) into epoch milliseconds. */
export function timeMs(s) {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) throw new Error(`unexpected time in a record: ${s}`);
  return Date.parse(m[1] + m[3]) + (m[2] ? Number("0" + m[2]) * 1000 : 0);
}

/** brief is a short form of a record for messages. */
export function brief(req) {
  return { method: req.method, path: req.path, disconnected: req.disconnected, time: req.time };
}
