/** The list of every indexed document, newest first, with a title filter for large corpora. */

import { apiUrl, getJson, isAbort } from './api.js';
import { clear, el, errorParagraph, onPlainClick } from './dom.js';
import { countLabel } from './format.js';
import { writeState } from './state/url.js';

/** @typedef {import('../src/types.ts').DocumentMeta} DocumentMeta */
/** @typedef {import('./view-context.js').ViewContext} ViewContext */

/**
 * Loads `/api/documents` and shows it as a table.
 * @param {HTMLElement} container
 * @param {import('./view-context.js').ViewContext} context
 */
export async function showDocumentsList(container, context) {
  clear(container);
  container.append(el('p', { className: 'loading', text: '正在加载文件列表…', attrs: { role: 'status' } }));
  /** @type {DocumentMeta[]} */
  let documents;
  try {
    documents = (await getJson(apiUrl('/api/documents'), context.signal)).documents;
  } catch (error) {
    if (isAbort(error)) return;
    clear(container);
    container.append(errorParagraph('无法加载文件列表', error));
    return;
  }
  context.remember(documents);
  // One collator for the whole sort: localeCompare builds one per call, seconds for a few thousand titles.
  const collator = new Intl.Collator('zh-CN');
  const sorted = [...documents].sort(
    (a, b) => (b.year ?? -1) - (a.year ?? -1) || collator.compare(a.title, b.title),
  );
  const rows = sorted.map((doc) => ({ doc, node: row(doc, context.navigate) }));
  const tbody = el(
    'tbody',
    {},
    rows.map(({ node }) => node),
  );
  const count = el('p', { className: 'muted', attrs: { role: 'status' } });
  const filter = /** @type {HTMLInputElement} */ (
    el('input', {
      className: 'list-filter',
      attrs: { type: 'search', placeholder: '按标题、文号或发文机关筛选', 'aria-label': '筛选文件' },
    })
  );
  const more = el('button', { className: 'secondary', attrs: { type: 'button' } });
  let expanded = false;
  // Rows are built once; filtering only hides and shows them, so typing stays instant at thousands.
  const fill = () => {
    const needle = filter.value.trim();
    let found = 0;
    for (const { doc, node } of rows) {
      const match = needle === '' || matches(doc, needle);
      if (match) found += 1;
      node.hidden = !match || (!expanded && found > ROWS_AT_FIRST);
    }
    count.textContent = `共 ${countLabel(found)} 份文件${needle ? `（共 ${countLabel(sorted.length)} 份）` : ''}`;
    more.hidden = expanded || found <= ROWS_AT_FIRST;
    more.textContent = `显示全部 ${countLabel(found)} 份（当前显示前 ${ROWS_AT_FIRST} 份）`;
  };
  filter.addEventListener('input', fill);
  more.addEventListener('click', () => {
    expanded = true;
    fill();
  });
  fill();
  clear(container);
  container.append(
    el('h1', { text: '文件列表' }),
    el('div', { className: 'list-tools' }, [filter, count]),
    el('div', { className: 'table-scroll' }, [
      el('table', { className: 'documents' }, [
        el('thead', {}, [
          el(
            'tr',
            {},
            ['年份', '标题', '发文机关', '文号', '发布日期', '段落数', '对比'].map((name) =>
              el('th', { text: name, attrs: { scope: 'col' } }),
            ),
          ),
        ]),
        tbody,
      ]),
    ]),
    el('p', { className: 'list-more' }, [more]),
  );
}

/**
 * Rows shown before "显示全部": laying out a table of thousands of Chinese titles takes the browser
 * over a second, and nobody scans past a few hundred without the filter box.
 */
const ROWS_AT_FIRST = 300;

/**
 * Whether a document's title, 文号, issuer or file name holds the filter text.
 * @param {DocumentMeta} doc
 * @param {string} needle
 */
function matches(doc, needle) {
  return [doc.title, doc.number, doc.issuer, doc.source].some((value) => value?.includes(needle));
}

/**
 * One table row of a document, its title linking to the document view.
 * @param {DocumentMeta} doc
 * @param {ViewContext['navigate']} navigate
 */
function row(doc, navigate) {
  const link = el('a', {
    text: doc.title || doc.source,
    attrs: { href: writeState({ view: 'doc', docId: doc.id }) },
  });
  onPlainClick(link, () => navigate({ view: 'doc', docId: doc.id }));
  // 对比: this document against the previous edition of its series (the compare view picks it).
  const compare = el('a', {
    className: 'compare-link',
    text: '对比',
    attrs: { href: writeState({ view: 'compare', to: doc.id }), 'aria-label': `对比：${doc.title}` },
  });
  onPlainClick(compare, () => navigate({ view: 'compare', to: doc.id }));
  return el('tr', {}, [
    el('td', { className: 'nowrap', text: doc.period ?? (doc.year === null ? '—' : String(doc.year)) }),
    el('td', {}, [link]),
    el('td', { text: doc.issuer ?? '—' }),
    el('td', { className: 'nowrap', text: doc.number ?? '—' }),
    el('td', { className: 'nowrap', text: doc.published ?? '—' }),
    el('td', { className: 'num', text: countLabel(doc.paragraphCount) }),
    el('td', {}, [compare]),
  ]);
}
