// @ts-check
// The script the extension puts in the MAIN world of a page the person let
// use their local model, when they prefer it to the browser's own:
// LanguageModel, in place of the browser's.
import { install } from "./install.js";

install(true);
