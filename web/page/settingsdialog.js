// @ts-check
// The settings dialog: the options of the chat on screen (model, system
// prompt, temperature, max tokens) and the server URL. It fills the form,
// checks the fields, and hands the new values back on Save.

/** @import { ChatOptions } from "../ui/store.js" */

/**
 * What the dialog edits: the options of the chat on screen, and the server.
 * @typedef {{options: ChatOptions, baseURL: string}} Values
 */

/**
 * Wires the dialog. get() returns the values now; save(values) stores new
 * ones; defaults() gives the first-visit values.
 * @param {{dialog: HTMLDialogElement, form: HTMLFormElement, reset: HTMLElement}} els
 * @param {{get(): Values, save(values: Values): void, defaults(): Values}} deps
 */
export function createSettingsDialog(els, { get, save, defaults }) {
  const field = (/** @type {string} */ name) => {
    const input = els.form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) throw new Error(`the settings have no field ${name}`);
    return input;
  };
  const fields = {
    baseURL: field("baseURL"), model: field("model"), system: field("system"),
    temperature: field("temperature"), maxTokens: field("maxTokens"),
  };

  /** @param {Values} values */
  function fill({ options, baseURL }) {
    for (const key of /** @type {const} */ (["model", "system", "temperature", "maxTokens"])) fields[key].value = options[key];
    fields.baseURL.value = baseURL;
    for (const input of Object.values(fields)) setError(input, "");
  }

  /** The first field in error, after showing every error; null when none is. */
  function check() {
    /** @type {[HTMLInputElement | HTMLTextAreaElement, string][]} */
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
    if (/** @type {HTMLButtonElement | null} */ (e.submitter)?.value !== "save") return; // Cancel: the dialog just closes
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
    /**
     * Opens the dialog on the current values, focus on a field (default: the model).
     * @param {keyof typeof fields} name
     */
    open(name = "model") {
      fill(get());
      els.dialog.showModal();
      fields[name].focus();
    },
  };
}

/**
 * Shows msg as the error of input ("" clears it).
 * @param {HTMLInputElement | HTMLTextAreaElement} input
 * @param {string} msg
 */
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
 * @param {string} value
 * @returns {string}
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

/**
 * Why the number in input is not one from min to max (whole when integer), or "".
 * @param {HTMLInputElement | HTMLTextAreaElement} input
 * @param {number} min
 * @param {number} max
 * @param {boolean} integer
 */
function numberError(input, min, max, integer) {
  const raw = input.value.trim();
  if (raw === "" && !input.validity.badInput) return "";
  const n = Number(raw);
  if (raw === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    return integer ? `Enter a whole number of at least ${min}, or leave it empty.` : `Enter a number from ${min} to ${max}, or leave it empty.`;
  }
  return "";
}
