// @ts-check
// node --import ./test/setup.mjs --test test/: registers hooks.mjs.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
