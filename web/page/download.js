// @ts-check
// The progress of a model download. Edgen downloads a model the first time
// a request names it, before it answers; while a chat request waits for its
// first words, the chat status is polled to show the download's progress.

import { QUICK } from "./status.js";

/** @import { EdgenAPI, Status } from "../edgen/edgen.js" */

const DOWNLOAD_POLL_MS = 500; // Edgen updates download_progress every 500 ms

/**
 * A progress bar's elements.
 * @typedef {object} ProgressElements
 * @property {HTMLElement} bar the element of role progressbar
 * @property {HTMLElement} fill its filled part
 * @property {HTMLElement} pct the percentage in words
 * @property {HTMLElement} label what is downloaded
 */

/**
 * Creates the watcher over the download bar's elements (download: the bar's
 * box, hidden when nothing downloads) for the client edgen() returns.
 * @param {ProgressElements & {download: HTMLElement}} els
 * @param {() => EdgenAPI | null} edgen
 */
export function createDownloadWatch(els, edgen) {
  /** @param {Status} s */
  function show(s) {
    const ongoing = Boolean(s?.download_ongoing);
    els.download.hidden = !ongoing;
    if (ongoing) setProgress(els, s);
  }

  /**
   * Polls the chat status while a request waits for its first chunk, to
   * show a progress bar when the server downloads a model. Call stop()
   * when the answer starts or ends.
   * @returns {{stop(): void}}
   */
  return function watchDownload() {
    let stopped = false;
    let handle = setTimeout(tick, DOWNLOAD_POLL_MS);
    async function tick() {
      try {
        const s = await edgen()?.chat.status(QUICK);
        if (!stopped && s) show(s);
      } catch {
        // the chat request itself reports what went wrong
      }
      if (!stopped) handle = setTimeout(tick, DOWNLOAD_POLL_MS);
    }
    return {
      stop() {
        if (stopped) return;
        stopped = true;
        clearTimeout(handle);
        els.download.hidden = true;
      },
    };
  };
}

/**
 * Shows status s (download_progress, active_model) on a progress bar.
 * @param {ProgressElements} els
 * @param {Partial<Status>} s
 */
export function setProgress(els, s) {
  const pct = Math.max(0, Math.min(100, Math.round(Number(s?.download_progress) || 0)));
  els.bar.setAttribute("aria-valuenow", String(pct));
  els.bar.setAttribute("aria-valuetext", `${pct} percent`);
  els.fill.style.width = `${pct}%`;
  els.pct.textContent = `${pct}%`;
  els.label.textContent = s?.active_model ? `Downloading ${s.active_model}` : "Downloading the model";
}
