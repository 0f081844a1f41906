// @ts-check
// The Models view: what each endpoint runs and downloads (the three status
// routes, polled while the view shows), the models the server has
// (models.list), their details (models.retrieve) and deleting one
// (models.del, after a confirmation).

import { node } from "../../ui/render.js";
import { describeError } from "../../ui/errors.js";
import { setProgress } from "../download.js";
import { QUICK } from "../status.js";

/** @import { ClientDeps } from "../../ui/chat.js" */
/** @import { EdgenAPI, Model, Status } from "../../edgen/edgen.js" */

const POLL_MS = 1000;
/** @type {{name: string, status(e: EdgenAPI): Promise<Status>}[]} */
const ENDPOINTS = [
  { name: "Chat", status: (e) => e.chat.status(QUICK) },
  { name: "Transcription", status: (e) => e.audio.transcriptions.status(QUICK) },
  { name: "Embeddings", status: (e) => e.embeddings.status(QUICK) },
];

/**
 * Creates the view.
 * @param {{endpoints: HTMLElement, state: HTMLElement, body: HTMLElement, details: HTMLElement,
 *   detailsTitle: HTMLElement, detailsList: HTMLElement, title: HTMLElement}} els
 * @param {ClientDeps & {confirm(title: string, text: string): Promise<boolean>, onChange(): void}} deps
 */
export function createModelsView(els, deps) {
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const rows = ENDPOINTS.map(endpointRow);
  els.endpoints.replaceChildren(...rows.map((r) => r.li));

  async function pollStatus() {
    const edgen = deps.edgen();
    if (!edgen) return;
    const answers = await Promise.allSettled(ENDPOINTS.map((ep) => ep.status(edgen)));
    answers.forEach((a, i) => rows[i].show(a));
  }

  async function loadList() {
    const edgen = deps.edgen();
    if (!edgen) return;
    els.state.textContent = "Reading the models…";
    try {
      const list = await edgen.models.list();
      const models = Array.isArray(list?.data) ? list.data : [];
      els.body.replaceChildren(...models.map(modelRow));
      els.state.textContent = models.length === 1 ? "1 model." : `${models.length} models.`;
    } catch (err) {
      els.body.replaceChildren();
      const d = describeError(err, edgen, { baseURL: deps.baseURL() });
      els.state.textContent = `${d.title} ${d.text}`;
    }
  }

  /** @param {Model} m */
  function modelRow(m) {
    const tr = node("tr");
    tr.dataset.id = m.id;
    const created = Number.isFinite(m.created) && m.created > 0 ? new Date(m.created * 1000).toLocaleDateString() : "";
    const actions = node("td", "model-actions");
    const details = node("button", "btn btn-quiet", "Details");
    details.type = "button";
    details.setAttribute("aria-label", `Details of ${m.id}`);
    details.addEventListener("click", () => showDetails(m.id));
    const del = node("button", "btn btn-quiet btn-danger-quiet", "Delete");
    del.type = "button";
    del.setAttribute("aria-label", `Delete ${m.id}`);
    del.addEventListener("click", () => remove(m.id, del));
    actions.append(details, del);
    tr.append(node("td", "model-id", m.id), node("td", "", String(m.owned_by ?? "")), node("td", "", created), actions);
    return tr;
  }

  /** @param {string} id */
  async function showDetails(id) {
    const edgen = deps.edgen();
    if (!edgen) return;
    els.details.hidden = false;
    els.detailsTitle.textContent = `Details of ${id}`;
    try {
      const m = await edgen.models.retrieve(id);
      els.detailsList.replaceChildren(...Object.entries(m ?? {}).flatMap(([k, v]) => [
        node("dt", "", k), node("dd", "", typeof v === "object" ? JSON.stringify(v) : String(v)),
      ]));
    } catch (err) {
      const d = describeError(err, edgen, { baseURL: deps.baseURL() });
      els.detailsList.replaceChildren(node("dt", "", "Error"), node("dd", "", `${d.title} ${d.text}`));
    }
    els.details.scrollIntoView({ block: "nearest" });
  }

  /**
   * @param {string} id
   * @param {HTMLButtonElement} button
   */
  async function remove(id, button) {
    const edgen = deps.edgen();
    if (!edgen) return;
    const ok = await deps.confirm(`Delete ${id}?`, `Edgen removes the model's files from this computer. A later request naming it downloads it again.`);
    if (!ok) {
      button.focus();
      return;
    }
    try {
      await edgen.models.del(id);
      els.details.hidden = true;
      await loadList();
      els.state.textContent = `Deleted ${id}. ${els.state.textContent}`;
      deps.onChange();
    } catch (err) {
      const d = describeError(err, edgen, { baseURL: deps.baseURL() });
      els.state.textContent = `${d.title} ${d.text}`;
    }
    els.title.focus();
  }

  return {
    show() {
      loadList();
      pollStatus();
      clearInterval(timer);
      timer = setInterval(() => document.hidden || pollStatus(), POLL_MS);
    },
    hide() {
      clearInterval(timer);
    },
  };
}

// endpointRow is one endpoint's line: its active model, a progress bar
// while it downloads one, its last errors.
/** @param {{name: string}} endpoint */
function endpointRow({ name }) {
  const li = node("li", "endpoint");
  const id = `ep-${name.toLowerCase()}`;
  li.dataset.endpoint = name.toLowerCase();
  const title = node("span", "endpoint-name", name);
  const model = node("span", "endpoint-model", "…");
  const bar = node("div", "progress");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  bar.setAttribute("aria-valuenow", "0");
  const label = node("span", "download-label", "Downloading");
  label.id = `${id}-label`;
  bar.setAttribute("aria-labelledby", label.id);
  const fill = node("div", "progress-fill");
  bar.append(fill);
  const pct = node("span", "download-pct", "0%");
  pct.setAttribute("aria-hidden", "true");
  const download = node("div", "download endpoint-download");
  download.hidden = true;
  download.append(label, bar, pct);
  const errors = node("p", "endpoint-errors");
  errors.hidden = true;
  li.append(title, model, download, errors);
  return {
    li,
    /** @param {PromiseSettledResult<Status>} answer */
    show(answer) {
      if (answer.status === "rejected") {
        model.textContent = Number.isInteger(answer.reason?.status)
          ? "no status here: the server is not Edgen"
          : "no answer";
        download.hidden = true;
        errors.hidden = true;
        return;
      }
      /** @type {Partial<Status>} */
      const s = answer.value ?? {};
      model.textContent = s.active_model ? `runs ${s.active_model}` : "no model loaded yet";
      download.hidden = !s.download_ongoing;
      if (s.download_ongoing) setProgress({ bar, fill, pct, label }, s);
      const last = Array.isArray(s.last_errors) ? s.last_errors.filter((e) => typeof e === "string") : [];
      errors.hidden = last.length === 0;
      errors.textContent = last.length ? `Last errors: ${last.join(" · ")}` : "";
    },
  };
}
