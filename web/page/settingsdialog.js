// The settings dialog: the options of the chat on screen (model, system
// prompt, temperature, max tokens) and the server URL. It fills the form,
// checks the fields, and hands the new values back on Save.

/**
 * Wires the dialog. get() returns {options, baseURL}; save({options,
 * baseURL}) stores new ones; defaults() gives the first-visit values.
 */
export function createSettingsDialog(els, { get, save, defaults }) {
  const f = els.form.elements;
  const fields = {
    baseURL: f.baseURL, model: f.model, system: f.system, temperature: f.temperature, maxTokens: f.maxTokens,
  };

  function fill({ options, baseURL }) {
    for (const key of ["model", "system", "temperature", "maxTokens"]) fields[key].value = options[key];
    fields.baseURL.value = baseURL;
    for (const input of Object.values(fields)) setError(input, "");
  }

  function check() {
    const errors = [
      [fields.model, fields.model.value.trim().length > 256 ? "Enter a model name of at most 256 characters." : ""],
      [fields.temperature, numberError(fields.temperature, 0, 2, false)],
      [fields.maxTokens, numberError(fields.maxTokens, 1, Infinity, true)],
      [fields.baseURL, reachError(fields.baseURL.value.trim())],
    ];
    for (const [input, msg] of errors) setError(input, msg);
    return errors.find(([, msg]) => msg)?.[0] ?? null;
  }

  els.form.addEventListener("submit", (e) => {
    if (e.submitter?.value !== "save") return; // Cancel: the dialog just closes
    const invalid = check();
    if (invalid) {
      e.preventDefault();
      invalid.focus();
      return;
    }
    save({
      baseURL: new URL(fields.baseURL.value.trim(), location.href).href.replace(/\/+$/, ""),
      options: {
        model: fields.model.value.trim() || "default",
        system: fields.system.value,
        temperature: fields.temperature.value.trim(),
        maxTokens: fields.maxTokens.value.trim(),
      },
    });
  });
  els.reset.addEventListener("click", () => {
    fill(defaults());
    fields.model.focus();
  });

  return {
    /** Opens the dialog on the current values, focus on field (default: the model). */
    open(field = "model") {
      fill(get());
      els.dialog.showModal();
      fields[field].focus();
    },
  };
}

function setError(input, msg) {
  const out = document.getElementById(`${input.id}-error`);
  if (msg) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  if (!out) return;
  out.textContent = msg;
  out.hidden = !msg;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost"]);

/**
 * Why the page cannot reach the server URL value, or "" when it can. The
 * page's Content-Security-Policy lets it connect to its own origin and to
 * http servers on this computer (127.0.0.1 and localhost, any port; a CSP
 * source cannot name an IPv6 address, so not [::1]);
 * Settings accept exactly those, so a saved URL never fails as
 * "unreachable" for a reason the person cannot see.
 */
export function reachError(value) {
  if (value === "") return "Enter the server's address, such as /v1 or http://127.0.0.1:33322/v1.";
  const absolute = /^[a-z][a-z\d+.-]*:/i.test(value);
  if (!absolute && !value.startsWith("/")) {
    return "This is not an address. Enter a full one such as http://127.0.0.1:33322/v1, or a path on this page's server such as /v1.";
  }
  if (absolute && !/^[a-z][a-z\d+.-]*:\/\//i.test(value)) {
    return `Start the address with http://, as in http://${value.replace(/^\/+/, "")}.`;
  }
  let u;
  try {
    u = new URL(value, location.href);
  } catch {
    return "This is not an address. Enter one such as /v1 or http://127.0.0.1:33322/v1.";
  }
  if (u.origin === location.origin) return "";
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    return `The page talks to servers over http, not ${u.protocol.replace(/:$/, "")}.`;
  }
  if (u.hostname === "[::1]") {
    return `The page's security policy cannot name an IPv6 address: use http://127.0.0.1:${u.port || 80}${u.pathname} for this server.`;
  }
  if (!LOOPBACK.has(u.hostname)) {
    return `This page may only connect to its own server or to one on this computer (127.0.0.1, localhost); ` +
      `its security policy blocks ${u.host}. To use that server, start the page's server with -edgen ${u.origin}${u.pathname} and keep /v1 here.`;
  }
  if (u.protocol === "https:") return `Use http:// for a server on this computer (http://${u.host}${u.pathname}).`;
  return "";
}

function numberError(input, min, max, integer) {
  const raw = input.value.trim();
  if (raw === "" && !input.validity.badInput) return "";
  const n = Number(raw);
  if (raw === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    return integer ? `Enter a whole number of at least ${min}, or leave it empty.` : `Enter a number from ${min} to ${max}, or leave it empty.`;
  }
  return "";
}
