// The Rollup app's configuration: node-resolve to find packages in
// node_modules (as in any Rollup app), and the one plugin edgen-wasm needs,
// which emits the assets of new URL("./...", import.meta.url).
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";

export default {
  input: "src/main.js",
  output: { dir: "dist", format: "es" },
  plugins: [nodeResolve({ browser: true }), importMetaAssets()],
};
