// app.js: what every test app of the npm package does, whatever builds it.
// TestPackage copies it into each app's src/ beside the app's main.js, which
// calls runApp. It loads the library by its package name, streams a chat
// from the fake Edgen, aborts a second one, asks for a structured answer
// (parse(), whose libraries load lazily), and leaves the outcome in
// globalThis.edgenApp for the Go test to check (and prints it as one
// console line, "edgen-app <JSON>", for a person).
//
// The page's query: fake (the fake Edgen's base URL), stall (JSON of the
// request headers that make the fake stall after two chunks).
import { load, APIError, APIUserAbortError } from "edgen-wasm";

/** The prompt of the streamed chat; the fake answers "Hello! You said: " and it. */
const prompt = "hello from a bundle";

/**
 * Runs the app with the options of load() (beside baseURL), then more (an
 * async function given the fake's URL), and prints the outcome with the
 * fields more resolves to.
 */
export function runApp(loadOptions = {}, more = async () => ({})) {
  run(loadOptions)
    .then(async (result) => ({ ...(await more(new URLSearchParams(location.search).get("fake"))), ...result }))
    .then(
      (result) => result,
      (e) => ({ fatal: String(e?.stack ?? e) }),
    )
    .then((outcome) => {
      globalThis.edgenApp = outcome;
      console.log("edgen-app " + JSON.stringify(outcome));
    });
}

async function run(loadOptions) {
  const query = new URLSearchParams(location.search);
  const edgen = await load({ ...loadOptions, baseURL: query.get("fake") });
  const messages = (content) => [{ role: "user", content }];
  let text = "";
  for await (const chunk of edgen.chat({ model: "default", messages: messages(prompt), stream: true })) {
    text += chunk.choices[0]?.delta?.content ?? "";
  }

  const controller = new AbortController();
  const options = { signal: controller.signal, headers: JSON.parse(query.get("stall") ?? "{}") };
  let parts = 0;
  let abort = { ended: "without an error" };
  try {
    for await (const chunk of edgen.chat({ model: "default", messages: messages("stop me"), stream: true }, options)) {
      if (chunk.choices[0]?.delta?.content && ++parts === 2) controller.abort();
    }
  } catch (e) {
    abort = {
      name: e?.name,
      message: e?.message,
      userAbort: e instanceof APIUserAbortError,
      apiError: e instanceof APIError,
      onEdgen: e instanceof edgen.APIUserAbortError,
    };
  }
  // parse() imports structured.js on first use: the bundler must have emitted it.
  const weather = await edgen.chat.completions.parse(
    { model: "default", messages: messages("the weather as JSON"), response_format: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
    { headers: { "X-Fake-Dialect": "openai" } },
  );
  return { prompt, text, parts, abort, parsed: weather.choices[0].message.parsed };
}
