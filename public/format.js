/** How years, sections and other values are written on the page. */

/** `2020年`, or `年份不详` when a document names no year. */
export function yearLabel(year) {
  return year === null || year === undefined ? '年份不详' : `${year}年`;
}

/** A section path as one line: `一、… › （二）…`. */
export function sectionLabel(section) {
  return (section ?? []).join(' › ');
}

/** Groups digits the way Chinese readers expect (12,345). */
export function countLabel(count) {
  return new Intl.NumberFormat('zh-CN').format(count);
}

/** The label of how a hit matched: 关键词, 语义 or both. */
export function matchedByLabel(matchedBy) {
  const names = { keyword: '关键词', semantic: '语义' };
  return (matchedBy ?? []).map((source) => names[source] ?? source).join(' + ');
}
