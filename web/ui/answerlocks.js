// @ts-check
// Which tab writes which answer: a tab that streams an answer holds a Web
// Lock named after it until the answer ends. So another tab tells an answer
// still growing (its lock held) from one left "streaming" by a tab that went
// away mid-answer (a reload, a closed tab), which it shows as Stopped.

const LOCK_PREFIX = "edgen-chat.answer.";

/**
 * Holds the lock of the answer id until the returned function is called.
 * @param {string} id
 * @returns {() => void}
 */
export function holdAnswer(id) {
  let release = () => {};
  /** @type {Promise<void>} */
  const held = new Promise((resolve) => (release = resolve));
  navigator.locks?.request(LOCK_PREFIX + id, () => held).catch(() => {});
  return () => release();
}

/**
 * The ids of the answers some tab writes: their locks held or asked for (a
 * writer's request may not be granted yet when its first save reaches
 * another tab).
 * @returns {Promise<Set<string>>}
 */
export async function answersWritten() {
  try {
    const { held = [], pending = [] } = (await navigator.locks?.query()) ?? {};
    return new Set([...held, ...pending]
      .map((l) => l.name ?? "")
      .filter((name) => name.startsWith(LOCK_PREFIX))
      .map((name) => name.slice(LOCK_PREFIX.length)));
  } catch {
    return new Set();
  }
}
