// @ts-check
// The chat: asking, streaming answers into it, and keeping it consistent
// with other tabs. The pieces it puts together each have their module:
// chatview.js draws the conversation, follow.js keeps its end in view,
// autosave.js saves it as it grows (chatstore.js), answerlocks.js tells an
// answer another tab still writes (it shows as it grows) from one a tab
// left "streaming" when it went away (a reload mid-answer: it shows as
// Stopped), composer.js is the message box.

import { newChat, newID } from "./store.js";
import { describeError } from "./errors.js";
import { createChatView } from "./chatview.js";
import { followEnd } from "./follow.js";
import { createAutosave } from "./autosave.js";
import { answersWritten, holdAnswer } from "./answerlocks.js";
import { answerRequest, titleOf } from "./request.js";

/** @import { Chat, Message } from "./store.js" */
/** @import { ChatStore } from "./chatstore.js" */
/** @import { ChatViewElements } from "./chatview.js" */
/** @import { Composer } from "./composer.js" */
/** @import { EdgenAPI } from "../edgen/edgen.js" */

/**
 * The conversation's elements: those of the view, and the scrolling one.
 * @typedef {ChatViewElements & {conversation: HTMLElement}} ChatElements
 */

/**
 * The client, for whatever calls the server.
 * @typedef {object} ClientDeps
 * @property {() => EdgenAPI | null} edgen the loaded client, or null before
 * @property {() => string} baseURL the server asked, for the words of an error
 */

/**
 * What the chat needs from the page or the panel around it.
 * @typedef {object} ChatDepsOwn
 * @property {Pick<Composer, "show" | "focus">} composer the message box
 * @property {() => {stop(): void}} watchDownload starts showing a model download while the first words wait
 * @property {() => void} answered hears that an answer ended
 * @property {(chat: Chat) => void} onSaved hears each save of a chat
 * @property {ChatStore} store where the chats are kept
 */

/** @typedef {ClientDeps & ChatDepsOwn} ChatDeps */

/**
 * An answer this tab streams.
 * @typedef {object} Running
 * @property {AbortController} controller
 * @property {Message} msg
 * @property {Chat} chat the chat it belongs to (perhaps no longer on screen)
 * @property {() => void} release lets the answer's lock go
 * @property {boolean} leaving the tab goes away
 */

/**
 * Creates the chat over els.
 * @param {ChatElements} els
 * @param {ChatDeps} deps
 */
export function createChat(els, deps) {
  let chat = newChat();
  /** @type {Running | null} */
  let running = null;
  const view = createChatView(els, retry);
  const follow = followEnd(els.conversation, els.messages);
  const save = createAutosave(deps.store.save, deps.onSaved);
  let seen = 0; // the latest change heard from another tab

  /** @param {string} text */
  function send(text) {
    if (!deps.edgen() || !canSend() || text.trim() === "") return false;
    if (!chat.title) chat.title = titleOf(text);
    view.title(chat);
    append({ id: newID(), role: "user", content: text });
    follow.toEnd();
    answer();
    return true;
  }

  function canSend() {
    return !running && !chat.messages.some((m) => m.state === "streaming");
  }

  /** @param {Message} msg */
  function append(msg) {
    chat.messages.push(msg);
    view.append(msg);
  }

  async function answer() {
    const edgen = /** @type {EdgenAPI} */ (deps.edgen());
    const params = answerRequest(chat);
    /** @type {Message} */
    const msg = { id: newID(), role: "assistant", content: "", state: "streaming" };
    append(msg);
    const controller = new AbortController();
    /** @type {Running} */
    const mine = { controller, msg, chat, release: holdAnswer(msg.id), leaving: false };
    running = mine;
    save(chat, true);
    showComposer();
    const download = deps.watchDownload();
    try {
      const stream = await edgen.chat(params, { signal: controller.signal });
      for await (const chunk of stream) {
        download.stop();
        const delta = chunk?.choices?.[0]?.delta?.content;
        if (typeof delta === "string" && delta !== "") {
          msg.content += delta;
          if (mine.chat === chat) view.schedule(msg);
          save(mine.chat);
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
        view.flush();
        view.update(msg);
      }
      save(mine.chat, true);
      showComposer();
      deps.answered();
    }
  }

  function stop() {
    running?.controller.abort();
  }

  /** @param {Message} msg */
  function retry(msg) {
    if (!canSend()) return;
    chat.messages = chat.messages.filter((m) => m !== msg);
    view.remove(msg, chat.messages.length);
    deps.composer.focus();
    answer();
  }

  function showComposer() {
    const mine = Boolean(running);
    const elsewhere = !mine && chat.messages.some((m) => m.state === "streaming");
    deps.composer.show({ ready: Boolean(deps.edgen()), mine, elsewhere });
  }

  // --- other tabs, and this tab going away ---

  /**
   * settle turns answers left "streaming" by a tab that is gone into
   * Stopped, and saves that when keep. A chat another tab just saved is
   * settled on screen only: its writer may be finishing at this very moment
   * (its lock let go just after its last save), and a save from here would
   * overwrite how the answer ended with the words seen so far.
   * @param {Chat} target
   */
  async function settle(target, keep = true) {
    const open = target.messages.filter((m) => m.state === "streaming" && m !== running?.msg);
    if (open.length === 0) return;
    const written = await answersWritten();
    let changed = false;
    for (const m of open) {
      if (written.has(m.id)) continue;
      m.state = "stopped";
      changed = true;
    }
    if (!changed) return;
    if (target === chat) {
      for (const m of open) view.update(m);
      showComposer();
    }
    if (!keep) return;
    await deps.store.save(target);
    deps.onSaved(target);
  }

  /**
   * Another tab saved the chat id: show its version, unless this tab is
   * writing it. Of changes heard one after another, the last one read wins.
   * @param {string} id
   */
  async function changedElsewhere(id) {
    if (id !== chat.id || running?.chat === chat) return;
    const heard = ++seen;
    const fresh = await deps.store.load(id);
    if (heard !== seen || id !== chat.id || running?.chat === chat) return; // a later change, or another chat now
    if (!fresh) return; // deleted there: the list says so; this tab keeps what it shows
    const sameStart = fresh.messages.length >= chat.messages.length &&
      chat.messages.every((m, i) => fresh.messages[i].id === m.id);
    chat = fresh;
    if (!sameStart) {
      view.render(chat);
    } else {
      for (const m of chat.messages) {
        if (view.has(m.id)) view.update(m);
        else view.append(m);
      }
      view.title(chat);
    }
    showComposer();
    settle(chat, false);
  }

  addEventListener("pagehide", () => {
    if (!running) return;
    // A reload or a closed tab ends the answer: it is kept as Stopped.
    running.leaving = true;
    running.msg.state = "stopped";
    deps.store.save(running.chat);
  });

  return {
    /**
     * Shows target.
     * @param {Chat} target
     */
    show(target) {
      if (chat.id !== target.id) view.flush();
      chat = target;
      view.render(chat);
      showComposer();
      follow.toEnd();
      settle(chat);
    },
    /** The chat on screen. */
    get current() {
      return chat;
    },
    /**
     * Whether this tab streams an answer into the chat id.
     * @param {string} id
     */
    writing(id) {
      return running?.chat.id === id;
    },
    send,
    stop,
    /** Whether this tab streams an answer. */
    get running() {
      return Boolean(running);
    },
    changedElsewhere,
    /** Shows in the message box whether a question can be sent now. */
    showComposer,
    /** Saves the chat on screen now (its options or title changed). */
    save() {
      save(chat, true);
    },
  };
}
