/** The 相似段落 panel: the same measure in other documents and years, each comparable with a diff. */

import { clear, el, onPlainClick } from './dom.js';
import { sectionLabel, yearLabel } from './format.js';
import { writeState } from './state/url.js';

/** Characters of a similar paragraph shown before it is opened or compared. */
const PREVIEW_LENGTH = 90;

/**
 * Renders the list of similar paragraphs.
 * @param {HTMLElement} container
 * @param {any[]} hits from `/api/paragraphs/:id/similar`
 * @param {import('./state/url.js').PageState} state
 * @param {{ onCompare: (hit: any, button: HTMLElement) => void, onOpen: (hit: any) => void }} handlers
 */
export function renderSimilar(container, hits, state, handlers) {
  clear(container);
  container.append(el('h2', { text: '相似段落' }));
  if (hits.length === 0) {
    container.append(el('p', { className: 'muted', text: '其他文件中没有相似的段落。' }));
    return;
  }
  container.append(
    el('p', { className: 'muted small', text: '其他文件、其他年份中的同类表述。选择“对比”查看逐字差异。' }),
  );
  const list = el('ol', { className: 'similar-list' });
  for (const hit of hits) {
    const open = el('a', {
      className: 'similar-title',
      text: hit.title || hit.source,
      attrs: { href: writeState({ ...state, view: 'doc', paragraph: hit.id, docId: '' }) },
    });
    onPlainClick(open, () => handlers.onOpen(hit));
    const compare = el('button', {
      className: 'compare-button',
      text: '对比',
      attrs: { type: 'button', 'aria-pressed': 'false' },
    });
    compare.addEventListener('click', () => handlers.onCompare(hit, compare));
    const text = hit.text ?? '';
    list.append(
      el('li', { className: 'similar', attrs: { 'data-id': hit.id, 'data-year': hit.year ?? '' } }, [
        el('p', { className: 'similar-head' }, [
          el('span', { className: 'badge year', text: yearLabel(hit.year) }),
          similarity(hit.score),
          compare,
        ]),
        open,
        hit.section?.length ? el('p', { className: 'section small', text: sectionLabel(hit.section) }) : null,
        el('p', {
          className: 'similar-text',
          text: text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text,
        }),
      ]),
    );
  }
  container.append(list);
}

/**
 * The similarity badge of a hit, or null when it has no score.
 * @param {unknown} score
 */
function similarity(score) {
  if (typeof score !== 'number' || !Number.isFinite(score)) return null;
  return el('span', { className: 'similarity', text: `相似度 ${Math.round(score * 100)}%` });
}
