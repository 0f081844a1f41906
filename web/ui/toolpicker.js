// @ts-check
// The choice of the tools a chat offers its model (tools.js): one checkbox
// per tool, with what it does, in a fieldset of the chat's options (the
// page's Options dialog, the extension's settings).

import { node } from "./dom.js";

/** @import { ChatTool } from "./tools.js" */

/**
 * Fills fieldset with a checkbox for each of tools (ids start with prefix)
 * and returns the choice.
 * @param {HTMLFieldSetElement} fieldset
 * @param {readonly ChatTool[]} tools
 * @param {string} prefix
 */
export function createToolPicker(fieldset, tools, prefix) {
  const boxes = tools.map((tool) => {
    const box = node("input");
    box.type = "checkbox";
    box.id = `${prefix}-${tool.name}`;
    box.value = tool.name;
    const hint = node("span", "tool-hint", tool.hint);
    hint.id = `${box.id}-hint`;
    box.setAttribute("aria-describedby", hint.id);
    const label = node("label", "tool-choice");
    label.htmlFor = box.id;
    label.append(box, node("span", "tool-name", tool.label));
    const row = node("div", "tool-row");
    row.append(label, hint);
    fieldset.append(row);
    return box;
  });
  return {
    /** The names of the tools checked. */
    get names() {
      return boxes.filter((b) => b.checked).map((b) => b.value);
    },
    /** Checks the tools named, and only those. */
    set names(names) {
      for (const b of boxes) b.checked = names.includes(b.value);
    },
  };
}
