// The webpack app's configuration: nothing for edgen-wasm, only where the bundle goes.
export default {
  entry: "./src/main.js",
  output: { path: new URL("./dist/", import.meta.url).pathname, filename: "main.js" },
};
