/**
 * The page's entry: reads the state from the URL, shows the view it names, and turns every user
 * action into a new URL (pushState), so bookmarks, sharing and the back button all work.
 */

import { apiUrl, getJson } from './api.js';
import { showCompareView } from './compare-view.js';
import { showDocumentView } from './document-view.js';
import { showDocumentsList } from './documents-list.js';
import { el, onPlainClick } from './dom.js';
import { exportResults } from './export.js';
import { countLabel } from './format.js';
import { showLineageView } from './lineage-view.js';
import { rememberDocumentTitles, showSearch } from './search-view.js';
import { readState, writeState } from './state/url.js';
import { attachSuggestions } from './suggest-box.js';

/** Pause after the last keystroke before searching as the user types. */
const TYPING_DELAY_MS = 350;
const EXAMPLES = [
  { q: '知识产权质押融资', mode: 'hybrid', note: '' },
  { q: '数据知识产权', mode: 'keyword', note: '关键词' },
  { q: '用专利向银行贷款', mode: 'semantic', note: '语义' },
  { q: '同句(专利 导航)', mode: 'keyword', note: '同句检索' },
];

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($('search-form'));
const input = /** @type {HTMLInputElement} */ ($('q'));
const views = {
  search: $('search-view'),
  doc: $('document-view'),
  documents: $('documents-view'),
  compare: $('compare-view'),
  lineage: $('lineage-view'),
};

/** @type {AbortController | null} */
let viewController = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let typingTimer;
/** True while the current history entry was created by typing, so further keystrokes replace it. */
let typingEntry = false;
let composing = false;
/** @type {import('./state/url.js').PageState} */
let current = readState(location.search);

/**
 * Moves to a new state: a new history entry (or a replaced one) and the view it names.
 * @param {Partial<import('./state/url.js').PageState>} next
 * @param {{ replace?: boolean }} [options]
 */
function navigate(next, { replace = false } = {}) {
  const state = readState(writeState(next));
  const url = writeState(state);
  history.replaceState({ ...history.state, scrollY: window.scrollY }, '');
  // Searching again for what is on screen refreshes it without adding a second, identical entry.
  const same = url === (location.search || '/');
  if (replace || same) history.replaceState({ scrollY: 0 }, '', url);
  else history.pushState({ scrollY: 0 }, '', url);
  show(state, 0);
}

/**
 * Shows the view of a state; `scrollY` restores a position when coming back through history.
 * @param {import('./state/url.js').PageState} state
 * @param {number} scrollY
 */
async function show(state, scrollY) {
  current = state;
  syncForm(state);
  for (const [name, node] of Object.entries(views)) node.hidden = name !== state.view;
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.toggleAttribute('aria-current', link.getAttribute('data-nav') === state.view);
  }
  viewController?.abort();
  viewController = new AbortController();
  /** @type {import('./view-context.js').ViewContext} */
  const context = {
    signal: viewController.signal,
    navigate: (next) => navigate(next),
    replace: (next) => navigate(next, { replace: true }),
    isCurrent: (candidate) => candidate === current,
    remember: rememberDocumentTitles,
  };
  if (state.view === 'doc') {
    await showDocumentView(views.doc, state, context);
  } else if (state.view === 'compare') {
    await showCompareView(views.compare, state, context);
    window.scrollTo(0, scrollY);
  } else if (state.view === 'lineage') {
    await showLineageView(views.lineage, state, context);
    window.scrollTo(0, scrollY);
  } else if (state.view === 'documents') {
    document.title = '文件列表 · 政策文件检索';
    await showDocumentsList(views.documents, context);
    window.scrollTo(0, scrollY);
  } else {
    await showSearch(state, context);
    window.scrollTo(0, scrollY);
  }
}

/** @param {import('./state/url.js').PageState} state */
function syncForm(state) {
  // While the user types, the box holds their words; everywhere else it shows the URL's query.
  if (!(typingEntry && document.activeElement === input)) input.value = state.q;
  const radio = form.querySelector(`input[name="mode"][value="${state.mode}"]`);
  if (radio instanceof HTMLInputElement) radio.checked = true;
}

function selectedMode() {
  const checked = form.querySelector('input[name="mode"]:checked');
  return checked instanceof HTMLInputElement ? checked.value : 'hybrid';
}

/**
 * Searches for what the box holds.
 * @param {{ typing: boolean }} options `typing`: started by a pause in typing, not by Enter
 */
function searchFromForm({ typing }) {
  const q = input.value.trim();
  if (typing && (q === current.q || [...q].length < 2)) return;
  /** @type {import('./state/url.js').PageState} */
  const next = { ...current, view: 'search', q, mode: selectedMode(), page: 1 };
  if (current.view !== 'search') Object.assign(next, { paragraph: '', docId: '' });
  // The entry typing created is replaced by further typing and by the search that commits it.
  const replace = typingEntry;
  typingEntry = typing;
  navigate(next, { replace });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  searchFromForm({ typing: false });
});

form.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.name === 'mode' && input.value.trim()) {
    clearTimeout(typingTimer);
    searchFromForm({ typing: false });
  }
});

input.addEventListener('compositionstart', () => {
  composing = true;
});
input.addEventListener('compositionend', () => {
  composing = false;
  scheduleTypingSearch();
});
input.addEventListener('input', () => {
  if (!composing) scheduleTypingSearch();
});

attachSuggestions(input, $('suggestions'), {
  onChoose: () => {
    clearTimeout(typingTimer);
    searchFromForm({ typing: false });
  },
});

function scheduleTypingSearch() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => searchFromForm({ typing: true }), TYPING_DELAY_MS);
}

$('export').addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-format]') : null;
  if (!(button instanceof HTMLButtonElement)) return;
  const label = button.textContent;
  button.disabled = true;
  button.textContent = '正在导出…';
  try {
    await exportResults(current, /** @type {'csv' | 'json'} */ (button.dataset.format));
  } catch (error) {
    window.alert(`导出失败：${error instanceof Error ? error.message : String(error)}`);
  } finally {
    button.textContent = label;
    button.disabled = false;
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTextEntry(event.target)) return;
  event.preventDefault();
  input.focus();
  input.select();
});

for (const link of document.querySelectorAll('[data-nav]')) {
  if (!(link instanceof HTMLAnchorElement)) continue;
  onPlainClick(link, () => {
    typingEntry = false;
    navigate(readState(new URL(link.href).search));
    if (link.dataset.nav === 'search') input.focus();
  });
}

window.addEventListener('popstate', (event) => {
  typingEntry = false;
  show(readState(location.search), event.state?.scrollY ?? 0);
});

/** Tells a first-time visitor what the index holds. */
async function renderIndexSummary() {
  try {
    const health = await getJson(apiUrl('/api/health'));
    const embedder = health.embedder ? '' : '（本索引未包含语义向量，仅支持关键词检索）';
    $('index-summary').textContent =
      `已收录 ${countLabel(health.documents)} 份文件、${countLabel(health.paragraphs)} 个段落。${embedder}`;
  } catch (error) {
    $('index-summary').textContent =
      `暂时无法连接检索服务：${error instanceof Error ? error.message : String(error)}`;
  }
}

function renderExamples() {
  const list = $('examples');
  for (const example of EXAMPLES) {
    const state = { ...readState(''), q: example.q, mode: example.mode };
    const link = el('a', { text: example.q, attrs: { href: writeState(state) } });
    onPlainClick(link, () => navigate(state));
    list.append(
      el('li', {}, [
        link,
        example.note ? el('span', { className: 'muted', text: `（${example.note}）` }) : null,
      ]),
    );
  }
}

/**
 * True where `/` is a character the user is typing, not a shortcut.
 * @param {EventTarget | null} target
 */
function isTextEntry(target) {
  if (target instanceof HTMLInputElement)
    return !['radio', 'checkbox', 'button', 'submit'].includes(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLElement && target.isContentEditable;
}

/** Keeps --header-height equal to the sticky header, so sticky panels and scroll targets sit below it. */
function trackHeaderHeight() {
  const header = document.querySelector('.site-header');
  if (!(header instanceof HTMLElement)) return;
  const update = () =>
    document.documentElement.style.setProperty('--header-height', `${header.offsetHeight}px`);
  new ResizeObserver(update).observe(header);
  update();
}

if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
trackHeaderHeight();
renderExamples();
renderIndexSummary();
show(current, history.state?.scrollY ?? 0);
if (!current.q && current.view === 'search') input.focus();
