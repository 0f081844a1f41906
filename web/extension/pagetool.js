// @ts-check
// The open page as a tool the model calls when a question needs it, instead
// of the page being pasted whole into the question. It reads the active tab
// as "Ask about this page" does (context.js), under the same activeTab
// grant, so it can read only a page the person invoked Edgen on; when it
// may not, its error tells the model (and the step shows the person) how
// to let it.

import { BUILTIN_TOOLS } from "../ui/tools.js";
import { pageForModel, readActiveTab } from "./context.js";

/** @import { ChatTool } from "../ui/tools.js" */

/** @type {ChatTool} */
export const pageTool = {
  name: "read_page",
  label: "The open page",
  hint: "The model reads the page you are on (or the text you selected) when your question needs it, instead of the page being pasted into the question. It may read a page only after you clicked the Edgen button on it.",
  description: "Reads the web page the user has open in the browser: its title, address and text, or only the text the user selected. " +
    "Call it when the user asks about this page, this article, or the selection.",
  parameters: { type: "object", properties: {} },
  async run() {
    try {
      return pageForModel(await readActiveTab());
    } catch (err) {
      // Words for the model and the step: without the library's "edgen: ".
      throw new Error(/** @type {Error} */ (err).message.replace(/^edgen: /, ""), { cause: err });
    }
  },
};

/** The tools the panel's chat can offer: the page's, then the open page. */
export const PANEL_TOOLS = Object.freeze([...BUILTIN_TOOLS, pageTool]);
