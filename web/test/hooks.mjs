// @ts-check
// Node's module hooks for the JS unit tests: a relative import that web/
// lacks resolves to the build's file (overlay.mjs), as the page and the
// bundler see it; ui/markdown.js imports the build's ui/lib/markdown.js.
// The build's folder is EDGEN_WEB_OUT, by default build/web beside web/.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { overlaid, web } from "../overlay.mjs";

const out = process.env.EDGEN_WEB_OUT || path.resolve(web, "..", "build", "web");

/** @type {import("node:module").ResolveHook} */
export async function resolve(specifier, context, next) {
  if (/^\.\.?\//.test(specifier) && context.parentURL?.startsWith("file:")) {
    const built = overlaid(out, fileURLToPath(new URL(specifier, context.parentURL)));
    if (built) return { url: pathToFileURL(built).href, shortCircuit: true };
  }
  return next(specifier, context);
}
