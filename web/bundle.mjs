// node web/bundle.mjs OUT OUTDIR [--define:NAME=VALUE...] ENTRY...: bundles
// the entry points (scripts and styles) with esbuild into OUTDIR, reading
// web/ with OUT laid over it, as serve.go serves them: a relative import that
// web/ lacks (edgen.wasm's wasm_exec.js, ui/lib/markdown.js) is the build
// output at the same place under OUT. Each --define replaces the global NAME
// with the JavaScript VALUE, as esbuild's own flag does, and the branches a
// define makes dead are left out. `make extension` bundles the extension
// with it, once for each browser.
import { existsSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const [out, outdir, ...rest] = process.argv.slice(2);
const defines = rest.filter((a) => a.startsWith("--define:"));
const entryPoints = rest.filter((a) => !defines.includes(a));
const define = Object.fromEntries(defines.map((d) => d.slice("--define:".length).split(/=(.*)/s, 2)));
if (!out || !outdir || entryPoints.length === 0 || Object.values(define).some((v) => !v)) {
  console.error("usage: node web/bundle.mjs OUT OUTDIR [--define:NAME=VALUE...] ENTRY...");
  process.exit(2);
}
const web = path.dirname(new URL(import.meta.url).pathname);

/** @type {import("esbuild").Plugin} */
const overlay = {
  name: "overlay",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const wanted = path.resolve(args.resolveDir, args.path);
      const rel = path.relative(web, wanted);
      if (existsSync(wanted) || rel.startsWith("..")) return undefined;
      const built = path.resolve(out, rel);
      return existsSync(built) ? { path: built } : undefined;
    });
  },
};

await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  format: "esm",
  define,
  minifySyntax: true, // drops the branches a define makes dead
  legalComments: "eof",
  logLevel: "warning",
  plugins: [overlay],
});
