// The chat transcript of the panel. Everything the server or the user wrote
// goes into the DOM as text nodes, never as HTML.

/** Transcript renders the messages of one conversation into a container. */
export class Transcript {
  #log;

  /** @param {HTMLElement} log the container of the messages */
  constructor(log) {
    this.#log = log;
  }

  /**
   * Adds a message and returns its handle: append(text) adds streamed text,
   * note(text) adds a remark under it ("stopped", an error).
   * @param {"user"|"assistant"} role
   */
  add(role, text = "") {
    const msg = document.createElement("div");
    msg.className = `msg ${role}`;
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    msg.append(body);
    const follow = this.#atBottom();
    this.#log.append(msg);
    if (follow) this.#scroll();
    return {
      append: (more) => {
        const follow = this.#atBottom();
        body.append(more);
        if (follow) this.#scroll();
      },
      note: (remark, kind = "note") => {
        const p = document.createElement("div");
        p.className = kind;
        p.textContent = remark;
        msg.append(p);
        this.#scroll();
      },
    };
  }

  /** Removes every message. */
  clear() {
    this.#log.replaceChildren();
  }

  #atBottom() {
    const log = this.#log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  }

  #scroll() {
    this.#log.scrollTop = this.#log.scrollHeight;
  }
}
