// @ts-check
// The banner that says what serve.go forwards the page's own /v1/ to when
// that is not Edgen: its built-in fake, another OpenAI-compatible server, or
// nothing. It reads serve.go's /serve-info, polled, and shows only while the
// page talks to its own /v1/. The person may hide it for the tab.

const SERVE_INFO_MS = 3000; // serve.go's backend changes within seconds of Edgen starting or stopping
const NOTICE_HIDDEN_KEY = "edgen-chat.demo-notice-hidden"; // per tab, in sessionStorage

/**
 * What serve.go serves under /v1/: its /serve-info, the Info of
 * internal/devserver/info.go.
 * @typedef {object} ServeInfo
 * @property {"edgen" | "compatible" | "fake" | "none"} backend
 * @property {string} upstream_url the base URL proxied to, or probed for a server
 * @property {string} [version] Edgen's version, when the backend is Edgen
 * @property {string} [server] the upstream's name when known ("ollama")
 * @property {string} [reason] why the fake or nothing is served
 * @property {boolean} required a real server is required (no fake)
 * @property {{name: string, port: number}[]} [local_servers] the servers the page may look for on this computer
 */

/**
 * The banner's elements.
 * @typedef {object} BannerElements
 * @property {HTMLElement} banner
 * @property {HTMLElement} bannerTitle
 * @property {HTMLElement} bannerText
 * @property {HTMLButtonElement} bannerClose
 */

/**
 * Creates the banner over els. baseURL() is the server the page talks to;
 * onChange() hears that what serve.go serves changed; onClose() that the
 * person hid the banner.
 * @param {BannerElements} els
 * @param {{baseURL(): string, onChange(): void, onClose(): void}} deps
 */
export function createBanner(els, deps) {
  /** @type {ServeInfo | null} */
  let info = null;

  const ownAPI = () => sameAPI(deps.baseURL(), location.origin + "/v1");

  function update() {
    const text = ownAPI() ? bannerText(info) : "";
    els.banner.hidden = !text || noticeHidden(info?.backend);
    els.banner.dataset.backend = info?.backend ?? "";
    els.bannerTitle.textContent = info?.backend === "fake" ? "Demo mode." : "Not Edgen.";
    els.bannerText.textContent = text;
  }

  els.bannerClose.addEventListener("click", () => {
    try {
      sessionStorage.setItem(NOTICE_HIDDEN_KEY, info?.backend ?? "");
    } catch {
      // storage disabled: hidden until the next load
    }
    els.banner.hidden = true;
    deps.onClose();
  });

  /** Reads /serve-info again, and shows what it says. */
  async function load() {
    /** @type {ServeInfo | null} */
    let next;
    try {
      const resp = await fetch("/serve-info", { cache: "no-store" });
      next = resp.ok ? await resp.json() : null;
    } catch {
      next = null;
    }
    const changed = JSON.stringify(next) !== JSON.stringify(info);
    info = next;
    update();
    if (changed) deps.onChange();
  }

  return {
    load,
    /** Reads /serve-info every SERVE_INFO_MS while the page is visible. */
    poll() {
      setInterval(() => document.hidden || load(), SERVE_INFO_MS);
    },
    /** Shows the banner again for the server the page talks to now. */
    update,
    /** Whether the page talks to serve.go's built-in fake. */
    isFake() {
      return info?.backend === "fake" && ownAPI();
    },
    /** Where serve.go says to look for servers on this computer; undefined when it did not say. */
    localServers: () => info?.local_servers,
    /** What this page's own /v1 serves, in words. */
    ownServer: () => ownServerText(info),
  };
}

/**
 * What serve.go serves under this page's /v1, in a few words.
 * @param {ServeInfo | null} info
 */
export function ownServerText(info) {
  switch (info?.backend) {
    case "edgen":
      return `Edgen ${info.version ?? ""} at ${info.upstream_url}, forwarded by this page's server.`;
    case "compatible":
      return `${info.server || "An OpenAI-compatible server"} at ${info.upstream_url}, forwarded by this page's server.`;
    case "fake":
      return "The built-in fake Edgen: canned replies, for a try without a server.";
    case "none":
      return `Nothing yet: this page's server forwards to ${info.upstream_url}, where nothing answers.`;
  }
  return "This page's own API.";
}

/**
 * What serve.go forwards /v1/ to, when that is not Edgen, in words; "" when
 * it is Edgen or unknown.
 * @param {ServeInfo | null} info
 */
export function bannerText(info) {
  const upstream = info?.upstream_url ?? "";
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

/** @param {string | undefined} backend */
function noticeHidden(backend) {
  try {
    return backend !== undefined && sessionStorage.getItem(NOTICE_HIDDEN_KEY) === backend;
  } catch {
    return false;
  }
}

/**
 * Whether a and b are the same API base URL (relative to the page, trailing
 * slashes aside).
 * @param {string} a
 * @param {string} b
 */
function sameAPI(a, b) {
  try {
    const trim = (/** @type {string} */ u) => new URL(u, location.href).href.replace(/\/+$/, "");
    return trim(a) === trim(b);
  } catch {
    return false;
  }
}
