/**
 * The page's state lives in the URL, so a search can be bookmarked, shared and restored by the back
 * button. Views: `search` (default), `doc` (a document, optionally at a paragraph), `documents`,
 * `compare` (two documents' measures aligned), `lineage` (a paragraph's measures across its series).
 *
 * URL parameters: q, mode, year (comma list), doc (comma list), agency (comma list), page (from 1),
 * view, p (paragraph id), d (document id), from / to (documents compared), status (comma list of
 * compare rows shown).
 */

/** The search modes, default first, with their labels. */
export const MODES = [
  { value: 'hybrid', label: '混合' },
  { value: 'keyword', label: '关键词' },
  { value: 'semantic', label: '语义' },
];

/** Hits per page. */
export const PAGE_SIZE = 20;

/** The API refuses offsets past 10,000 (LIMITS.maxOffset); deeper results are for export. */
export const MAX_PAGES = Math.floor(10_000 / PAGE_SIZE);

const MODE_VALUES = new Set(MODES.map((mode) => mode.value));
const VIEWS = new Set(['search', 'doc', 'documents', 'compare', 'lineage']);

/**
 * @typedef {{ view: 'search' | 'doc' | 'documents' | 'compare' | 'lineage', q: string, mode: string,
 *   years: number[], docs: string[], agencies: string[], page: number, paragraph: string, docId: string,
 *   from: string, to: string, statuses: string[] }} PageState
 */

/**
 * Reads the page state from a query string.
 * @param {string} search `location.search`
 * @returns {PageState}
 */
export function readState(search) {
  const params = new URLSearchParams(search);
  const view = params.get('view') ?? 'search';
  const mode = params.get('mode') ?? 'hybrid';
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    view: VIEWS.has(view) ? /** @type {PageState['view']} */ (view) : 'search',
    q: (params.get('q') ?? '').trim(),
    mode: MODE_VALUES.has(mode) ? mode : 'hybrid',
    years: list(params.get('year'))
      .map(Number)
      .filter((year) => Number.isInteger(year)),
    docs: list(params.get('doc')),
    agencies: list(params.get('agency')),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    paragraph: params.get('p') ?? '',
    docId: params.get('d') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    statuses: list(params.get('status')),
  };
}

/**
 * Writes a page state as a query string (with the leading `?`, or `/` when empty).
 * @param {Partial<PageState>} state
 * @returns {string}
 */
export function writeState(state) {
  const params = new URLSearchParams();
  if (state.view && state.view !== 'search') params.set('view', state.view);
  if (state.paragraph) params.set('p', state.paragraph);
  if (state.docId) params.set('d', state.docId);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.statuses?.length) params.set('status', state.statuses.join(','));
  if (state.q) params.set('q', state.q);
  if (state.mode && state.mode !== 'hybrid') params.set('mode', state.mode);
  if (state.years?.length) params.set('year', state.years.join(','));
  if (state.docs?.length) params.set('doc', state.docs.join(','));
  if (state.agencies?.length) params.set('agency', state.agencies.join(','));
  if (state.page && state.page > 1) params.set('page', String(state.page));
  const text = params.toString();
  return text ? `?${text}` : '/';
}

/**
 * The API parameters of the search a state describes (no paging).
 * @param {PageState} state
 */
export function searchParams(state) {
  return {
    q: state.q,
    mode: state.mode,
    year: state.years.join(','),
    doc: state.docs.join(','),
    agency: state.agencies.join(','),
  };
}

/**
 * True when any filter is set.
 * @param {PageState} state
 */
export function hasFilters(state) {
  return state.years.length > 0 || state.docs.length > 0 || state.agencies.length > 0;
}

/**
 * Returns a copy of the state with one value added to or removed from a filter list; the page
 * goes back to 1 because the result set changed.
 * @param {PageState} state
 * @param {'years' | 'docs' | 'agencies'} key
 * @param {string | number} value
 * @returns {PageState}
 */
export function toggleFilter(state, key, value) {
  /** @type {(string | number)[]} */
  const current = state[key];
  const next = current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
  if (key === 'years') next.sort((a, b) => Number(a) - Number(b));
  return /** @type {PageState} */ ({ ...state, [key]: next, page: 1 });
}

/**
 * The items of a comma list, trimmed, empty ones dropped.
 * @param {string | null} value
 */
function list(value) {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
