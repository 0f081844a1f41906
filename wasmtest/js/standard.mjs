// TestStandardSchemas (standard_test.go): chat.completions.parse() with the
// Standard Schemas of real libraries, zod 4, arktype and valibot (through
// @valibot/to-json-schema's toStandardJsonSchema), in Node against the
// fake speaking OpenAI's dialect: each library's JSON Schema goes on the
// wire, a valid answer comes back as the library's output, an invalid one
// is an OutputValidationError with the library's issues.
//   node standard.mjs <fake base URL> <site directory> <site URL>
// It runs from wasmtest/js, so that the libraries resolve in
// wasmtest/node_modules; the loader comes from the site's directory, the
// wasm from its server.
import { z } from "zod";
import { type } from "arktype";
import * as v from "valibot";
import { toStandardJsonSchema } from "@valibot/to-json-schema";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { check, eq, show, rejection, isError } from "./check.mjs";

const [fakeURL, siteDir, siteURL] = process.argv.slice(2);
const { load } = await import(pathToFileURL(path.join(siteDir, "edgen.js")).href);
const edgen = await load({ wasmURL: new URL("edgen.wasm", siteURL).href, baseURL: fakeURL, maxRetries: 0 });

const libraries = {
  zod: z.object({ city: z.string(), temp: z.number().min(10) }),
  arktype: type({ city: "string", temp: "number >= 10" }),
  valibot: toStandardJsonSchema(v.object({ city: v.string(), temp: v.pipe(v.number(), v.minValue(10)) })),
};
const params = { model: "fake", messages: [{ role: "user", content: "the weather as JSON" }] };
const dialect = (d) => ({ headers: { "X-Fake-Dialect": d } });

for (const [name, schema] of Object.entries(libraries)) {
  const ok = await edgen.chat.completions.parse({ ...params, response_format: schema }, dialect("openai"));
  eq(ok.choices[0].message.parsed, { city: "example", temp: 10 }, `${name}: parsed`);
  const e = await rejection(`${name}: an invalid answer`, () => edgen.chat.completions.parse({ ...params, response_format: schema }, dialect("openai;structured=invalid")));
  isError(edgen, e, `${name}: an invalid answer`, "OutputValidationError");
  check(e.issues.length > 0 && ["city", "temp"].includes(e.issues[0].path[0]), `${name}: issues ${show(e.issues)}`);
  const partials = [];
  for await (const p of edgen.chat.completions.parse({ ...params, response_format: schema, stream: true }, dialect("openai"))) partials.push(p);
  eq(partials.at(-1), { city: "example", temp: 10 }, `${name}: the last partial object`);
  console.log(`ok ${name}`);
}
const bare = await rejection("valibot without toStandardJsonSchema", () => edgen.chat.completions.parse({ ...params, response_format: v.object({ city: v.string() }) }));
isError(edgen, bare, "valibot without toStandardJsonSchema", "TypeError");
check(/toStandardJsonSchema/.test(bare.message), `the TypeError does not say what to do: ${bare.message}`);
console.log("ok bare valibot");
process.exit(0);
