/** The result list, its status line and its pagination. */

import { clear, el, onPlainClick } from './dom.js';
import { countLabel, durationLabel, matchedByLabel, sectionLabel, yearLabel } from './format.js';
import { snippetFragment } from './snippet.js';
import { MAX_PAGES, PAGE_SIZE, writeState } from './state/url.js';

/**
 * Renders one page of hits as an ordered list. Each title is a real link to the document view, so
 * it can be opened in a new tab; `onOpen` handles a plain click inside the page.
 * @param {HTMLElement} list the `<ol>` to fill
 * @param {{ hits: any[] }} response
 * @param {import('./state/url.js').PageState} state
 * @param {(hit: any, event: MouseEvent) => void} onOpen
 * @param {(state: object) => void} navigate
 */
export function renderResults(list, response, state, onOpen, navigate) {
  clear(list);
  const start = (state.page - 1) * PAGE_SIZE + 1;
  list.setAttribute('start', String(start));
  for (const hit of response.hits) {
    const href = writeState({ ...state, view: 'doc', paragraph: hit.id, page: state.page });
    const link = el('a', { className: 'hit-title', text: hit.title || hit.source, attrs: { href } });
    onPlainClick(link, (event) => onOpen(hit, event));
    const meta = el('p', { className: 'hit-meta' }, [
      el('span', { className: 'badge year', text: yearLabel(hit.year) }),
      hit.section?.length ? el('span', { className: 'section', text: sectionLabel(hit.section) }) : null,
      hit.matchedBy?.length
        ? el('span', { className: 'matched-by', text: `匹配：${matchedByLabel(hit.matchedBy)}` })
        : null,
    ]);
    const snippet = el('p', { className: 'snippet' });
    snippet.append(snippetFragment(hit.snippet ?? hit.text ?? ''));
    const agencies = hit.agencies?.length
      ? el('p', { className: 'hit-agencies', text: `责任单位：${hit.agencies.join('、')}` })
      : null;
    // 沿革: this paragraph's measures followed through the other editions of its series.
    /** @type {Partial<import('./state/url.js').PageState>} */
    const lineageState = { view: 'lineage', paragraph: hit.id };
    const lineage = el('a', {
      className: 'lineage-link',
      text: '沿革',
      attrs: { href: writeState(lineageState), title: '这一段的措施在同系列其他年份文件中的延续与变化' },
    });
    onPlainClick(lineage, () => navigate(lineageState));
    list.append(
      el('li', { className: 'hit', attrs: { 'data-id': hit.id } }, [link, meta, snippet, agencies, lineage]),
    );
  }
}

/**
 * Renders the line above the results: count, time taken and mode.
 * @param {HTMLElement} node
 * @param {{ total: number, tookMs: number }} response
 * @param {string} modeLabel
 */
export function renderSummary(node, response, modeLabel) {
  clear(node);
  node.append(
    el('strong', { text: `共 ${countLabel(response.total)} 条结果` }),
    el('span', { text: ` · 用时 ${durationLabel(response.tookMs)} 毫秒 · ${modeLabel}检索` }),
  );
}

/**
 * Renders page links (previous, numbered pages around the current one, next).
 * @param {HTMLElement} nav
 * @param {{ total: number }} response
 * @param {import('./state/url.js').PageState} state
 * @param {(page: number) => void} onPage
 */
export function renderPagination(nav, response, state, onPage) {
  clear(nav);
  const pages = Math.min(Math.ceil(response.total / PAGE_SIZE), MAX_PAGES);
  if (pages <= 1) return;
  /** @type {(page: number, text: string, label: string) => HTMLElement} */
  const link = (page, text, label) => {
    if (page < 1 || page > pages) return el('span', { className: 'page disabled', text });
    const current = page === state.page;
    const node = el('a', {
      className: current ? 'page current' : 'page',
      text,
      attrs: {
        href: writeState({ ...state, page }),
        'aria-label': label,
        'aria-current': current ? 'page' : null,
      },
    });
    onPlainClick(node, () => onPage(page));
    return node;
  };
  nav.append(link(state.page - 1, '‹ 上一页', '上一页'));
  for (const page of pageWindow(state.page, pages)) {
    nav.append(
      page === null ? el('span', { className: 'gap', text: '…' }) : link(page, String(page), `第 ${page} 页`),
    );
  }
  nav.append(link(state.page + 1, '下一页 ›', '下一页'));
}

/**
 * Page numbers to show: first, last and two either side of the current one, with gaps as null.
 * @param {number} current
 * @param {number} pages
 * @returns {(number | null)[]}
 */
function pageWindow(current, pages) {
  const wanted = new Set([1, pages]);
  for (let page = current - 2; page <= current + 2; page += 1)
    if (page >= 1 && page <= pages) wanted.add(page);
  const sorted = [...wanted].sort((a, b) => a - b);
  /** @type {(number | null)[]} */
  const out = [];
  sorted.forEach((page, index) => {
    if (index > 0 && page - (sorted[index - 1] ?? page) > 1) out.push(null);
    out.push(page);
  });
  return out;
}
