// The settings dialog: fills the form from the current settings, checks
// the fields, and hands the new settings back on Save.

/**
 * Wires the dialog. get() returns the current settings, save(s) stores new
 * ones, defaults() gives the first-visit settings.
 */
export function createSettingsDialog(els, { get, save, defaults }) {
  const fields = {
    baseURL: els.form.elements.baseURL,
    model: els.form.elements.model,
    system: els.form.elements.system,
    temperature: els.form.elements.temperature,
    maxTokens: els.form.elements.maxTokens,
  };

  function fill(s) {
    for (const [key, input] of Object.entries(fields)) input.value = s[key];
    for (const input of Object.values(fields)) setError(input, "");
  }

  function check() {
    const errors = [
      [fields.baseURL, urlError(fields.baseURL.value.trim())],
      [fields.temperature, numberError(fields.temperature, 0, 2, false)],
      [fields.maxTokens, numberError(fields.maxTokens, 1, Infinity, true)],
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
      baseURL: fields.baseURL.value.trim(),
      model: fields.model.value.trim() || "default",
      system: fields.system.value,
      temperature: fields.temperature.value.trim(),
      maxTokens: fields.maxTokens.value.trim(),
    });
  });
  els.reset.addEventListener("click", () => {
    fill(defaults());
    fields.baseURL.focus();
  });

  return {
    /** Opens the dialog on the current settings. */
    open() {
      fill(get());
      els.dialog.showModal();
      fields.baseURL.focus();
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

function urlError(value) {
  try {
    const u = new URL(value);
    if (u.protocol === "http:" || u.protocol === "https:") return "";
  } catch {
    // falls through
  }
  return "Enter a full address, such as http://127.0.0.1:33322/v1.";
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
