// @ts-check
// Following the newest words: the conversation stays scrolled to its end
// while it grows (a streaming answer, a window made smaller) until the
// person scrolls up; toEnd() (sending, opening a chat) follows again.

/** How close to the end, in pixels, still counts as at the end. */
const NEAR_END = 96;

/**
 * Keeps scroller at its end while it or content changes size.
 * @param {HTMLElement} scroller the scrolling element
 * @param {HTMLElement} content what grows inside it
 * @returns {{toEnd(): void}}
 */
export function followEnd(scroller, content) {
  let follow = true;
  const atEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_END;
  function toEnd() {
    follow = true;
    scroller.scrollTop = scroller.scrollHeight;
  }
  scroller.addEventListener("scroll", () => (follow = atEnd()), { passive: true });
  const keepFollowing = new ResizeObserver(() => follow && toEnd());
  keepFollowing.observe(scroller);
  keepFollowing.observe(content);
  return { toEnd };
}
