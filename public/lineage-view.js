/** The lineage view: one paragraph's measures followed through the other editions of its series, oldest first. */

import { apiUrl, getJson, isAbort, resourcePath } from './api.js';
import { clear, el, errorParagraph, onPlainClick } from './dom.js';
import { yearLabel } from './format.js';
import { writeState } from './state/url.js';

/** @typedef {import('./state/url.js').PageState} PageState */
/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../src/lineage/lineage-service.ts').LineageResponse} LineageResponse */
/** @typedef {import('../src/lineage/lineage-service.ts').ChainEntry} ChainEntry */

/** @type {Record<ChainEntry['status'], string>} */
const LABEL = { origin: '本段', continued: '延续', modified: '调整', uncertain: '待定', absent: '未见' };

/**
 * Loads `/api/paragraphs/:id/lineage` and shows the chain as a list of editions.
 * @param {HTMLElement} container
 * @param {PageState} state
 * @param {ViewContext} context
 */
export async function showLineageView(container, state, context) {
  clear(container);
  document.title = '措施沿革 · 政策文件检索';
  container.append(el('p', { className: 'loading', text: '正在查找沿革…', attrs: { role: 'status' } }));
  /** @type {LineageResponse} */
  let lineage;
  try {
    lineage = await getJson(
      apiUrl(resourcePath('/api/paragraphs', state.paragraph, '/lineage')),
      context.signal,
    );
  } catch (error) {
    if (isAbort(error)) return;
    clear(container);
    container.append(errorParagraph('无法显示沿革', error));
    return;
  }
  clear(container);
  const origin = lineage.chain.find((entry) => entry.status === 'origin');
  const items = lineage.chain.map((entry) => {
    /** @type {Partial<PageState>} */
    const open = { view: 'doc', docId: entry.docId, paragraph: entry.units[0]?.paragraphId ?? '' };
    const title = el('a', { text: entry.title, attrs: { href: writeState(open) } });
    onPlainClick(title, () => context.navigate(open));
    const compare = origin && entry.docId !== origin.docId ? compareLink(origin, entry, context) : null;
    return el('li', { className: `chain-entry status-${entry.status}` }, [
      el('p', { className: 'chain-head' }, [
        el('span', { className: 'badge year', text: yearLabel(entry.year) }),
        ' ',
        el('span', {
          className: `status-chip status-${entry.status}`,
          text: LABEL[entry.status] ?? entry.status,
        }),
        ' ',
        title,
        compare ? ' · ' : null,
        compare,
      ]),
      ...(entry.units.length
        ? entry.units.map((unit) => el('p', { className: 'chain-unit', text: unit.text }))
        : [el('p', { className: 'muted', text: '这份文件中没有找到对应的措施。' })]),
    ]);
  });
  container.append(
    el('h1', { text: '措施沿革' }),
    el('p', { className: 'muted', text: '同系列文件中与这一段措施对应的内容，按年份排列。' }),
    lineage.chain.length > 1
      ? el('ol', { className: 'chain' }, items)
      : el('p', { className: 'message', text: '这份文件没有同系列的其他年份文件。' }),
  );
  if (lineage.chain.length <= 1)
    container.querySelector('.message')?.before(el('ol', { className: 'chain' }, items));
}

/**
 * A link to the comparison of the paragraph's document with another edition, earlier one first.
 * @param {ChainEntry} origin
 * @param {ChainEntry} entry
 * @param {ViewContext} context
 */
function compareLink(origin, entry, context) {
  /** @type {Partial<PageState>} */
  const target =
    (entry.year ?? 0) <= (origin.year ?? 0)
      ? { view: 'compare', from: entry.docId, to: origin.docId }
      : { view: 'compare', from: origin.docId, to: entry.docId };
  const link = el('a', { text: '对比全文', attrs: { href: writeState(target) } });
  onPlainClick(link, () => context.navigate(target));
  return link;
}
