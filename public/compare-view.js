/**
 * The compare view: two documents' measures in two columns, one row per link, with a status chip
 * (新增 / 延续 / 调整 / 删除 / 待定), the counts on top, continued rows folded, a character diff inside
 * each modified row, a status filter kept in the URL, and the comparison's CSV.
 */

import { apiUrl, getJson, isAbort, resourcePath } from './api.js';
import { clear, el, errorParagraph, onPlainClick } from './dom.js';
import { countLabel, yearLabel } from './format.js';
import { writeState } from './state/url.js';

/** @typedef {import('./state/url.js').PageState} PageState */
/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../src/types.ts').DocumentMeta} DocumentMeta */
/** @typedef {import('../src/lineage/compare.ts').CompareResponse} CompareResponse */
/** @typedef {import('../src/lineage/compare.ts').UnitRef} UnitRef */
/** @typedef {import('../src/lineage/changes.ts').LinkChanges} LinkChanges */
/** @typedef {import('./paragraph-diff.js').DiffPart} DiffPart */
/** @typedef {keyof CompareResponse['summary']} RowStatus */
/**
 * One row of the table: a link of the comparison, or a unit only one side holds.
 * @typedef {{ status: RowStatus, from: UnitRef[], to: UnitRef[], score: number | null,
 *   changes: LinkChanges | null }} CompareRow
 */
/**
 * The body of `GET /api/documents/:id/series`: the other editions, oldest first.
 * @typedef {{ documents: DocumentMeta[] }} SeriesResponse
 */

/**
 * Statuses in the order the summary shows them, with their labels.
 * @type {{ value: RowStatus, label: string }[]}
 */
const STATUSES = [
  { value: 'new', label: '新增' },
  { value: 'continued', label: '延续' },
  { value: 'modified', label: '调整' },
  { value: 'dropped', label: '删除' },
  { value: 'uncertain', label: '待定' },
];
const LABEL = Object.fromEntries(STATUSES.map((status) => [status.value, status.label]));

/**
 * Shows the comparison the state names. Without `from`, the previous edition of `to`'s series is
 * chosen (the URL is updated in place, so it can be shared).
 * @param {HTMLElement} container
 * @param {PageState} state
 * @param {ViewContext} context
 */
export async function showCompareView(container, state, context) {
  clear(container);
  document.title = '文件对比 · 政策文件检索';
  container.append(el('p', { className: 'loading', text: '正在对比…', attrs: { role: 'status' } }));
  try {
    /** @type {{ documents: DocumentMeta[] }} */
    const { documents } = await getJson(apiUrl('/api/documents'), context.signal);
    if (state.to && !state.from) {
      /** @type {SeriesResponse} */
      const { documents: editions } = await getJson(
        apiUrl(resourcePath('/api/documents', state.to, '/series')),
        context.signal,
      );
      const to = documents.find((doc) => doc.id === state.to);
      const earlier = editions.filter((doc) => (doc.year ?? 0) < (to?.year ?? 0));
      const partner = earlier.at(-1) ?? editions[0];
      if (partner) {
        context.replace({ ...state, from: partner.id });
        return;
      }
    }
    clear(container);
    container.append(el('h1', { text: '文件对比' }), pickers(documents, state, context));
    if (!state.from || !state.to) {
      container.append(
        el('p', {
          className: 'message',
          text: '这份文件没有同系列的其他年份文件；请在上方选择要对比的两份文件。',
        }),
      );
      return;
    }
    /** @type {CompareResponse} */
    const comparison = await getJson(
      apiUrl('/api/compare', { from: state.from, to: state.to }),
      context.signal,
    );
    document.title = `对比：${comparison.from.title} → ${comparison.to.title} · 政策文件检索`;
    container.append(...renderComparison(comparison, state, context));
  } catch (error) {
    if (isAbort(error)) return;
    clear(container);
    container.append(errorParagraph('无法对比', error));
  }
}

/**
 * Two document choosers and a swap button; any change is a new URL.
 * @param {DocumentMeta[]} documents
 * @param {PageState} state
 * @param {ViewContext} context
 */
function pickers(documents, state, context) {
  const sorted = [...documents].sort(
    (a, b) => (a.year ?? 0) - (b.year ?? 0) || a.title.localeCompare(b.title, 'zh-CN'),
  );
  /** @type {(name: 'from' | 'to', label: string, value: string) => HTMLElement} */
  const select = (name, label, value) => {
    const node = el('select', { attrs: { name, 'aria-label': label } }, [
      el('option', { text: '— 选择文件 —', attrs: { value: '' } }),
      ...sorted.map((doc) =>
        el('option', {
          text: `${yearLabel(doc.year)} ${doc.title}`,
          attrs: { value: doc.id, selected: doc.id === value },
        }),
      ),
    ]);
    node.addEventListener('change', () =>
      context.navigate({ ...state, [name]: /** @type {HTMLSelectElement} */ (node).value }),
    );
    return node;
  };
  const swap = el('button', { className: 'secondary', text: '⇄ 交换', attrs: { type: 'button' } });
  swap.addEventListener('click', () => context.navigate({ ...state, from: state.to, to: state.from }));
  return el('div', { className: 'compare-pickers' }, [
    el('label', {}, ['较早 ', select('from', '较早的文件', state.from)]),
    swap,
    el('label', {}, ['较晚 ', select('to', '较晚的文件', state.to)]),
  ]);
}

/**
 * Every row of a comparison: links, then the dropped and the new units.
 * @param {CompareResponse} comparison
 * @returns {CompareRow[]}
 */
function rowsOf(comparison) {
  return [
    ...comparison.links.map((link) => ({ ...link })),
    ...comparison.onlyFrom.map((unit) => ({
      status: /** @type {const} */ ('dropped'),
      from: [unit],
      to: [],
      score: null,
      changes: null,
    })),
    ...comparison.onlyTo.map((unit) => ({
      status: /** @type {const} */ ('new'),
      from: [],
      to: [unit],
      score: null,
      changes: null,
    })),
  ];
}

/**
 * The summary chips (a status filter), the CSV link, the two documents and the table of rows.
 * @param {CompareResponse} comparison
 * @param {PageState} state
 * @param {ViewContext} context
 * @returns {HTMLElement[]}
 */
function renderComparison(comparison, state, context) {
  const shown = new Set(state.statuses.length ? state.statuses : STATUSES.map((status) => status.value));
  const chips = el(
    'div',
    { className: 'compare-summary', attrs: { role: 'group', 'aria-label': '按状态筛选' } },
    STATUSES.map(({ value, label }) => {
      const count = comparison.summary[value] ?? 0;
      const chip = el('button', {
        className: `status-chip status-${value}`,
        text: `${label} ${countLabel(count)}`,
        attrs: { type: 'button', 'aria-pressed': shown.has(value) ? 'true' : 'false', 'data-status': value },
      });
      chip.addEventListener('click', () => {
        const next = new Set(shown);
        if (next.has(value)) next.delete(value);
        else next.add(value);
        const statuses =
          next.size === STATUSES.length ? [] : STATUSES.map((s) => s.value).filter((s) => next.has(s));
        context.navigate({ ...state, statuses });
      });
      return chip;
    }),
  );
  const csv = el('a', {
    className: 'button secondary',
    text: '导出 CSV',
    attrs: { href: apiUrl('/api/compare', { from: state.from, to: state.to, format: 'csv' }), download: '' },
  });
  const header = el('p', { className: 'compare-docs' }, [
    docLink(comparison.from, context),
    ' → ',
    docLink(comparison.to, context),
  ]);
  const rows = rowsOf(comparison).filter((row) => shown.has(row.status));
  const table = el('table', { className: 'compare' }, [
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: '状态', attrs: { scope: 'col' } }),
        el('th', { text: `${yearLabel(comparison.from.year)}`, attrs: { scope: 'col' } }),
        el('th', { text: `${yearLabel(comparison.to.year)}`, attrs: { scope: 'col' } }),
      ]),
    ]),
    el(
      'tbody',
      {},
      rows.map((row) => renderRow(row, comparison, context)),
    ),
  ]);
  const note = el('p', {
    className: 'muted',
    text: `阈值：候选 ${comparison.thresholds.candidate}，成对 ${comparison.thresholds.link}，延续 ${comparison.thresholds.continued} · 用时 ${Math.round(comparison.tookMs)} 毫秒`,
  });
  return [header, el('div', { className: 'compare-tools' }, [chips, csv]), table, note];
}

/**
 * @param {DocumentMeta} doc
 * @param {ViewContext} context
 */
function docLink(doc, context) {
  /** @type {Partial<PageState>} */
  const target = { view: 'doc', docId: doc.id };
  const link = el('a', { text: `${yearLabel(doc.year)} ${doc.title}`, attrs: { href: writeState(target) } });
  onPlainClick(link, () => context.navigate(target));
  return link;
}

/**
 * Each unit as a paragraph linking to its place in the document.
 * @param {UnitRef[]} units
 * @param {string} docId
 * @param {ViewContext} context
 * @param {DocumentFragment[]} [body] what to show instead of each unit's text (its marked diff)
 */
function unitLinks(units, docId, context, body) {
  return units.map((unit, index) => {
    /** @type {Partial<PageState>} */
    const target = { view: 'doc', docId, paragraph: unit.paragraphId };
    const link = el('a', { className: 'unit', attrs: { href: writeState(target), title: '在原文中查看' } }, [
      body?.[index] ?? unit.text,
    ]);
    onPlainClick(link, () => context.navigate(target));
    return el('p', { className: 'unit-text' }, [link]);
  });
}

/**
 * @param {CompareRow} row
 * @param {CompareResponse} comparison
 * @param {ViewContext} context
 */
function renderRow(row, comparison, context) {
  const chip = el('span', {
    className: `status-chip status-${row.status}`,
    text: LABEL[row.status] ?? row.status,
  });
  let left = unitLinks(row.from, comparison.from.id, context);
  let right = unitLinks(row.to, comparison.to.id, context);
  if (row.status === 'modified' || row.status === 'uncertain') {
    const [before, after] = diffed(row.from, row.to);
    left = unitLinks(row.from, comparison.from.id, context, before);
    right = unitLinks(row.to, comparison.to.id, context, after);
  }
  const changes = row.changes ? changeNotes(row.changes) : null;
  const cells = [
    el('td', { className: 'status-cell' }, [
      chip,
      row.score === null ? null : el('span', { className: 'muted score', text: row.score.toFixed(2) }),
    ]),
    el('td', {}, left),
    el('td', {}, [...right, changes]),
  ];
  if (row.status === 'continued') {
    // Folded: a continued measure is one line until opened.
    return el('tr', { className: 'compare-row continued folded', attrs: { 'data-status': row.status } }, [
      cells[0],
      el('td', { attrs: { colspan: 2 } }, [
        el('details', {}, [
          el('summary', { text: row.to.map((unit) => unit.text).join(' ＋ ') }),
          el('div', { className: 'continued-columns' }, [el('div', {}, left), el('div', {}, right)]),
        ]),
      ]),
    ]);
  }
  return el('tr', { className: `compare-row ${row.status}`, attrs: { 'data-status': row.status } }, cells);
}

/**
 * Each side's units as fragments with the characters only that side has marked (jsdiff).
 * @param {UnitRef[]} fromUnits
 * @param {UnitRef[]} toUnits
 * @returns {[DocumentFragment[] | undefined, DocumentFragment[] | undefined]}
 */
function diffed(fromUnits, toUnits) {
  const diff = /** @type {{ Diff?: { diffChars?: (a: string, b: string) => DiffPart[] } }} */ (globalThis)
    .Diff;
  const before = fromUnits.map((unit) => unit.text).join('\n');
  const after = toUnits.map((unit) => unit.text).join('\n');
  if (!diff?.diffChars) return [undefined, undefined];
  const leftParts = [document.createDocumentFragment()];
  const rightParts = [document.createDocumentFragment()];
  for (const part of diff.diffChars(before, after)) {
    for (const [index, piece] of part.value.split('\n').entries()) {
      if (index > 0) {
        if (!part.added) leftParts.push(document.createDocumentFragment());
        if (!part.removed) rightParts.push(document.createDocumentFragment());
      }
      if (piece === '') continue;
      if (part.removed) leftParts.at(-1)?.append(el('del', { text: piece }));
      else if (part.added) rightParts.at(-1)?.append(el('ins', { text: piece }));
      else {
        leftParts.at(-1)?.append(document.createTextNode(piece));
        rightParts.at(-1)?.append(document.createTextNode(piece));
      }
    }
  }
  return [leftParts, rightParts];
}

/** @param {LinkChanges} changes */
function changeNotes(changes) {
  const notes = [];
  if (changes.numbers.removed.length || changes.numbers.added.length) {
    notes.push(
      `数字：${changes.numbers.removed.join('、') || '—'} → ${changes.numbers.added.join('、') || '—'}`,
    );
  }
  if (changes.agenciesAdded.length) notes.push(`新增部门：${changes.agenciesAdded.join('、')}`);
  if (changes.agenciesRemoved.length) notes.push(`删去部门：${changes.agenciesRemoved.join('、')}`);
  return notes.length ? el('p', { className: 'change-notes', text: notes.join('；') }) : null;
}
