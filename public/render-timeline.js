/**
 * The timeline of a query: the year it first appears (with that paragraph) and a bar chart of
 * matches per year, drawn as plain SVG. Clicking a bar (or Enter/Space on it) filters by that year.
 * Paragraphs found by meaning that do not state the measure (the API's `possible`) are drawn lighter
 * on top of each year's bar, as 可能相关: shown, never counted, never the first appearance.
 */

import { clear, el, onPlainClick, svgEl } from './dom.js';
import { countLabel, yearLabel } from './format.js';
import { snippetFragment } from './snippet.js';
import { writeState } from './state/url.js';

/**
 * Pixel geometry of the chart. A slot (one year) narrows to fit the panel, down to `minSlot`;
 * narrow slots label only every fifth or tenth year and leave counts to the tooltip.
 */
const BAR = { slot: 52, minSlot: 10, countsFrom: 30, allYearsFrom: 40, chartHeight: 64, top: 18, bottom: 22 };
/** Width a year label needs, in pixels, so labels never overlap. */
const YEAR_LABEL_WIDTH = 36;
/** Longest span of years drawn with empty years filled in; beyond it only years with matches. */
const MAX_FILLED_SPAN = 80;

/** Why a mode found no first appearance: keyword mode needs the whole phrase, semantic a close meaning. */
/** @type {Record<string, string>} */
const EMPTY_TIMELINE = {
  keyword: '没有段落完整包含此检索词，无法确定首次出现的年份。',
  semantic: '没有段落完整包含此检索词或写明此措施，无法确定首次出现的年份。',
  hybrid: '没有段落完整包含此检索词或写明此措施，无法确定首次出现的年份。',
};

/** What the bars count, which differs by mode (and from the result count, which has no threshold). */
/** @type {Record<string, string>} */
const CHART_CAPTION = {
  keyword: '各年完整包含检索词的段落数',
  semantic: '各年完整包含检索词或写明此措施的段落数',
  hybrid: '各年完整包含检索词或写明此措施的段落数',
};

/** What the lighter part of a bar is: meaning-only evidence, which neither counts nor dates. */
const POSSIBLE_CAPTION = '浅色：可能相关（仅意思相近、未写明此措施，不计入数量和首次出现）';

/** @typedef {import('../src/types.ts').Hit} Hit */
/** @typedef {import('./state/url.js').PageState} PageState */
/** @typedef {{ year: number, count: number }} YearCount */
/** A year of the chart: paragraphs stating the measure, and meaning-only ones (可能相关). */
/** @typedef {{ year: number, count: number, possible: number }} YearBar */

/**
 * Draws a timeline: its first appearance and a bar per year.
 * @param {HTMLElement} container
 * @param {{ first: Hit | null, years: YearCount[], possible?: YearCount[] }} timeline
 * @param {import('./state/url.js').PageState} state
 * @param {{ onYear: (year: number) => void, onOpen: (paragraphId: string) => void }} handlers
 */
export function renderTimeline(container, timeline, state, handlers) {
  clear(container);
  container.hidden = false;
  /** @param {YearCount[] | undefined} list */
  const placed = (list) => (list ?? []).filter((item) => item.year !== null && item.year !== undefined);
  const years = placed(timeline.years);
  const possible = placed(timeline.possible);
  if (!timeline.first || years.length === 0) {
    container.append(
      el('p', { className: 'timeline-empty muted', text: `时间线：${EMPTY_TIMELINE[state.mode]}` }),
    );
    if (possible.length === 0) return;
  } else {
    container.append(firstAppearance(timeline.first, state, handlers.onOpen));
  }
  if (possible.length > 0) container.append(possibleNote(possible));
  const filled = fillYears(years, possible);
  // The panel's inner width (it has 16px padding each side); 0 while hidden, then slots stay wide.
  const available = Math.max(0, container.clientWidth - 32);
  const slot = available
    ? Math.max(BAR.minSlot, Math.min(BAR.slot, Math.floor(available / filled.length)))
    : BAR.slot;
  container.append(chart(filled, state, slot, handlers.onYear));
}

/**
 * The first appearance: year, document and the paragraph around its match.
 * @param {Hit} first
 * @param {PageState} state
 * @param {(paragraphId: string) => void} onOpen
 */
function firstAppearance(first, state, onOpen) {
  const title = first.title ?? '';
  const href = writeState({ ...state, view: 'doc', paragraph: first.id });
  const link = el('a', { text: title, attrs: { href } });
  onPlainClick(link, () => onOpen(first.id));
  return el('div', { className: 'first-appearance' }, [
    el('p', { className: 'first-line' }, [
      el('strong', { className: 'first-label', text: `首次出现：${yearLabel(first.year)}` }),
      ' · ',
      link,
    ]),
    firstText(first),
  ]);
}

/**
 * The first paragraph around its match (the API's snippet) when there is one, else its start.
 * @param {Hit} first
 */
function firstText(first) {
  const quote = el('blockquote', { className: 'first-text' });
  if (first.snippet) quote.append(snippetFragment(first.snippet));
  else quote.textContent = first.text ?? '';
  return quote;
}

/**
 * One line under the first appearance: how much meaning-only evidence there is, and from when.
 * @param {YearCount[]} possible
 */
function possibleNote(possible) {
  const total = possible.reduce((sum, item) => sum + item.count, 0);
  const earliest = Math.min(...possible.map((item) => item.year));
  return el('p', {
    className: 'possible-note muted small',
    text: `另有可能相关段落 ${countLabel(total)} 条（最早 ${yearLabel(earliest)}）：意思相近但未写明此措施，不作为首次出现。`,
  });
}

/**
 * Every year with stated or possible paragraphs, ascending, the empty years between them filled in
 * (unless the span is too wide).
 * @param {YearCount[]} years
 * @param {YearCount[]} possible
 * @returns {YearBar[]}
 */
function fillYears(years, possible) {
  /** @type {Map<number, { count: number, possible: number }>} */
  const counts = new Map();
  for (const item of years) counts.set(item.year, { count: item.count, possible: 0 });
  for (const item of possible) {
    const entry = counts.get(item.year) ?? { count: 0, possible: 0 };
    entry.possible = item.count;
    counts.set(item.year, entry);
  }
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  const low = sorted[0] ?? 0;
  const high = sorted.at(-1) ?? 0;
  /** @param {number} year @returns {YearBar} */
  const at = (year) => ({ year, ...(counts.get(year) ?? { count: 0, possible: 0 }) });
  if (high - low > MAX_FILLED_SPAN) return sorted.map(at);
  /** @type {YearBar[]} */
  const filled = [];
  for (let year = low; year <= high; year += 1) filled.push(at(year));
  return filled;
}

/**
 * Indexes of the years that get a label: all when they fit, else round years plus the ends where room allows.
 * @param {YearCount[]} years
 * @param {number} slot width of one year in pixels
 */
function labelledYears(years, slot) {
  if (slot >= BAR.allYearsFrom) return new Set(years.map((_, index) => index));
  const step = slot >= 20 ? 5 : 10;
  const gap = Math.ceil(YEAR_LABEL_WIDTH / slot);
  const labelled = years.flatMap((item, index) => (item.year % step === 0 ? [index] : []));
  /** @param {number} index */
  const far = (index) => labelled.every((other) => Math.abs(other - index) >= gap);
  const last = years.length - 1;
  const ends = [0, last].filter((index, i, all) => all.indexOf(index) === i && far(index));
  return new Set([...labelled, ...ends]);
}

/**
 * Centred under its bar, except at the chart's ends where a narrow slot would clip the label.
 * @param {number} index
 * @param {number} count
 * @param {number} x
 * @param {number} slot
 */
function labelPosition(index, count, x, slot) {
  if (slot >= BAR.allYearsFrom || count === 1) return { x: x + slot / 2, 'text-anchor': 'middle' };
  if (index === 0) return { x, 'text-anchor': 'start' };
  if (index === count - 1) return { x: x + slot, 'text-anchor': 'end' };
  return { x: x + slot / 2, 'text-anchor': 'middle' };
}

/**
 * The bar chart, one bar per year; a bar with matches filters by its year.
 * @param {YearBar[]} years
 * @param {PageState} state
 * @param {number} slot width of one year in pixels
 * @param {(year: number) => void} onYear
 */
function chart(years, { years: activeYears, mode }, slot, onYear) {
  const max = Math.max(1, ...years.map((item) => item.count + item.possible));
  const anyPossible = years.some((item) => item.possible > 0);
  const barWidth = Math.max(4, Math.round(slot * 0.6));
  const labelled = labelledYears(years, slot);
  const width = years.length * slot;
  const height = BAR.top + BAR.chartHeight + BAR.bottom;
  const svg = svgEl('svg', {
    className: 'timeline-chart',
    attrs: {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'group',
      'aria-label': '各年份匹配段落数，点击年份筛选',
    },
  });
  years.forEach((item, index) => {
    const x = index * slot;
    const barHeight = item.count === 0 ? 0 : Math.max(3, (item.count / max) * BAR.chartHeight);
    const possibleHeight = item.possible === 0 ? 0 : Math.max(3, (item.possible / max) * BAR.chartHeight);
    const active = activeYears.includes(item.year);
    const clickable = item.count + item.possible > 0;
    const label = `${yearLabel(item.year)}：${countLabel(item.count)} 条${item.possible > 0 ? `，另有可能相关 ${countLabel(item.possible)} 条` : ''}`;
    const group = svgEl(
      'g',
      { className: `bar${active ? ' active' : ''}${item.count === 0 ? ' empty' : ''}` },
      [
        svgEl('title', { text: clickable ? `${label}，点击筛选该年` : label }),
        svgEl('rect', { className: 'bar-hit', attrs: { x, y: 0, width: slot, height } }),
        svgEl('rect', {
          className: 'bar-fill',
          attrs: {
            x: x + (slot - barWidth) / 2,
            y: BAR.top + BAR.chartHeight - barHeight,
            width: barWidth,
            height: barHeight,
          },
        }),
        svgEl('rect', {
          className: 'bar-possible',
          attrs: {
            x: x + (slot - barWidth) / 2,
            y: BAR.top + BAR.chartHeight - barHeight - possibleHeight,
            width: barWidth,
            height: possibleHeight,
          },
        }),
        svgEl('text', {
          className: 'bar-count',
          text:
            item.count > 0 && (slot >= BAR.countsFrom || active || item.count === max)
              ? countLabel(item.count)
              : '',
          attrs: {
            x: x + slot / 2,
            y: BAR.top + BAR.chartHeight - barHeight - possibleHeight - 4,
            'text-anchor': 'middle',
          },
        }),
        svgEl('text', {
          className: 'bar-year',
          text: labelled.has(index) || active ? String(item.year) : '',
          attrs: { ...labelPosition(index, years.length, x, slot), y: height - 6 },
        }),
      ],
    );
    if (clickable) {
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'button');
      group.setAttribute('aria-pressed', String(active));
      group.setAttribute('aria-label', `${label}，${active ? '取消该年筛选' : '筛选该年'}`);
      group.setAttribute('data-year', String(item.year));
      group.addEventListener('click', () => onYear(item.year));
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onYear(item.year);
        }
      });
    }
    svg.append(group);
  });
  return el('div', { className: 'timeline-scroll' }, [
    svg,
    el('p', {
      className: 'chart-caption muted small',
      text: `${CHART_CAPTION[mode]}${anyPossible ? `；${POSSIBLE_CAPTION}` : ''} · 点击柱形按年份筛选`,
    }),
  ]);
}
