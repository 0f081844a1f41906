// @ts-check
// Defines the extension's LanguageModel in the page (MAIN world), unless it
// is there already, or the browser has its own and the person did not ask
// to use their local model instead (replace). When the channel ends (the
// person revoked the site, or switched lending off), the page gets back
// what it had before: the browser's own LanguageModel, or none.

import { Channel } from "./channel.js";
import { defineLanguageModel, MARK } from "./languagemodel.js";

/**
 * Installs globalThis.LanguageModel.
 * @param {boolean} replace whether the browser's own LanguageModel gives way
 */
export function install(replace) {
  const before = Object.getOwnPropertyDescriptor(globalThis, "LanguageModel");
  const current = before?.value;
  if (current?.[MARK]) return;
  if (before && !replace) return;
  const channel = new Channel();
  const LanguageModel = defineLanguageModel(channel);
  // As an interface object of the platform: writable, configurable, not enumerable.
  Object.defineProperty(globalThis, "LanguageModel", { value: LanguageModel, writable: true, configurable: true, enumerable: false });
  channel.onEnded(() => {
    if (Object.getOwnPropertyDescriptor(globalThis, "LanguageModel")?.value !== LanguageModel) return;
    if (before) Object.defineProperty(globalThis, "LanguageModel", before);
    else delete (/** @type {any} */ (globalThis)).LanguageModel;
  });
}
