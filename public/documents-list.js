/** The list of every indexed document, newest first, with a title filter for large corpora. */

import { apiUrl, getJson, isAbort } from './api.js';
import { clear, el, onPlainClick } from './dom.js';
import { countLabel } from './format.js';
import { writeState } from './state/url.js';

/**
 * Loads `/api/documents` and shows it as a table.
 * @param {HTMLElement} container
 * @param {{ signal: AbortSignal, navigate: (state: object) => void, remember: (documents: any[]) => void }} context
 */
export async function showDocumentsList(container, context) {
  clear(container);
  container.append(el('p', { className: 'loading', text: '正在加载文件列表…', attrs: { role: 'status' } }));
  let documents;
  try {
    documents = (await getJson(apiUrl('/api/documents'), context.signal)).documents;
  } catch (error) {
    if (isAbort(error)) return;
    clear(container);
    container.append(
      el('p', { className: 'error', text: `无法加载文件列表：${error.message}`, attrs: { role: 'alert' } }),
    );
    return;
  }
  context.remember(documents);
  const sorted = [...documents].sort(
    (a, b) => (b.year ?? -1) - (a.year ?? -1) || a.title.localeCompare(b.title, 'zh-CN'),
  );
  const tbody = el('tbody');
  const count = el('p', { className: 'muted', attrs: { role: 'status' } });
  const filter = el('input', {
    className: 'list-filter',
    attrs: { type: 'search', placeholder: '按标题、文号或发文机关筛选', 'aria-label': '筛选文件' },
  });
  const fill = () => {
    const needle = filter.value.trim();
    const shown = needle ? sorted.filter((doc) => matches(doc, needle)) : sorted;
    tbody.replaceChildren(...shown.map((doc) => row(doc, context.navigate)));
    count.textContent = `共 ${countLabel(shown.length)} 份文件${needle ? `（共 ${countLabel(sorted.length)} 份）` : ''}`;
  };
  filter.addEventListener('input', fill);
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
            ['年份', '标题', '发文机关', '文号', '发布日期', '段落数'].map((name) =>
              el('th', { text: name, attrs: { scope: 'col' } }),
            ),
          ),
        ]),
        tbody,
      ]),
    ]),
  );
}

function matches(doc, needle) {
  return [doc.title, doc.number, doc.issuer, doc.source].some((value) => value?.includes(needle));
}

function row(doc, navigate) {
  const link = el('a', {
    text: doc.title || doc.source,
    attrs: { href: writeState({ view: 'doc', docId: doc.id }) },
  });
  onPlainClick(link, () => navigate({ view: 'doc', docId: doc.id }));
  return el('tr', {}, [
    el('td', { className: 'nowrap', text: doc.period ?? (doc.year === null ? '—' : String(doc.year)) }),
    el('td', {}, [link]),
    el('td', { text: doc.issuer ?? '—' }),
    el('td', { className: 'nowrap', text: doc.number ?? '—' }),
    el('td', { className: 'nowrap', text: doc.published ?? '—' }),
    el('td', { className: 'num', text: countLabel(doc.paragraphCount) }),
  ]);
}
