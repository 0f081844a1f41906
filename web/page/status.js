// The server state at a glance. Three states are told apart: Edgen
// (misc/version answers), a server that answers but is not Edgen (an
// OpenAI-compatible one: models answers; no status routes), and nothing
// answering. Also: the active model, the model download progress while a
// chat request waits, the models the server has (models.list), and the
// banner that says what serve.go forwards to (its /serve-info, polled).

const POLL_MS = 15000; // gentle: the line also refreshes after every answer
const SERVE_INFO_MS = 3000; // serve.go's backend changes within seconds of Edgen starting or stopping
const DOWNLOAD_POLL_MS = 500; // Edgen updates download_progress every 500 ms
const QUICK = { timeout: 4000, maxRetries: 0 };
const NOTICE_HIDDEN_KEY = "edgen-chat.demo-notice-hidden"; // per tab, in sessionStorage

/**
 * Creates the status controller over the page's elements, for the server at
 * url. onModels(ids, edgen) hears the model ids whenever the list is read
 * again, and whether the server is Edgen.
 */
export function createStatus(els, url, onModels) {
  let edgen = null;
  let baseURL = url;
  let serveInfo = null;
  let generation = 0; // drops answers of a refresh that a newer one replaced

  function show(state, text) {
    els.line.dataset.state = state;
    if (els.text.textContent !== text) {
      els.text.textContent = text;
      els.line.title = text;
    }
  }

  async function refresh() {
    if (!edgen) return;
    const mine = ++generation;
    if (!["ok", "compatible"].includes(els.line.dataset.state)) show("checking", "Checking the server…");
    const [version, status, models] = await Promise.allSettled([
      edgen.misc.version(QUICK),
      edgen.chat.status(QUICK),
      edgen.models.list(QUICK),
    ]);
    if (mine !== generation) return;
    const ids = models.status === "fulfilled" && Array.isArray(models.value?.data)
      ? models.value.data.map((m) => m?.id).filter((id) => typeof id === "string")
      : [];
    onModels(ids, version.status === "fulfilled");
    if (version.status === "fulfilled") {
      const v = version.value;
      const fake = isFake() ? " (built-in fake)" : "";
      const model = status.status === "fulfilled" ? modelText(status.value) : "";
      show("ok", `Connected to Edgen ${v.major}.${v.minor}.${v.patch}${fake}${model}`);
    } else if (models.status === "fulfilled") {
      const n = ids.length === 1 ? "1 model" : `${ids.length} models`;
      show("compatible", `Connected to an OpenAI-compatible server, not Edgen · ${n}`);
    } else if (answered(version.reason) || answered(models.reason)) {
      show("foreign", `A server answers at ${baseURL}, but not like Edgen: check the server URL`);
    } else {
      show("down", `Not connected: nothing answers at ${baseURL}`);
    }
  }

  // answered tells an HTTP status error (something answered) from no answer.
  function answered(err) {
    return Number.isInteger(err?.status) && err.status > 0 && !(edgen.APIConnectionError && err instanceof edgen.APIConnectionError);
  }

  function modelText(s) {
    if (!s || typeof s !== "object") return "";
    return s.active_model ? ` · model ${s.active_model}` : " · no model loaded yet";
  }

  function ownAPI() {
    return sameAPI(baseURL, location.origin + "/v1");
  }

  function isFake() {
    return serveInfo?.backend === "fake" && ownAPI();
  }

  function updateBanner() {
    const text = ownAPI() ? bannerText(serveInfo) : "";
    els.banner.hidden = !text || noticeHidden(serveInfo?.backend);
    els.banner.dataset.backend = serveInfo?.backend ?? "";
    els.bannerTitle.textContent = serveInfo?.backend === "fake" ? "Demo mode." : "Not Edgen.";
    els.bannerText.textContent = text;
  }

  els.bannerClose.addEventListener("click", () => {
    try {
      sessionStorage.setItem(NOTICE_HIDDEN_KEY, serveInfo?.backend ?? "");
    } catch {
      // storage disabled: hidden until the next load
    }
    els.banner.hidden = true;
    document.getElementById("prompt")?.focus();
  });

  async function loadServeInfo() {
    let next = null;
    try {
      const resp = await fetch("/serve-info", { cache: "no-store" });
      next = resp.ok ? await resp.json() : null;
    } catch {
      next = null;
    }
    const changed = JSON.stringify(next) !== JSON.stringify(serveInfo);
    serveInfo = next;
    updateBanner();
    if (changed) refresh();
  }

  function showDownload(s) {
    const ongoing = Boolean(s?.download_ongoing);
    els.download.hidden = !ongoing;
    if (!ongoing) return;
    setProgress(els, s);
  }

  return {
    /** Starts polling with a ready edgen module. */
    attach(module) {
      edgen = module;
      refresh();
      setInterval(() => document.hidden || refresh(), POLL_MS);
      setInterval(() => document.hidden || loadServeInfo(), SERVE_INFO_MS);
      document.addEventListener("visibilitychange", () => document.hidden || refresh());
    },

    /** Says the client could not load at all. */
    failed(text) {
      show("down", text);
    },

    /** The server URL changed. */
    setBaseURL(url) {
      baseURL = url;
      updateBanner();
      refresh();
    },

    refresh,
    loadServeInfo,

    /**
     * Polls the chat status while a request waits for its first chunk, to
     * show a progress bar when the server downloads a model. Call stop()
     * when the answer starts or ends.
     */
    watchDownload() {
      let stopped = false;
      let handle = 0;
      const tick = async () => {
        try {
          const s = await edgen.chat.status(QUICK);
          if (!stopped) showDownload(s);
        } catch {
          // the chat request itself reports what went wrong
        }
        if (!stopped) handle = setTimeout(tick, DOWNLOAD_POLL_MS);
      };
      handle = setTimeout(tick, DOWNLOAD_POLL_MS);
      return {
        stop() {
          if (stopped) return;
          stopped = true;
          clearTimeout(handle);
          els.download.hidden = true;
        },
      };
    },
  };
}

/**
 * Shows status s (download_progress, active_model) on a progress bar's
 * elements {bar, fill, pct, label}.
 */
export function setProgress(els, s) {
  const pct = Math.max(0, Math.min(100, Math.round(Number(s?.download_progress) || 0)));
  els.bar.setAttribute("aria-valuenow", String(pct));
  els.bar.setAttribute("aria-valuetext", `${pct} percent`);
  els.fill.style.width = `${pct}%`;
  els.pct.textContent = `${pct}%`;
  els.label.textContent = s?.active_model ? `Downloading ${s.active_model}` : "Downloading the model";
}

// bannerText says what serve.go forwards /v1/ to, when that is not Edgen.
function bannerText(info) {
  const upstream = info?.upstream_url ?? info?.edgen_url ?? "";
  const reason = info?.reason ? ` (${info.reason})` : "";
  switch (info?.backend) {
    case "fake":
      return upstream
        ? `No Edgen at ${upstream}: a built-in fake gives canned replies. Start Edgen and this page follows.`
        : "The built-in fake Edgen answers with canned replies.";
    case "compatible":
      return `${info.server || "An OpenAI-compatible server"} answers at ${upstream}, not Edgen: chat works, but there is no model status or download progress.`;
    case "none":
      return `Nothing answers at ${upstream}${reason}. Start Edgen there; this page follows within seconds.`;
  }
  return "";
}

function noticeHidden(backend) {
  try {
    return backend !== undefined && sessionStorage.getItem(NOTICE_HIDDEN_KEY) === backend;
  } catch {
    return false;
  }
}

function sameAPI(a, b) {
  try {
    const trim = (u) => new URL(u, location.href).href.replace(/\/+$/, "");
    return trim(a) === trim(b);
  } catch {
    return false;
  }
}
