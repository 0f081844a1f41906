// @ts-check
// The server state at a glance, in the status line. Three states are told
// apart: Edgen (misc/version answers), a server that answers but is not
// Edgen (an OpenAI-compatible one: models answers; no status routes), and
// not connected, with why (the library's connection doctor,
// edgen.diagnose()); with Edgen, also its active model. Each check also
// hands on the models the server has (models.list), and the diagnosis.

/** @import { Diagnosis, EdgenAPI, Status } from "../edgen/edgen.js" */

const POLL_MS = 15000; // gentle: the line also refreshes after every answer
/** The options of a check: it answers soon or says the server is down. */
export const QUICK = { timeout: 4000, maxRetries: 0 };

/**
 * The status line's elements.
 * @typedef {object} StatusElements
 * @property {HTMLElement} line the line, whose data-state says the state
 * @property {HTMLElement} text its words
 * @property {HTMLElement} fix the way to the fix, shown while not connected
 */

/**
 * What the status line needs around it.
 * @typedef {object} StatusDeps
 * @property {() => string} baseURL the server asked
 * @property {() => boolean} isFake whether that is serve.go's built-in fake
 * @property {(ids: string[], isEdgen: boolean) => void} onModels hears the model ids at every check, and whether the server is Edgen
 * @property {(d: Diagnosis | null) => void} onDiagnosis hears why the page is not connected, and null once it is
 */

/**
 * Creates the status line over els.
 * @param {StatusElements} els
 * @param {StatusDeps} deps
 */
export function createStatus(els, deps) {
  /** @type {EdgenAPI | null} */
  let edgen = null;
  let generation = 0; // drops answers of a refresh that a newer one replaced

  /**
   * @param {string} state
   * @param {string} text
   */
  function show(state, text) {
    els.line.dataset.state = state;
    els.fix.hidden = state !== "down";
    if (els.text.textContent !== text) {
      els.text.textContent = text;
      els.line.title = text;
    }
  }

  /** Checks the server again. */
  async function refresh() {
    if (!edgen) return;
    const mine = ++generation;
    if (!["ok", "compatible"].includes(els.line.dataset.state ?? "")) show("checking", "Checking the server…");
    const [version, status, models] = await Promise.allSettled([
      edgen.misc.version(QUICK),
      edgen.chat.status(QUICK),
      edgen.models.list(QUICK),
    ]);
    if (mine !== generation) return;
    const ids = models.status === "fulfilled" && Array.isArray(models.value?.data)
      ? models.value.data.map((m) => m?.id).filter((id) => typeof id === "string")
      : [];
    deps.onModels(ids, version.status === "fulfilled");
    if (version.status === "fulfilled" || models.status === "fulfilled") deps.onDiagnosis(null);
    if (version.status === "fulfilled") {
      const v = version.value;
      const fake = deps.isFake() ? " (built-in fake)" : "";
      const model = status.status === "fulfilled" ? modelText(status.value) : "";
      show("ok", `Connected to Edgen ${v.major}.${v.minor}.${v.patch}${fake}${model}`);
    } else if (models.status === "fulfilled") {
      const n = ids.length === 1 ? "1 model" : `${ids.length} models`;
      show("compatible", `Connected to an OpenAI-compatible server, not Edgen · ${n}`);
    } else {
      const d = await edgen.diagnose(deps.baseURL());
      if (mine !== generation) return;
      show("down", `Not connected: ${d.title.charAt(0).toLowerCase()}${d.title.slice(1)}`);
      deps.onDiagnosis(d);
    }
  }

  return {
    /**
     * Starts checking with a ready client: now, then every POLL_MS while
     * the page is visible, and when it becomes visible.
     * @param {EdgenAPI} module
     */
    attach(module) {
      edgen = module;
      refresh();
      setInterval(() => document.hidden || refresh(), POLL_MS);
      document.addEventListener("visibilitychange", () => document.hidden || refresh());
    },

    /**
     * Says the client could not load at all.
     * @param {string} text
     */
    failed(text) {
      show("down", text);
    },

    refresh,
  };
}

/**
 * The active model in words.
 * @param {Status | null} s
 */
function modelText(s) {
  if (!s || typeof s !== "object") return "";
  return s.active_model ? ` · model ${s.active_model}` : " · no model loaded yet";
}
