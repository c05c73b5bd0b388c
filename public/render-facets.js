/** Facet filters (years, documents, agencies) with counts, and the chips of the active filters. */

import { clear, el } from './dom.js';
import { countLabel, yearLabel } from './format.js';

/** Facet values shown before "显示全部": enough to scan, few enough not to push the page down. */
const COLLAPSED_COUNT = 8;
/** Most values listed even when expanded: past this a list is not scanned but searched, e.g. 文件列表. */
const MAX_LISTED = 100;

/**
 * @typedef {(key: 'years' | 'docs' | 'agencies', value: string | number) => void} ToggleFilter
 */

/**
 * Renders the three facet groups as toggle buttons with counts; active values are pressed.
 * @param {HTMLElement} container
 * @param {{ years: {year: number, count: number}[], documents: {id: string, title: string, count: number}[],
 *   agencies: {name: string, count: number}[] }} facets
 * @param {import('./state/url.js').PageState} state
 * @param {ToggleFilter} onToggle
 */
export function renderFacets(container, facets, state, onToggle) {
  clear(container);
  const years = [...facets.years].sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  container.append(
    facetGroup(
      '年份',
      years.map((item) => ({
        label: yearLabel(item.year),
        count: item.count,
        active: state.years.includes(item.year),
        toggle: () => onToggle('years', item.year),
      })),
    ),
    facetGroup(
      '文件',
      facets.documents.map((item) => ({
        label: item.title,
        count: item.count,
        active: state.docs.includes(item.id),
        toggle: () => onToggle('docs', item.id),
      })),
    ),
    facetGroup(
      '责任单位',
      facets.agencies.map((item) => ({
        label: item.name,
        count: item.count,
        active: state.agencies.includes(item.name),
        toggle: () => onToggle('agencies', item.name),
      })),
    ),
  );
}

/**
 * Renders the active filters as removable chips, plus "清除全部" when there are several.
 * @param {HTMLElement} container
 * @param {import('./state/url.js').PageState} state
 * @param {(id: string) => string} documentTitle
 * @param {ToggleFilter} onToggle
 * @param {() => void} onClearAll
 */
export function renderActiveFilters(container, state, documentTitle, onToggle, onClearAll) {
  clear(container);
  const chips = [
    ...state.years.map((year) => chip(`年份：${yearLabel(year)}`, () => onToggle('years', year))),
    ...state.docs.map((id) => chip(`文件：${documentTitle(id)}`, () => onToggle('docs', id))),
    ...state.agencies.map((name) => chip(`责任单位：${name}`, () => onToggle('agencies', name))),
  ];
  container.hidden = chips.length === 0;
  if (chips.length === 0) return;
  container.append(el('span', { className: 'filters-label', text: '筛选条件：' }), ...chips);
  if (chips.length > 1) {
    const clearAll = el('button', { className: 'link-button', text: '清除全部', attrs: { type: 'button' } });
    clearAll.addEventListener('click', onClearAll);
    container.append(clearAll);
  }
}

/** @typedef {{ label: string, count: number, active: boolean, toggle: () => void }} FacetItem */

/**
 * One facet list (years, documents or agencies) with its heading.
 * @param {string} title
 * @param {FacetItem[]} items
 */
function facetGroup(title, items) {
  const group = el('section', { className: 'facet-group' }, [el('h2', { text: title })]);
  if (items.length === 0) {
    group.append(el('p', { className: 'muted', text: '无' }));
    return group;
  }
  const list = el('ul', { className: 'facet-list' });
  const listed = items.filter((item, index) => index < MAX_LISTED || item.active);
  listed.forEach((item, index) => {
    const button = el(
      'button',
      {
        className: item.active ? 'facet active' : 'facet',
        attrs: { type: 'button', 'aria-pressed': String(item.active), title: item.label },
      },
      [
        el('span', { className: 'facet-label', text: item.label }),
        el('span', { className: 'count', text: countLabel(item.count) }),
      ],
    );
    button.addEventListener('click', item.toggle);
    const row = el('li', {}, [button]);
    if (index >= COLLAPSED_COUNT && !item.active) row.classList.add('overflow');
    list.append(row);
  });
  group.append(list);
  const hidden = list.querySelectorAll('.overflow').length;
  if (hidden > 0) {
    const moreText =
      listed.length < items.length
        ? `显示前 ${listed.length} 项（共 ${items.length} 项）`
        : `显示全部 ${items.length} 项`;
    list.classList.add('collapsed');
    const more = el('button', {
      className: 'link-button',
      text: moreText,
      attrs: { type: 'button', 'aria-expanded': 'false' },
    });
    more.addEventListener('click', () => {
      const expanded = list.classList.toggle('collapsed') === false;
      more.textContent = expanded ? '收起' : moreText;
      more.setAttribute('aria-expanded', String(expanded));
    });
    group.append(more);
  }
  return group;
}

/**
 * An active filter as a removable chip.
 * @param {string} label
 * @param {() => void} remove
 */
function chip(label, remove) {
  const button = el(
    'button',
    { className: 'chip', attrs: { type: 'button', 'aria-label': `移除筛选 ${label}` } },
    [
      el('span', { text: label }),
      el('span', { className: 'chip-x', text: '×', attrs: { 'aria-hidden': 'true' } }),
    ],
  );
  button.addEventListener('click', remove);
  return button;
}
