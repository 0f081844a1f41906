// The server state at a glance: connected or not (misc/version), the active
// model (chat status), the model download progress while a request waits,
// and the demo banner when serve.go answers with its built-in fake.

const POLL_MS = 15000; // gentle: the line also refreshes after every answer
const DOWNLOAD_POLL_MS = 500; // Edgen updates download_progress every 500 ms
const QUICK = { timeout: 4000, maxRetries: 0 };
const NOTICE_HIDDEN_KEY = "edgen-chat.demo-notice-hidden"; // per tab, in sessionStorage

/** Creates the status controller over the page's elements, for the server at url. */
export function createStatus(els, url) {
  let edgen = null;
  let baseURL = url;
  let serveInfo = null;
  let timer = 0;
  let generation = 0; // drops answers of a refresh that a newer one replaced

  function show(state, text) {
    els.line.dataset.state = state;
    if (els.text.textContent !== text) {
      els.text.textContent = text;
      els.text.title = text; // the whole line, where a narrow screen cuts it
    }
  }

  async function refresh() {
    if (!edgen) return;
    const mine = ++generation;
    if (els.line.dataset.state !== "ok") show("checking", "Checking the server…");
    const [version, status] = await Promise.allSettled([
      edgen.misc.version(QUICK),
      edgen.chat.status(QUICK),
    ]);
    if (mine !== generation) return;
    if (version.status === "rejected") {
      show("down", `Not connected: nothing answers at ${baseURL}`);
      return;
    }
    const v = version.value;
    const fake = isFake() ? " (built-in fake)" : "";
    const model = status.status === "fulfilled" ? modelText(status.value) : "";
    show("ok", `Connected to Edgen ${v.major}.${v.minor}.${v.patch}${fake}${model}`);
  }

  function modelText(s) {
    if (!s || typeof s !== "object") return "";
    return s.active_model ? ` · model ${s.active_model}` : " · no model loaded yet";
  }

  function isFake() {
    return serveInfo?.backend === "fake" && sameAPI(baseURL, location.origin + "/v1");
  }

  function updateBanner() {
    els.banner.hidden = !isFake() || noticeHidden();
    els.bannerText.textContent = serveInfo?.edgen_url
      ? `No Edgen answered at ${serveInfo.edgen_url}, so the built-in fake Edgen is answering with canned replies. Start Edgen, then restart the server.`
      : "The built-in fake Edgen is answering with canned replies.";
  }

  els.bannerClose.addEventListener("click", () => {
    try {
      sessionStorage.setItem(NOTICE_HIDDEN_KEY, "1");
    } catch {
      // storage disabled: hidden until the next load
    }
    els.banner.hidden = true;
    document.getElementById("prompt")?.focus();
  });

  function showDownload(s) {
    const ongoing = Boolean(s?.download_ongoing);
    els.download.hidden = !ongoing;
    if (!ongoing) return;
    const pct = Math.max(0, Math.min(100, Math.round(Number(s.download_progress) || 0)));
    els.bar.setAttribute("aria-valuenow", String(pct));
    els.bar.setAttribute("aria-valuetext", `${pct} percent`);
    els.fill.style.width = `${pct}%`;
    els.pct.textContent = `${pct}%`;
    els.label.textContent = s.active_model ? `Downloading ${s.active_model}` : "Downloading the model";
  }

  return {
    /** Starts polling with a ready edgen module. */
    attach(module) {
      edgen = module;
      refresh();
      timer = setInterval(() => document.hidden || refresh(), POLL_MS);
      document.addEventListener("visibilitychange", () => document.hidden || refresh());
    },

    /** Says the client could not load at all. */
    failed(text) {
      clearInterval(timer);
      show("down", text);
    },

    /** The server URL changed. */
    setBaseURL(url) {
      baseURL = url;
      updateBanner();
      refresh();
    },

    refresh,

    /** Reads serve.go's /serve-info (absent on other servers: no banner). */
    async loadServeInfo() {
      try {
        const resp = await fetch("/serve-info", { cache: "no-store" });
        serveInfo = resp.ok ? await resp.json() : null;
      } catch {
        serveInfo = null;
      }
      updateBanner();
    },

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

function noticeHidden() {
  try {
    return sessionStorage.getItem(NOTICE_HIDDEN_KEY) === "1";
  } catch {
    return false;
  }
}

function sameAPI(a, b) {
  try {
    const trim = (u) => new URL(u).href.replace(/\/+$/, "");
    return trim(a) === trim(b);
  } catch {
    return false;
  }
}
