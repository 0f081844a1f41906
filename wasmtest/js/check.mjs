// Assertions and small helpers shared by the scenarios.

/** check throws when cond is false. */
export function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** eq throws unless got === want (compared as JSON for objects). */
export function eq(got, want, what) {
  const same = typeof want === "object" && want !== null ? JSON.stringify(got) === JSON.stringify(want) : Object.is(got, want);
  if (!same) throw new Error(`${what}: got ${show(got)}, want ${show(want)}`);
}

/** show renders a value for a message, cut to a readable length. */
export function show(v) {
  let s;
  try {
    s = typeof v === "string" ? JSON.stringify(v) : v instanceof Error ? `${v.constructor.name}: ${v.message}` : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 300 ? s.slice(0, 300) + `... (${s.length} chars)` : s;
}

/**
 * rejection calls fn, which must return a Promise (or a thenable stream)
 * that rejects; it returns the rejection reason. A synchronous throw fails:
 * every exported function of the wasm face returns a Promise.
 */
export async function rejection(what, fn) {
  let p;
  try {
    p = fn();
  } catch (e) {
    throw new Error(`${what}: threw synchronously (${show(e)}) instead of returning a rejected Promise`);
  }
  check(p && typeof p.then === "function", `${what}: returned ${show(p)}, not a Promise`);
  let value;
  try {
    value = await p;
  } catch (e) {
    return e;
  }
  throw new Error(`${what}: resolved with ${show(value)}, want a rejection`);
}

/**
 * isError checks that e is an instance of each of the named classes exported
 * on edgen (and of Error).
 */
export function isError(edgen, e, what, ...classes) {
  check(e instanceof Error, `${what}: rejected with ${show(e)}, not an Error`);
  for (const name of classes) {
    const cls = name === "TypeError" ? TypeError : edgen[name];
    check(typeof cls === "function", `edgen.${name} is not exported`);
    check(e instanceof cls, `${what}: rejected with ${e.constructor?.name}: ${e.message}; want instanceof ${name}`);
  }
}

/** answer is the fake's canned reply to a last user message. */
export function answer(prompt) {
  return `Hello! You said: ${prompt}`;
}

/** chatParams is a chat request with one user message. */
export function chatParams(prompt, extra = {}) {
  return { model: "fake", messages: [{ role: "user", content: prompt }], ...extra };
}

/** deltaText is the content of a chunk's first choice ("" when none). */
export function deltaText(chunk) {
  return chunk?.choices?.[0]?.delta?.content ?? "";
}

/**
 * collect iterates a stream (or the un-awaited value of a streamed call)
 * to its end and returns the chunks, their arrival times and the text.
 */
export async function collect(stream) {
  const chunks = [];
  const times = [];
  for await (const c of stream) {
    times.push(performance.now());
    chunks.push(c);
  }
  return { chunks, times, text: chunks.map(deltaText).join("") };
}

/** headerValue reads one header from the headers of an error (Headers, Map or plain object). */
export function headerValue(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
}

/** worksAfter checks that a normal call still works after something went wrong. */
export async function worksAfter(edgen, what) {
  const prompt = `still alive after ${what}`;
  let r;
  try {
    r = await edgen.chat(chatParams(prompt));
  } catch (e) {
    throw new Error(`a normal call after ${what} failed: ${show(e)}`);
  }
  eq(r?.choices?.[0]?.message?.content, answer(prompt), `the answer of a normal call after ${what}`);
}
