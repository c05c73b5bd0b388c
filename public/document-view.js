/**
 * The document view: the whole document with its section headings, the chosen paragraph scrolled
 * to and highlighted with its agencies, and the 相似段落 panel beside it.
 */

import { ApiError, apiUrl, getJson, isAbort, resourcePath } from './api.js';
import { clear, el, onPlainClick } from './dom.js';
import { countLabel, yearLabel } from './format.js';
import { paragraphDiff } from './paragraph-diff.js';
import { markTerms, queryTerms } from './query-terms.js';
import { renderSimilar } from './similar-panel.js';
import { writeState } from './state/url.js';

/** @typedef {import('./state/url.js').PageState} PageState */
/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../src/search/searcher.ts').DocumentWithParagraphs} LoadedDocument */
/** @typedef {LoadedDocument['paragraphs'][number]} DocumentParagraph */
/** @typedef {import('../src/search/searcher.ts').ParagraphInContext} ParagraphInContext */

/** Similar paragraphs asked for: enough to follow a measure across a decade of annual documents. */
const SIMILAR_LIMIT = 10;

/**
 * Loads and shows a document, at a paragraph when `state.paragraph` is set.
 * @param {HTMLElement} container
 * @param {import('./state/url.js').PageState} state
 * @param {ViewContext} context
 */
export async function showDocumentView(container, state, context) {
  clear(container);
  container.append(el('p', { className: 'loading', text: '正在加载文件…', attrs: { role: 'status' } }));
  try {
    let docId = state.docId;
    /** @type {ParagraphInContext | null} */
    let target = null;
    if (state.paragraph) {
      /** @type {import('../src/search/searcher.ts').ParagraphWithNeighbours} */
      const found = await getJson(resourcePath('/api/paragraphs', state.paragraph), context.signal);
      target = found.paragraph;
      docId = found.paragraph.docId;
    }
    /** @type {LoadedDocument} */
    const loaded = await getJson(resourcePath('/api/documents', docId), context.signal);
    const similarPanel = el('aside', {
      className: 'similar-panel',
      attrs: { 'aria-label': '相似段落', tabindex: '-1' },
    });
    const article = documentArticle(loaded, target?.id ?? '', state, context.navigate);
    if (target) article.querySelector('.doc-bar')?.append(jumpToPanel(similarPanel));
    clear(container);
    container.append(
      el('div', { className: target ? 'doc-layout with-panel' : 'doc-layout' }, [
        article,
        target ? similarPanel : null,
      ]),
    );
    document.title = `${loaded.document.title} · 政策文件检索`;
    const targetNode = target ? article.querySelector('.para.target') : null;
    if (target && targetNode instanceof HTMLElement) {
      targetNode.scrollIntoView({ block: 'center' });
      targetNode.focus({ preventScroll: true });
      await showSimilar(similarPanel, target, targetNode, state, context);
    } else {
      article.querySelector('h1')?.focus();
    }
  } catch (error) {
    if (isAbort(error)) return;
    clear(container);
    container.append(
      el('div', { className: 'error', attrs: { role: 'alert' } }, [
        el('p', {
          text:
            error instanceof ApiError && error.status === 404
              ? '找不到这个文件或段落，索引可能已更新。'
              : `加载失败：${error instanceof Error ? error.message : String(error)}`,
        }),
        backLink(state, context.navigate),
      ]),
    );
  }
}

/**
 * The document as an article: its bar, header with metadata, and every paragraph under its headings.
 * @param {LoadedDocument} loaded
 * @param {string} targetId the chosen paragraph's id, or ''
 * @param {PageState} state
 * @param {ViewContext['navigate']} navigate
 */
function documentArticle(loaded, targetId, state, navigate) {
  const meta = loaded.document;
  const body = el('div', { className: 'doc-body' });
  /** @type {string[]} */
  let previousSection = [];
  const terms = queryTerms(state.q);
  for (const paragraph of loaded.paragraphs) {
    const section = paragraph.section ?? [];
    const common = sharedPrefix(previousSection, section);
    section.slice(common).forEach((heading, index) => {
      const level = Math.min(6, 2 + common + index);
      body.append(el(`h${level}`, { className: 'doc-heading', text: heading }));
    });
    previousSection = section;
    body.append(paragraphNode(paragraph, paragraph.id === targetId, terms));
  }
  body.addEventListener('click', (event) => {
    const clicked = event.target instanceof Element ? event.target : null;
    const paragraph = clicked?.closest('.para:not(.target)');
    // A click that ends a text selection is for copying, not for choosing the paragraph.
    if (!paragraph || clicked?.closest('a, button') || String(window.getSelection() ?? '') !== '') return;
    navigate({ ...state, view: 'doc', paragraph: paragraph.getAttribute('data-id') ?? '', docId: '' });
  });
  return el('article', { className: 'doc' }, [
    el('div', { className: 'doc-bar' }, [
      backLink(state, navigate),
      el('span', {
        className: 'doc-bar-title',
        text: `${yearLabel(meta.year)} · ${meta.title || meta.source}`,
      }),
    ]),
    el('header', { className: 'doc-header' }, [
      el('h1', { text: meta.title || meta.source, attrs: { tabindex: '-1' } }),
      metadataList(meta),
      targetId
        ? null
        : el('p', {
            className: 'muted small',
            text: '点击任一段落，可查看它在其他文件、其他年份中的相似段落。',
          }),
    ]),
    body,
  ]);
}

/**
 * One paragraph, with its agencies and table fields; the chosen one has its query terms marked.
 * @param {DocumentParagraph} paragraph
 * @param {boolean} isTarget
 * @param {string[]} terms
 */
function paragraphNode(paragraph, isTarget, terms) {
  const text = el('p', { className: 'para-text' });
  if (isTarget && terms.length > 0) text.append(markTerms(paragraph.text, terms));
  else text.textContent = paragraph.text;
  const fields = Object.entries(paragraph.fields ?? {}).filter(([name]) => name !== '执行部门');
  return el(
    'div',
    {
      className: isTarget ? 'para target' : 'para',
      attrs: {
        id: `p-${paragraph.id}`,
        'data-id': paragraph.id,
        tabindex: isTarget ? '-1' : null,
        title: isTarget ? null : '点击查看相似段落',
      },
    },
    [
      isTarget ? el('p', { className: 'target-label', text: '检索命中段落' }) : null,
      text,
      showAgencies(paragraph, isTarget)
        ? el('p', { className: 'para-agencies' }, [
            el('span', { className: 'label', text: '责任单位：' }),
            paragraph.agencies.join('、'),
          ])
        : null,
      ...fields.map(([name, value]) =>
        el('p', { className: 'para-field' }, [el('span', { className: 'label', text: `${name}：` }), value]),
      ),
    ],
  );
}

/**
 * The chosen paragraph always lists its agencies; others only when their text does not already name them.
 * @param {DocumentParagraph} paragraph
 * @param {boolean} isTarget
 */
function showAgencies(paragraph, isTarget) {
  const agencies = paragraph.agencies ?? [];
  if (agencies.length === 0) return false;
  return isTarget || agencies.some((agency) => !paragraph.text.includes(agency));
}

/**
 * The document's metadata as a definition list; unknown fields are left out.
 * @param {import('../src/types.ts').DocumentMeta} meta
 */
function metadataList(meta) {
  const rows = [
    ['年份', meta.period ? `${yearLabel(meta.year)}（${meta.period}）` : yearLabel(meta.year)],
    ['发文机关', meta.issuer],
    ['文号', meta.number],
    ['发布日期', meta.published],
    ['成文日期', meta.signed],
    ['段落数', meta.paragraphCount === undefined ? null : countLabel(meta.paragraphCount)],
    ['来源文件', meta.source],
  ].filter(([, value]) => value);
  return el(
    'dl',
    { className: 'doc-meta' },
    rows.flatMap(([name, value]) => [el('dt', { text: String(name) }), el('dd', { text: String(value) })]),
  );
}

/**
 * On a phone the panel sits below the whole document; this button takes the reader there.
 * @param {HTMLElement} panel
 */
function jumpToPanel(panel) {
  const button = el('button', {
    className: 'link-button jump-similar',
    text: '相似段落 ↓',
    attrs: { type: 'button' },
  });
  button.addEventListener('click', () => {
    panel.scrollIntoView({ block: 'start' });
    panel.focus({ preventScroll: true });
  });
  return button;
}

/**
 * The way back: to the search results when there is a query, else to the documents list.
 * @param {PageState} state
 * @param {ViewContext['navigate']} navigate
 */
function backLink(state, navigate) {
  if (!state.q) {
    const toList = el('a', {
      className: 'back',
      text: '‹ 文件列表',
      attrs: { href: writeState({ view: 'documents' }) },
    });
    onPlainClick(toList, () => navigate({ view: 'documents' }));
    return toList;
  }
  /** @type {PageState} */
  const searchState = { ...state, view: 'search', paragraph: '', docId: '' };
  const link = el('a', {
    className: 'back',
    text: `‹ 返回“${state.q}”的检索结果`,
    attrs: { href: writeState(searchState) },
  });
  onPlainClick(link, () => navigate(searchState));
  return link;
}

/**
 * Loads the chosen paragraph's similar paragraphs into the panel, each comparable with it.
 * @param {HTMLElement} panel
 * @param {ParagraphInContext} target
 * @param {HTMLElement} targetNode
 * @param {PageState} state
 * @param {ViewContext} context
 */
async function showSimilar(panel, target, targetNode, state, context) {
  panel.append(el('h2', { text: '相似段落' }), el('p', { className: 'loading', text: '正在查找相似段落…' }));
  /** @type {import('../src/types.ts').Hit[]} */
  let hits;
  try {
    const url = apiUrl(resourcePath('/api/paragraphs', target.id, '/similar'), { limit: SIMILAR_LIMIT });
    hits = (await getJson(url, context.signal)).hits;
  } catch (error) {
    if (isAbort(error)) return;
    clear(panel);
    panel.append(
      el('h2', { text: '相似段落' }),
      el('p', {
        className: 'error',
        text: `无法加载相似段落：${error instanceof Error ? error.message : String(error)}`,
      }),
    );
    return;
  }
  const comparison = el('section', {
    className: 'compare',
    attrs: { 'aria-label': '段落对比', tabindex: '-1' },
  });
  comparison.hidden = true;
  targetNode.after(comparison);
  renderSimilar(panel, hits, state, {
    onOpen: (hit) => context.navigate({ ...state, view: 'doc', paragraph: hit.id, docId: '' }),
    onCompare: (hit, button) => {
      const wasOpen = button.getAttribute('aria-pressed') === 'true';
      for (const other of panel.querySelectorAll('.compare-button'))
        other.setAttribute('aria-pressed', 'false');
      clear(comparison);
      comparison.hidden = wasOpen;
      if (wasOpen) return;
      button.setAttribute('aria-pressed', 'true');
      const close = el('button', { className: 'link-button', text: '关闭对比', attrs: { type: 'button' } });
      close.addEventListener('click', () => {
        comparison.hidden = true;
        button.setAttribute('aria-pressed', 'false');
        button.focus();
      });
      comparison.append(
        el('div', { className: 'compare-head' }, [el('h3', { text: '段落对比' }), close]),
        paragraphDiff(
          { id: target.id, year: target.year, title: target.title, text: target.text },
          { id: hit.id, year: hit.year, title: hit.title, text: hit.text },
        ),
      );
      comparison.scrollIntoView({ block: 'nearest' });
    },
  });
}

/**
 * How many leading headings two section paths share.
 * @param {string[]} a
 * @param {string[]} b
 */
function sharedPrefix(a, b) {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return index;
}
