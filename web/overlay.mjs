// @ts-check
// The build's outputs laid over web/, as serve.go serves them: a relative
// import that web/ lacks (edgen.wasm's wasm_exec.js, ui/lib/markdown.js) is
// the build output at the same place under OUT (the Makefile's build/web).
// bundle.mjs bundles with it; the JS unit tests import with it (test/hooks.mjs).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** web/: the folder of this file. */
export const web = path.dirname(fileURLToPath(import.meta.url));

/**
 * The built file under out that stands for wanted (an absolute path under
 * web/ that does not exist), or undefined when wanted exists, lies outside
 * web/, or out has no such file either.
 * @param {string} out the build's folder for web/ (OUT)
 * @param {string} wanted
 * @returns {string | undefined}
 */
export function overlaid(out, wanted) {
  const rel = path.relative(web, wanted);
  if (existsSync(wanted) || rel.startsWith("..")) return undefined;
  const built = path.resolve(out, rel);
  return existsSync(built) ? built : undefined;
}
