// node web/bundle.mjs OUT OUTDIR ENTRY...: bundles the entry points (scripts
// and styles) with esbuild into OUTDIR, reading web/ with OUT laid over it,
// as serve.go serves them: a relative import that web/ lacks (edgen.wasm's
// wasm_exec.js, ui/lib/markdown.js) is the build output at the same place
// under OUT. `make extension` bundles the extension with it.
import { existsSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const [out, outdir, ...entryPoints] = process.argv.slice(2);
if (!out || !outdir || entryPoints.length === 0) {
  console.error("usage: node web/bundle.mjs OUT OUTDIR ENTRY...");
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
  legalComments: "eof",
  logLevel: "warning",
  plugins: [overlay],
});
