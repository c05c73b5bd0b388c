/**
 * Two paragraphs side by side, older on the left, with a character-level diff from jsdiff
 * (`/vendor/diff.js`, which defines the global `Diff`): deletions struck on the left, insertions
 * marked on the right — how a measure changed between years.
 */

import { el } from './dom.js';
import { countLabel, yearLabel } from './format.js';

/**
 * @typedef {{ id: string, year: number | null, title: string, text: string }} DiffSide
 * @typedef {{ value: string, added?: boolean, removed?: boolean }} DiffPart
 */

/**
 * Builds the comparison of two paragraphs; the older one (by year) is shown first.
 * @param {DiffSide} one
 * @param {DiffSide} other
 * @returns {HTMLElement}
 */
export function paragraphDiff(one, other) {
  const [before, after] = (one.year ?? 0) <= (other.year ?? 0) ? [one, other] : [other, one];
  const diff = /** @type {{ Diff?: { diffChars?: (a: string, b: string) => DiffPart[] } }} */ (globalThis)
    .Diff;
  if (!diff?.diffChars) {
    return el('p', { className: 'error', text: '对比组件（/vendor/diff.js）未能加载，无法显示差异。' });
  }
  const parts = absorbShortEqualities(diff.diffChars(before.text, after.text));
  const left = el('div', { className: 'diff-text' });
  const right = el('div', { className: 'diff-text' });
  let removed = 0;
  let added = 0;
  for (const part of parts) {
    if (part.removed) {
      removed += [...part.value].length;
      left.append(el('del', { text: part.value }));
    } else if (part.added) {
      added += [...part.value].length;
      right.append(el('ins', { text: part.value }));
    } else {
      left.append(document.createTextNode(part.value));
      right.append(document.createTextNode(part.value));
    }
  }
  return el('div', { className: 'diff' }, [
    el('p', { className: 'diff-summary' }, [
      el('span', { className: 'legend-del', text: `删除 ${countLabel(removed)} 字` }),
      ' · ',
      el('span', { className: 'legend-ins', text: `新增 ${countLabel(added)} 字` }),
    ]),
    el('div', { className: 'diff-columns' }, [column(before, left, '较早'), column(after, right, '较晚')]),
  ]);
}

/**
 * A character diff of two rewordings matches stray single characters (的, 知, 权 …) everywhere,
 * which breaks changes into unreadable confetti. Equal runs shorter than this between two changes
 * are folded into the surrounding deletion and insertion, as diff-match-patch's semantic cleanup does.
 */
const SHORT_EQUALITY = 3;

/**
 * Folds short unchanged runs that sit between changes into those changes, then merges neighbours.
 * @param {DiffPart[]} parts
 */
function absorbShortEqualities(parts) {
  /** @type {(part: DiffPart | undefined) => boolean} */
  const changed = (part) => Boolean(part && (part.added || part.removed));
  /** @type {DiffPart[]} */
  const out = [];
  parts.forEach((part, index) => {
    const short = [...part.value].length < SHORT_EQUALITY;
    if (!changed(part) && short && changed(parts[index - 1]) && changed(parts[index + 1])) {
      out.push({ value: part.value, removed: true }, { value: part.value, added: true });
    } else {
      out.push(part);
    }
  });
  // Merge all removals and additions of a change region so each side reads as one block.
  /** @type {DiffPart[]} */
  const merged = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) merged.push({ value: removed, removed: true });
    if (added) merged.push({ value: added, added: true });
    removed = '';
    added = '';
  };
  for (const part of out) {
    if (part.removed) removed += part.value;
    else if (part.added) added += part.value;
    else {
      flush();
      merged.push(part);
    }
  }
  flush();
  return merged;
}

/**
 * One side of the comparison.
 * @param {DiffSide} side
 * @param {HTMLElement} body
 * @param {string} role
 */
function column(side, body, role) {
  return el(
    'section',
    { className: 'diff-column', attrs: { 'aria-label': `${role}：${yearLabel(side.year)}` } },
    [
      el('h4', {}, [el('span', { className: 'badge year', text: yearLabel(side.year) }), ' ', side.title]),
      body,
    ],
  );
}
