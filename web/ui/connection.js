// @ts-check
// The Connection section of the settings (the page's and the extension's):
// why the server in use can or cannot be used, with the fix (the library's
// connection doctor, edgen.diagnose()), and the servers found on this
// computer (edgen.findLocalServers(), at the ports serve.go's /serve-info
// lists, or the library's), each one click from being used. The page's own
// server comes first: it is this page's /v1, not another server.

/** @import { Diagnosis, EdgenAPI } from "../edgen/edgen.js" */

/**
 * The section's elements.
 * @typedef {object} ConnectionElements
 * @property {HTMLElement} verdict what the doctor says of the server in use
 * @property {HTMLElement} fix what to do about it
 * @property {HTMLElement} list the servers found
 * @property {HTMLButtonElement} again looks again
 */

/**
 * What the section needs around it.
 * @typedef {object} ConnectionDeps
 * @property {() => EdgenAPI | null} edgen
 * @property {() => string} baseURL the server in use
 * @property {() => {name: string, port: number}[] | undefined} [localServers] where to look (serve.go's list), undefined for the library's
 * @property {() => string} [ownServer] what this page's own /v1 serves, in words; none: no such server (the extension)
 * @property {(baseURL: string) => void} use makes baseURL the server in use; called in the click, so it may ask for a permission
 */

/**
 * Creates the section over els.
 * @param {ConnectionElements} els
 * @param {ConnectionDeps} deps
 */
export function createConnection(els, deps) {
  let generation = 0; // drops the findings of a look that a newer one replaced

  /**
   * Shows what the doctor says of the server in use.
   * @param {Diagnosis | null} d null: connected
   */
  function showVerdict(d) {
    els.verdict.textContent = d ? d.title : `Connected to ${deps.baseURL()}.`;
    els.verdict.dataset.ok = String(!d || d.ok);
    els.fix.textContent = d?.fix ?? "";
    els.fix.hidden = !d?.fix;
  }

  /** Diagnoses the server in use and looks for servers on this computer. */
  async function look() {
    const edgen = deps.edgen();
    if (!edgen) return;
    const mine = ++generation;
    els.again.disabled = true;
    els.verdict.textContent = "Checking the server…";
    els.fix.hidden = true;
    els.list.setAttribute("aria-busy", "true");
    const [d, found] = await Promise.all([edgen.diagnose(deps.baseURL()), edgen.findLocalServers({ servers: deps.localServers?.() })]);
    if (mine !== generation) return;
    showVerdict(d.ok ? null : d);
    const own = deps.ownServer ? [row("This page's server", `${location.origin}/v1`, deps.ownServer(), true)] : [];
    els.list.replaceChildren(...own, ...found.map((f) => row(nameOf(f), trim(f.baseURL), detailOf(f), f.ok)));
    els.list.removeAttribute("aria-busy");
    els.again.disabled = false;
  }

  /**
   * One server of the list: its name, address, what it has or what is
   * wrong, and a button that uses it (or a note that it is in use).
   * @param {string} name
   * @param {string} baseURL
   * @param {string} detail
   * @param {boolean} usable
   */
  function row(name, baseURL, detail, usable) {
    const li = document.createElement("li");
    li.className = "found-server";
    const text = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = name;
    const address = document.createElement("code");
    address.textContent = baseURL;
    const about = document.createElement("p");
    about.textContent = detail;
    text.append(title, " ", address, about);
    li.append(text);
    if (trim(deps.baseURL()) === baseURL) {
      const inUse = document.createElement("span");
      inUse.className = "in-use";
      inUse.textContent = "In use";
      li.append(inUse);
    } else if (usable) {
      const use = document.createElement("button");
      use.type = "button";
      use.className = "btn";
      use.textContent = "Use";
      use.setAttribute("aria-label", `Use ${name} at ${baseURL}`);
      use.addEventListener("click", () => {
        deps.use(baseURL);
        look();
      });
      li.append(use);
    }
    return li;
  }

  els.again.addEventListener("click", look);

  return { look, showVerdict };
}

/**
 * A found server's name: the one its answer tells, else the one usually
 * at its port.
 * @param {Diagnosis} d
 */
function nameOf(d) {
  if (d.server) return d.server;
  return d.usual ? `A server on ${d.usual}'s port` : "A server";
}

/**
 * What a found server has, or what keeps the page from it and the fix.
 * @param {Diagnosis} d
 */
function detailOf(d) {
  if (!d.ok) return `${d.title} ${d.fix}`;
  const models = d.models ?? [];
  if (models.length === 0) return "No models yet.";
  const shown = models.slice(0, 4).join(", ");
  return `${models.length === 1 ? "1 model" : `${models.length} models`}: ${shown}${models.length > 4 ? ", …" : ""}.`;
}

/**
 * A base URL without its trailing slashes, as Settings keep it.
 * @param {string} url
 */
function trim(url) {
  return url.replace(/\/+$/, "");
}
