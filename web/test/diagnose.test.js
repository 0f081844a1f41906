// @ts-check
// edgen/diagnose.js in Node, against real HTTP servers on loopback: Node has
// no CORS and no page, so what applies is nothing listening, the statuses
// of a server or a proxy, an answer that is not an OpenAI API, no answer in
// time, and a server that answers, named by its answer. The causes only a
// browser has (CORS, mixed content, a page's policy) are tried in
// headless Chromium (wasmtest's TestDoctor).
import assert from "node:assert/strict";
import http from "node:http";
import { after, test } from "node:test";
import { diagnose, findLocalServers } from "../edgen/diagnose.js";

/** @type {http.Server[]} */
const servers = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  return Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
});

/**
 * Serves handler on a free loopback port; resolves to its /v1 base URL.
 * @param {http.RequestListener} handler
 */
async function serve(handler) {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise((done) => s.listen(0, "127.0.0.1", () => done(undefined)));
  return `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (s.address()).port}/v1`;
}

/** A port nothing listens on: one that was just free. */
async function closedPort() {
  const s = http.createServer();
  await new Promise((done) => s.listen(0, "127.0.0.1", () => done(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
  await new Promise((done) => s.close(done));
  return port;
}

/**
 * A handler answering each path with [status, content type, body].
 * @param {Record<string, readonly [number, string, string]>} routes
 * @returns {http.RequestListener}
 */
const answering = (routes) => (req, res) => {
  const [status, type, body] = routes[req.url ?? ""] ?? [404, "text/plain", "404 page not found"];
  res.writeHead(status, { "Content-Type": type }).end(body);
};

test("nothing listening: the port's usual server and how to start it", async () => {
  const port = await closedPort();
  const d = await diagnose(`http://127.0.0.1:${port}/v1`);
  assert.equal(d.reason, "nothing-listening");
  assert.equal(d.ok, false);
  assert.match(d.title, /ECONNREFUSED/);
  assert.match(d.fix, /Start the server/);
  assert.equal(d.baseURL, `http://127.0.0.1:${port}/v1/`);
});

test("no such host", async () => {
  const d = await diagnose("http://no-such-host.invalid/v1");
  assert.equal(d.reason, "nothing-listening");
  assert.match(d.title, /There is no host no-such-host\.invalid/);
});

test("not an address", async () => {
  assert.equal((await diagnose("ftp://127.0.0.1/v1")).reason, "invalid-url");
  assert.equal((await diagnose("not a url")).reason, "invalid-url");
});

test("an OpenAI-compatible server, named by its models' owned_by", async () => {
  const url = await serve(answering({
    "/v1/models": [200, "application/json", JSON.stringify({ object: "list", data: [{ id: "tiny:latest", object: "model", owned_by: "library" }] })],
  }));
  const d = await diagnose(url);
  assert.deepEqual([d.reason, d.ok, d.server, d.models, d.status], ["ok", true, "ollama", ["tiny:latest"], 200]);
  assert.equal(d.fix, "");
  assert.match(d.title, /^ollama answers at .* with 1 model\.$/);
});

test("Edgen, named by its version", async () => {
  const url = await serve(answering({
    "/v1/models": [200, "application/json", JSON.stringify({ object: "list", data: [{ id: "TheBloke/x", object: "model", owned_by: "TheBloke" }] })],
    "/v1/misc/version": [200, "application/json", JSON.stringify({ major: 0, minor: 1, patch: 5, build: "" })],
  }));
  const d = await diagnose(url);
  assert.deepEqual([d.reason, d.server], ["ok", "Edgen"]);
});

test("a server that says nothing of itself stays unnamed", async () => {
  const url = await serve(answering({
    "/v1/models": [200, "application/json", JSON.stringify({ object: "list", data: [{ id: "m", object: "model", owned_by: "someone" }] })],
  }));
  const d = await diagnose(url);
  assert.deepEqual([d.reason, d.server], ["ok", undefined]);
  assert.match(d.title, /^An OpenAI-compatible server answers/);
});

for (const [name, route, reason, words] of /** @type {const} */ ([
  ["a web page", [200, "text/html", "<!doctype html><title>Router</title>"], "not-openai", /a web page \(HTML\)/],
  ["JSON without a models list", [200, "application/json", `{"status":"up"}`], "not-openai", /not with an OpenAI models list/],
  ["a 404 (the address lacks /v1)", [404, "text/plain", "404 page not found"], "not-openai", /no OpenAI models list there \(404\)/],
  ["a proxy's 403", [403, "application/json", `{"error":{"message":"Host \\"x\\" is not this server's own address"}}`], "forbidden", /refused this page \(403\)\. It said: “Host "x" is not this server's own address”/],
  ["a proxy's 502", [502, "text/plain", "upstream did not answer"], "gateway", /the server behind it does not \(502\)\. It said: “upstream did not answer”/],
  ["a 401", [401, "application/json", `{"error":{"message":"invalid api key"}}`], "unauthorized", /wants an API key/],
  ["a 500", [500, "text/html", "<h1>Internal Server Error</h1>"], "server-error", /failed \(500\)\.$/],
])) {
  test(`an answer that is ${name}`, async () => {
    const url = await serve(answering({ "/v1/models": route }));
    const d = await diagnose(url);
    assert.equal(d.reason, reason, d.title);
    assert.equal(d.status, route[0]);
    assert.match(d.title, words);
    assert.notEqual(d.fix, "");
  });
}

test("no answer in time", async () => {
  const url = await serve(() => {}); // takes the request, never answers
  const d = await diagnose(url, { timeout: 300 });
  assert.equal(d.reason, "no-answer");
  assert.match(d.title, /did not answer within 0\.3 s/);
});

test("the request's API key and headers go with the probe", async () => {
  /** @type {http.IncomingHttpHeaders} */
  let seen = {};
  const url = await serve((req, res) => {
    seen = req.headers;
    res.writeHead(200, { "Content-Type": "application/json" }).end(`{"object":"list","data":[]}`);
  });
  const d = await diagnose(url, { apiKey: "sk-1", headers: { "X-Team": "a", "Content-Type": null } });
  assert.equal(d.reason, "ok");
  assert.equal(seen.authorization, "Bearer sk-1");
  assert.equal(seen["x-team"], "a");
  assert.equal(seen["content-type"], undefined);
});

test("findLocalServers lists what answers, with the name it was looked for by", async () => {
  const ollama = new URL(await serve(answering({
    "/v1/models": [200, "application/json", JSON.stringify({ object: "list", data: [{ id: "tiny", object: "model", owned_by: "library" }] })],
  })));
  const page = new URL(await serve(answering({ "/v1/models": [200, "text/html", "<p>not this</p>"] })));
  const found = await findLocalServers({ servers: [
    { name: "ollama", port: Number(ollama.port) },
    { name: "vLLM", port: await closedPort() },
    { name: "Something else", port: Number(page.port) },
  ] });
  assert.deepEqual(found.map((d) => [d.usual, d.reason, d.server]), [["ollama", "ok", "ollama"], ["Something else", "not-openai", undefined]]);
});
