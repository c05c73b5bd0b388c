/**
 * Element builders. Text from documents and queries only ever enters the page through
 * `textContent` or attribute values, never as markup.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @typedef {{ className?: string, text?: string, attrs?: Record<string, string | number | boolean | null | undefined> }} ElementOptions */
/** @typedef {(Node | string | null | undefined | false)[]} Children */

/**
 * Creates an HTML element.
 * @param {string} tag
 * @param {{ className?: string, text?: string, attrs?: Record<string, string | number | boolean | null | undefined> }} [options]
 * @param {(Node | string | null | undefined | false)[]} [children] strings become text nodes
 * @returns {HTMLElement}
 */
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  decorate(node, options, children);
  return node;
}

/**
 * Creates an SVG element (for the timeline chart).
 * @param {string} tag
 * @param {{ className?: string, text?: string, attrs?: Record<string, string | number | boolean | null | undefined> }} [options]
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {SVGElement}
 */
export function svgEl(tag, options = {}, children = []) {
  const node = document.createElementNS(SVG_NS, tag);
  decorate(node, options, children);
  return node;
}

/**
 * A failed load, said on the page: `prefix` and the error's own words, announced to screen readers.
 * @param {string} prefix what could not be done, e.g. 无法对比
 * @param {unknown} error
 */
export function errorParagraph(prefix, error) {
  return el('p', {
    className: 'error',
    text: `${prefix}：${error instanceof Error ? error.message : String(error)}`,
    attrs: { role: 'alert' },
  });
}

/**
 * Removes every child of a node.
 * @param {Element} node
 */
export function clear(node) {
  node.replaceChildren();
}

/**
 * @param {Element} node
 * @param {ElementOptions} options
 * @param {Children} children
 */
function decorate(node, { className, text, attrs }, children) {
  if (className) node.setAttribute('class', className);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * Runs `handler` for a plain left click on a link instead of following it; clicks meant to open a
 * new tab or window (modifier keys, middle button) keep the browser's behaviour.
 * @param {HTMLElement} link
 * @param {(event: MouseEvent) => void} handler
 */
export function onPlainClick(link, handler) {
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    handler(event);
  });
}
