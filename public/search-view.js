/**
 * The search view: runs the search and the timeline for a state and renders results, facets,
 * active filters, pagination and the loading, no-results and error states. Responses are cached
 * by URL so the back button shows earlier pages at once.
 */

import { ApiError, apiUrl, createRequestSlot, isAbort } from './api.js';
import { clear, el } from './dom.js';
import { renderActiveFilters, renderFacets } from './render-facets.js';
import { renderPagination, renderResults, renderSummary } from './render-results.js';
import { renderTimeline } from './render-timeline.js';
import { hasFilters, MODES, PAGE_SIZE, searchParams, toggleFilter } from './state/url.js';

/** Responses kept for the back button; a session rarely revisits more. */
const CACHE_SIZE = 40;

/** @typedef {import('./state/url.js').PageState} PageState */
/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../src/types.ts').SearchResponse} SearchResponse */
/** @typedef {import('../src/search/timeline.ts').TimelineResponse} TimelineResponse */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const searchSlot = createRequestSlot();
const timelineSlot = createRequestSlot();
/** @type {Map<string, any>} */
const cache = new Map();
/** @type {Map<string, string>} */
const documentTitles = new Map();

/**
 * Remembers document titles (from the documents list) for the labels of active filters.
 * @param {{ id: string, title: string }[]} documents
 */
export function rememberDocumentTitles(documents) {
  for (const doc of documents) documentTitles.set(doc.id, doc.title);
}

/**
 * Shows the search a state describes, or the welcome screen when it has no query.
 * @param {import('./state/url.js').PageState} state
 * @param {ViewContext} context
 */
export async function showSearch(state, context) {
  const welcome = $('welcome');
  const area = $('results-area');
  searchSlot.abort();
  timelineSlot.abort();
  if (!state.q) {
    document.title = '政策文件检索';
    welcome.hidden = false;
    area.hidden = true;
    return;
  }
  document.title = `${state.q} · 政策文件检索`;
  welcome.hidden = true;
  area.hidden = false;
  loadTimeline(state, context);
  const url = apiUrl('/api/search', {
    ...searchParams(state),
    limit: PAGE_SIZE,
    offset: (state.page - 1) * PAGE_SIZE,
  });
  const cached = cache.get(url);
  if (cached) {
    renderSearch(cached, state, context);
    return;
  }
  setBusy(true);
  try {
    const response = await searchSlot.get(url);
    remember(url, response);
    if (context.isCurrent(state)) renderSearch(response, state, context);
  } catch (error) {
    if (isAbort(error)) return;
    if (context.isCurrent(state)) renderError(error, state, context);
  } finally {
    if (context.isCurrent(state)) setBusy(false);
  }
}

/**
 * Loads and draws the timeline of a state's query.
 * @param {PageState} state
 * @param {ViewContext} context
 */
async function loadTimeline(state, context) {
  const container = $('timeline');
  const url = apiUrl('/api/timeline', { q: state.q, mode: state.mode });
  /** @type {{ onYear: (year: number) => void, onOpen: (paragraphId: string) => void }} */
  const handlers = {
    onYear: (year) => context.navigate(toggleFilter(state, 'years', year)),
    onOpen: (paragraphId) => context.navigate({ ...state, view: 'doc', paragraph: paragraphId }),
  };
  const cached = cache.get(url);
  if (cached) {
    renderTimeline(container, cached, state, handlers);
    return;
  }
  // Not cached means a new query or mode: the old timeline would mislead, so it goes at once.
  clear(container);
  container.hidden = false;
  container.append(el('p', { className: 'loading timeline-empty', text: '正在加载时间线…' }));
  try {
    const timeline = await timelineSlot.get(url);
    remember(url, timeline);
    if (context.isCurrent(state)) renderTimeline(container, timeline, state, handlers);
  } catch (error) {
    if (isAbort(error)) return;
    clear(container);
    // A query the API refuses (400) is explained once, by the search's own error message.
    container.hidden = error instanceof ApiError && error.status === 400;
    const reason = error instanceof Error ? error.message : String(error);
    container.append(el('p', { className: 'muted', text: `时间线暂不可用：${reason}` }));
  }
}

/**
 * Draws a search response: summary, filters, facets, hits and pages.
 * @param {SearchResponse} response
 * @param {PageState} state
 * @param {ViewContext} context
 */
function renderSearch(response, state, context) {
  /** @type {(key: 'years' | 'docs' | 'agencies', value: string | number) => void} */
  const onToggle = (key, value) => context.navigate(toggleFilter(state, key, value));
  const modeLabel = MODES.find((mode) => mode.value === state.mode)?.label ?? '';
  rememberDocumentTitles(response.facets.documents);
  renderSummary($('summary'), response, modeLabel);
  $('export').hidden = response.total === 0;
  renderActiveFilters(
    $('active-filters'),
    state,
    (id) => documentTitles.get(id) ?? id,
    onToggle,
    () => context.navigate(withoutFilters(state)),
  );
  renderFacets($('facets'), response.facets, state, onToggle);
  $('facets').hidden = response.total === 0;
  renderResults(
    /** @type {HTMLOListElement} */ ($('results')),
    response,
    state,
    (hit) => context.navigate({ ...state, view: 'doc', paragraph: hit.id }),
    (next) => context.navigate(next),
  );
  renderPagination($('pagination'), response, state, (page) => context.navigate({ ...state, page }));
  const message = $('message');
  clear(message);
  message.hidden = response.total > 0;
  if (response.total === 0) renderNoResults(message, state, context);
}

/**
 * The no-results message, with the ways out that apply.
 * @param {HTMLElement} message
 * @param {PageState} state
 * @param {ViewContext} context
 */
function renderNoResults(message, state, context) {
  const hints = el('ul', { className: 'hints' });
  /** @type {(text: string, next: PageState, why: string) => void} */
  const hint = (text, next, why) => {
    const button = el('button', { className: 'link-button', text, attrs: { type: 'button' } });
    button.addEventListener('click', () => context.navigate(next));
    hints.append(el('li', {}, [button, why]));
  };
  if (state.mode !== 'semantic')
    hint('改用语义检索', { ...state, mode: 'semantic', page: 1 }, '：按意思查找，不要求字面相同。');
  if (hasFilters(state)) hint('清除筛选条件', withoutFilters(state), '：当前筛选可能过窄。');
  hints.append(el('li', { text: '换用更短或更常见的说法，或检查错别字。' }));
  message.append(el('p', { className: 'empty-title', text: `没有找到与“${state.q}”相关的段落。` }), hints);
}

/**
 * The error message of a failed search, with a retry or the syntax help.
 * @param {unknown} error
 * @param {PageState} state
 * @param {ViewContext} context
 */
function renderError(error, state, context) {
  for (const id of ['results', 'pagination', 'facets', 'summary']) clear($(id));
  $('export').hidden = true;
  const message = $('message');
  clear(message);
  message.hidden = false;
  const invalid = error instanceof ApiError && error.status === 400;
  let action;
  if (invalid) {
    action = el('button', { className: 'secondary', text: '查看检索语法', attrs: { type: 'button' } });
    action.addEventListener('click', openSyntaxHelp);
  } else {
    action = el('button', { className: 'secondary', text: '重试', attrs: { type: 'button' } });
    action.addEventListener('click', () => showSearch(state, context));
  }
  message.append(
    el('div', { className: 'error', attrs: { role: 'alert' } }, [
      el('p', { className: 'empty-title', text: invalid ? '检索式有误' : '检索出错' }),
      el('p', { text: error instanceof Error ? error.message : String(error) }),
      action,
    ]),
  );
}

function openSyntaxHelp() {
  const help = $('search-help');
  if (help instanceof HTMLDetailsElement) help.open = true;
  window.scrollTo(0, 0);
  help.querySelector('summary')?.focus();
}

/** @param {boolean} busy */
function setBusy(busy) {
  $('results-area').classList.toggle('busy', busy);
  $('results').setAttribute('aria-busy', String(busy));
  if (busy) {
    const summary = $('summary');
    clear(summary);
    summary.append(el('span', { className: 'loading', text: '正在检索…' }));
  }
}

/**
 * @param {PageState} state
 * @returns {PageState}
 */
function withoutFilters(state) {
  return { ...state, years: [], docs: [], agencies: [], page: 1 };
}

/**
 * Caches a response, dropping the oldest past {@link CACHE_SIZE}.
 * @param {string} url
 * @param {unknown} response
 */
function remember(url, response) {
  cache.delete(url);
  cache.set(url, response);
  const oldest = cache.keys().next().value;
  if (cache.size > CACHE_SIZE && oldest !== undefined) cache.delete(oldest);
}
