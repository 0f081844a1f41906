// @ts-check
// The script the extension puts in the MAIN world of a page the person let
// use their local model: LanguageModel, leaving the browser's own alone.
import { install } from "./install.js";

install(false);
