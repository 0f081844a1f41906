// @ts-check
// Finding the page's elements by id, typed: a missing element, or one of
// another kind than the code expects, fails at once with its id named.

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
