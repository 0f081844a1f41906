// @ts-check
// ESLint for the browser side's JavaScript: the recommended rules of
// @eslint/js and nothing on style. Each file gets the globals of where it
// runs (globals): pages, the extension, the worker, Node for the tools.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/"] },
  js.configs.recommended,
  { files: ["edgen/**", "ui/**", "page/**", "extension/**"], languageOptions: { globals: globals.browser } },
  // EXTENSION_BROWSER: the browser `make extension` bundles for (extension/browsers.d.ts).
  { files: ["extension/**"], languageOptions: { globals: { ...globals.webextensions, EXTENSION_BROWSER: "readonly" } } },
  { files: ["edgen/worker/edgen-worker.js"], languageOptions: { globals: globals.worker } },
  { files: ["*.mjs", "*.js", "test/**"], languageOptions: { globals: globals.node } },
];
