// @ts-check
// Finding the page's elements by id, typed: a missing element, or one of
// another kind than the code expects, fails at once with its id named; and
// making one.

/**
 * The element of id, which must be a type.
 * @template {Element} T
 * @param {string} id
 * @param {abstract new (...args: any[]) => T} type
 * @returns {T}
 */
export function byID(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return el;
}

/**
 * Creates an element with a class and text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function node(tag, className = "", text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}
