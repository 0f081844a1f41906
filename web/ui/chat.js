// The chat on screen: its messages, asking and streaming answers, saving
// it (store.js), and keeping it consistent with other tabs: a tab that
// streams an answer holds a Web Lock named after it, so an answer left
// "streaming" by a tab that went away (a reload mid-answer) shows as
// Stopped, while one another tab is still writing shows as it grows.

import { saveChat, loadChat, newChat, newID } from "./store.js";
import { messageElement, updateMessageElement } from "./render.js";
import { describeError } from "./errors.js";

const SAVE_MS = 300;
const LOCK_PREFIX = "edgen-chat.answer.";

/**
 * Creates the chat controller. els: the conversation's elements; deps:
 * {edgen() -> module|null, baseURL(), status, onSaved(chat)}.
 */
export function createChat(els, deps) {
  let chat = newChat();
  let running = null; // {controller, msg, chatID, release} while this tab streams an answer
  const elements = new Map(); // message id -> its element
  const actions = { retry, copy };

  // --- on screen ---

  function renderAll() {
    elements.clear();
    els.messages.replaceChildren(...chat.messages.map(elementOf));
    els.empty.hidden = chat.messages.length > 0;
    els.title.textContent = chat.title || "New chat";
    updateComposer();
  }

  function elementOf(msg) {
    const el = messageElement(msg, actions);
    elements.set(msg.id, el);
    return el;
  }

  function append(msg) {
    chat.messages.push(msg);
    els.messages.append(elementOf(msg));
    els.empty.hidden = true;
  }

  function update(msg) {
    const el = elements.get(msg.id);
    if (el) updateMessageElement(el, msg, actions);
  }

  // Tokens arrive faster than frames: render each message once per frame.
  const pending = new Set();
  let frame = 0;
  function scheduleUpdate(msg) {
    pending.add(msg);
    if (!frame) frame = requestAnimationFrame(flush);
  }
  function flush() {
    cancelAnimationFrame(frame);
    frame = 0;
    for (const m of pending) update(m);
    pending.clear();
  }

  function remove(msg) {
    chat.messages = chat.messages.filter((m) => m !== msg);
    elements.get(msg.id)?.remove();
    elements.delete(msg.id);
    els.empty.hidden = chat.messages.length > 0;
  }

  // The view follows the newest words (growing answers) until the person
  // scrolls up; sending or opening a chat follows again.
  let follow = true;
  const atEnd = () => {
    const c = els.conversation;
    return c.scrollHeight - c.scrollTop - c.clientHeight < 96;
  };
  function followEnd() {
    follow = true;
    els.conversation.scrollTop = els.conversation.scrollHeight;
  }
  els.conversation.addEventListener("scroll", () => (follow = atEnd()), { passive: true });
  const keepFollowing = new ResizeObserver(() => follow && followEnd());
  keepFollowing.observe(els.conversation);
  keepFollowing.observe(els.messages);

  // --- saving ---

  // A growing answer is saved at most every SAVE_MS (other tabs show it
  // growing at that pace); now saves at once.
  const saveTimers = new Map(); // chat id -> pending save
  function persist(target, now = false) {
    if (!now && saveTimers.has(target.id)) return;
    clearTimeout(saveTimers.get(target.id));
    saveTimers.delete(target.id);
    const save = () => {
      saveTimers.delete(target.id);
      target.updated = Date.now();
      saveChat(target);
      deps.onSaved(target);
    };
    if (now) save();
    else saveTimers.set(target.id, setTimeout(save, SAVE_MS));
  }

  // --- asking and answering ---

  function send(text) {
    if (!deps.edgen() || !canSend() || text.trim() === "") return false;
    if (!chat.title) chat.title = titleOf(text);
    els.title.textContent = chat.title;
    append({ id: newID(), role: "user", content: text });
    followEnd();
    answer();
    return true;
  }

  function canSend() {
    return !running && !chat.messages.some((m) => m.state === "streaming");
  }

  function request() {
    const o = chat.options;
    const history = [];
    if (o.system.trim()) history.push({ role: "system", content: o.system });
    for (const m of chat.messages) {
      if (m.role === "user") history.push({ role: "user", content: m.content });
      else if (m.content) history.push({ role: "assistant", content: m.content });
    }
    const params = { model: o.model || "default", messages: history, stream: true };
    if (o.temperature !== "") params.temperature = Number(o.temperature);
    if (o.maxTokens !== "") params.max_tokens = Number(o.maxTokens);
    return params;
  }

  async function answer() {
    const edgen = deps.edgen();
    const params = request();
    const msg = { id: newID(), role: "assistant", content: "", state: "streaming" };
    append(msg);
    const controller = new AbortController();
    const mine = { controller, msg, chat, release: hold(LOCK_PREFIX + msg.id) };
    running = mine;
    persist(chat, true);
    updateComposer();
    const download = deps.status.watchDownload();
    try {
      const stream = await edgen.chat(params, { signal: controller.signal });
      for await (const chunk of stream) {
        download.stop();
        const delta = chunk?.choices?.[0]?.delta?.content;
        if (typeof delta === "string" && delta !== "") {
          msg.content += delta;
          if (mine.chat === chat) scheduleUpdate(msg);
          persist(mine.chat);
        }
      }
      msg.state = "done";
    } catch (err) {
      if (controller.signal.aborted || mine.leaving) {
        msg.state = "stopped";
      } else {
        msg.state = "error";
        msg.error = describeError(err, edgen, { baseURL: deps.baseURL(), partial: msg.content !== "" });
      }
    } finally {
      download.stop();
      mine.release();
      if (running === mine) running = null;
      if (mine.chat === chat) {
        flush();
        update(msg);
      }
      persist(mine.chat, true);
      updateComposer();
      deps.status.refresh();
    }
  }

  function stop() {
    running?.controller.abort();
  }

  function retry(msg) {
    if (!canSend()) return;
    remove(msg);
    els.prompt.focus();
    answer();
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  function updateComposer() {
    const mine = Boolean(running);
    const focused = document.activeElement;
    els.send.hidden = mine;
    els.stop.hidden = !mine;
    const elsewhere = !mine && chat.messages.some((m) => m.state === "streaming");
    els.send.disabled = !deps.edgen() || elsewhere;
    els.busyNote.hidden = !elsewhere;
    if (focused === els.send || focused === els.stop) els.prompt.focus();
  }

  // --- other tabs, and this tab going away ---

  // settle turns answers left "streaming" by a tab that is gone into Stopped,
  // and saves that when keep. A chat another tab just saved is settled on
  // screen only: its writer may be finishing at this very moment (its lock
  // let go just after its last save), and a save from here would overwrite
  // how the answer ended with the words seen so far.
  async function settle(target, keep = true) {
    const open = target.messages.filter((m) => m.state === "streaming" && m !== running?.msg);
    if (open.length === 0) return;
    const held = await heldLocks();
    let changed = false;
    for (const m of open) {
      if (held.has(LOCK_PREFIX + m.id)) continue;
      m.state = "stopped";
      changed = true;
    }
    if (!changed) return;
    if (target === chat) {
      for (const m of open) update(m);
      updateComposer();
    }
    if (!keep) return;
    saveChat(target);
    deps.onSaved(target);
  }

  /** Another tab saved the chat id: show its version, unless this tab is writing it. */
  function changedElsewhere(id) {
    if (id !== chat.id || running?.chat === chat) return;
    const fresh = loadChat(id);
    if (!fresh) return; // deleted there: the list says so; this tab keeps what it shows
    const sameStart = fresh.messages.length >= chat.messages.length &&
      chat.messages.every((m, i) => fresh.messages[i].id === m.id);
    chat = fresh;
    if (!sameStart) {
      renderAll();
    } else {
      for (const m of chat.messages) {
        if (elements.has(m.id)) update(m);
        else {
          els.messages.append(elementOf(m));
          els.empty.hidden = true;
        }
      }
      els.title.textContent = chat.title || "New chat";
      updateComposer();
    }
    settle(chat, false);
  }

  addEventListener("pagehide", () => {
    if (!running) return;
    // A reload or a closed tab ends the answer: it is kept as Stopped.
    running.leaving = true;
    running.msg.state = "stopped";
    saveChat(running.chat);
  });

  return {
    /** Shows target (a chat object). */
    show(target) {
      if (chat.id !== target.id) flush();
      chat = target;
      renderAll();
      followEnd();
      settle(chat);
    },
    /** The chat on screen. */
    get current() {
      return chat;
    },
    /** Whether this tab streams an answer into the chat id. */
    writing(id) {
      return running?.chat.id === id;
    },
    send,
    stop,
    get running() {
      return Boolean(running);
    },
    changedElsewhere,
    updateComposer,
    /** Saves the chat on screen now (its options or title changed). */
    save() {
      persist(chat, true);
    },
  };
}

// hold takes the Web Lock name until the returned function is called.
function hold(name) {
  let release = () => {};
  const held = new Promise((resolve) => (release = resolve));
  navigator.locks?.request(name, () => held).catch(() => {});
  return () => release();
}

// heldLocks names the locks held or asked for: a writer's request may not
// be granted yet when its first save reaches another tab.
async function heldLocks() {
  try {
    const { held = [], pending = [] } = (await navigator.locks?.query()) ?? {};
    return new Set([...held, ...pending].map((l) => l.name));
  } catch {
    return new Set();
  }
}

function titleOf(text) {
  const line = text.trim().split("\n")[0].replace(/[#*_`>]/g, "").trim();
  return line.length > 60 ? line.slice(0, 59) + "…" : line || "Chat";
}
