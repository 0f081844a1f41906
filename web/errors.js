// Turning a failed request into words a person understands. The error
// classes come from the edgen module (edgen.APIError and friends), so this
// works with instanceof and never parses messages.

/**
 * Describes err as {kind, title, text}: kind is the error's class and, for
 * an HTTP error, its status ("InternalServerError · 500"); title says what
 * happened; text says what to do about it. baseURL is the server asked.
 */
export function describeError(err, edgen, baseURL) {
  const is = (name) => typeof edgen?.[name] === "function" && err instanceof edgen[name];
  const status = Number.isInteger(err?.status) ? err.status : 0;
  const name = err?.name && err.name !== "Error" ? err.name : err?.constructor?.name || "Error";
  const kind = status ? `${name} · ${status}` : name;

  if (is("APITimeoutError")) {
    return { kind, title: "The server took too long to answer.",
      text: `${baseURL} accepted the connection but sent nothing for too long. A large model can take a while to load: try again in a moment.` };
  }
  if (is("APIConnectionError")) {
    return { kind, title: "The server can't be reached.",
      text: `Nothing answered at ${baseURL}. Check that Edgen is running and that the server URL in Settings is right.` };
  }
  if (status) return { kind, ...byStatus(status, detail(err?.error), baseURL) };
  if (err instanceof TypeError) {
    return { kind, title: "A setting is not valid.", text: `${err.message} Check the values in Settings.` };
  }
  return { kind, title: "Something went wrong.", text: String(err?.message ?? err) };
}

function byStatus(status, detail, baseURL) {
  const withDetail = (text) => (detail ? `${text} The server said: ${detail}` : text);
  switch (true) {
    case status === 400:
      return { title: "The server could not read the request.", text: withDetail("This is likely a bug in the page or a setting it sent.") };
    case status === 401 || status === 403:
      return { title: "The server refused the request.", text: withDetail("It wants credentials this page does not send. Edgen itself needs none: check the server URL.") };
    case status === 404:
      return { title: "The server has no such address.", text: withDetail(`${baseURL} answered, but not like Edgen. The server URL usually ends in /v1.`) };
    case status === 413:
      return { title: "The conversation is too long for the server.", text: withDetail("Start a new chat, or shorten the system prompt.") };
    case status === 422:
      return { title: "The server did not accept the request.", text: withDetail("Check the model name and the numbers in Settings.") };
    case status === 429:
      return { title: "The server is busy.", text: withDetail("Wait a moment, then retry.") };
    case status === 502 || status === 503 || status === 504:
      return { title: "The server behind this page did not answer.", text: withDetail("Check that Edgen is still running, then retry.") };
    case status >= 500:
      return { title: "The server failed while answering.", text: withDetail("It may be out of memory or missing the model. Retry, or pick another model in Settings.") };
  }
  return { title: `The server answered with status ${status}.`, text: withDetail("The request did not succeed.") };
}

// detail turns an error body into one short sentence: Edgen's tagged errors
// ({"error":"no_such_model","model_name":"x"}), the OpenAI envelope
// ({"error":{"message":...}}), or a short text body.
function detail(body) {
  if (typeof body === "string") return clip(body.trim());
  if (!body || typeof body !== "object") return "";
  const tag = body.error;
  if (typeof tag === "string") {
    const model = typeof body.model_name === "string" ? ` "${body.model_name}"` : "";
    const reason = typeof body.reason === "string" ? ` (${body.reason})` : "";
    const words = {
      no_such_model: `there is no model${model}.`,
      unknown_model_kind: `the model${model} is of a kind it cannot run${reason}.`,
      prohibited_name: `the model name${model} is not allowed${reason}.`,
      ffi: "the model runtime failed.",
      endpoint: `the endpoint failed${reason}.`,
      preload: `the model could not be loaded${reason}.`,
    };
    return words[tag] ?? clip(`${tag.replaceAll("_", " ")}${model}${reason}.`);
  }
  if (tag && typeof tag.message === "string") return clip(tag.message);
  if (typeof body.message === "string") return clip(body.message);
  return "";
}

function clip(s) {
  return s.length > 240 ? s.slice(0, 239) + "…" : s;
}
