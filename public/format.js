/** How years, sections and other values are written on the page. */

/**
 * `2020年`, or `年份不详` when a document names no year.
 * @param {number | null | undefined} year
 */
export function yearLabel(year) {
  return year === null || year === undefined ? '年份不详' : `${year}年`;
}

/**
 * A section path as one line: `一、… › （二）…`.
 * @param {string[] | null | undefined} section
 */
export function sectionLabel(section) {
  return (section ?? []).join(' › ');
}

/** Made once: building a NumberFormat per call costs a second over a few thousand table rows. */
const NUMBER_FORMAT = new Intl.NumberFormat('zh-CN');

/**
 * Groups digits the way Chinese readers expect (12,345).
 * @param {number} count
 */
export function countLabel(count) {
  return NUMBER_FORMAT.format(count);
}

/**
 * A search's `tookMs` as the page writes it: one decimal under 10 ms, where most searches are (a
 * whole number would show a 0.4 ms search as 0 毫秒), whole milliseconds above.
 * @param {number} ms
 */
export function durationLabel(ms) {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/**
 * The label of how a hit matched: 关键词, 语义, 同义概念 or several.
 * @param {string[] | null | undefined} matchedBy
 */
export function matchedByLabel(matchedBy) {
  /** @type {Record<string, string>} */
  const names = { keyword: '关键词', semantic: '语义', concept: '同义概念' };
  return (matchedBy ?? []).map((source) => names[source] ?? source).join(' + ');
}
