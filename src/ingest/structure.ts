/**
 * Step 7 of ingestion: lines → paragraphs with section paths. Headings (一、, 一 , （一）, 1., （1）, ——xx。,
 * Markdown #, 第一编/章/节, 附件, and unnumbered short headings followed by items) set the section
 * path of what follows; a law's article (第一条) is one paragraph with all its clauses; a line
 * holding a heading and its body is one paragraph whose section includes that heading. A numbered
 * line with nothing under it before its next sibling is a list item, not a heading, and stays text.
 */
import type { SourceLine } from './source-line.ts';

/** A paragraph before ids and agencies: its section path, normalized text and original text. */
export interface StructuredBlock {
  section: string[];
  text: string;
  original: string;
  fields?: Record<string, string>;
}

/** A heading-and-body line is a heading only when its first sentence is this short; else it is prose. */
const MAX_INLINE_HEADING_LENGTH = 40;
/** A line without a sentence end and at most this long can be a heading on its own. */
const MAX_HEADING_LENGTH = 40;
/** An unnumbered heading (002: 坚持质量导向，强化…引领) is at most this long. */
const MAX_UNNUMBERED_HEADING_LENGTH = 30;
/** A paragraph this long after an unnumbered short line marks that line as its heading. */
const MIN_BODY_LENGTH = 40;

type HeadingKind =
  | 'part'
  | 'chapter'
  | 'section'
  | 'markdown'
  | 'unnumbered'
  | 'cn'
  | 'paren-cn'
  | 'num'
  | 'paren-num'
  | 'lead';

/** Nesting rank: a heading closes every open heading of equal or deeper rank. */
const RANK: Record<HeadingKind, number> = {
  part: 10,
  chapter: 20,
  section: 30,
  markdown: 40,
  // Above 一、 so its items nest under it; 002 uses it where the numbers 二、三、 were lost.
  unnumbered: 45,
  cn: 50,
  'paren-cn': 60,
  num: 70,
  'paren-num': 80,
  lead: 90,
};

const CN_NUMERAL = '[一二三四五六七八九十百千零〇两]+';
// Normalization drops the space in 第一章 总则, so these match on the normalized text without one.
const PART = new RegExp(`^第${CN_NUMERAL}编`, 'u');
const CHAPTER = new RegExp(`^第${CN_NUMERAL}章`, 'u');
const SECTION = new RegExp(`^第${CN_NUMERAL}节`, 'u');
// Articles are matched on the original line, where the number is followed by a space (第一条 为了…);
// the normalized text has lost that space and 第一条中 could be prose.
const ARTICLE = new RegExp(`^第(?:${CN_NUMERAL}|\\d+)[条條](?:之${CN_NUMERAL})?(?=[\\s:：]|$)`, 'u');
const CN_ITEM = new RegExp(`^${CN_NUMERAL}(?:、|[ \\u3000]+)`, 'u');
const PAREN_CN_ITEM = new RegExp(`^[（(]${CN_NUMERAL}[）)]`, 'u');
const NUM_ITEM = /^\d{1,3}\s*[.．、](?!\d)/u;
const PAREN_NUM_ITEM = /^[（(]\d{1,3}[）)]/u;
const LEAD_IN = /^——[^。]{1,30}。/u;
const MARKDOWN_HEADING = /^(#{1,6})\s*(.+)$/u;
// An attachment (附件, 附件1：…) starts after the body: it ends any open article and, when short,
// heads what follows at the top level.
const ATTACHMENT = /^附件\s*[0-9一二三四五六七八九十]*\s*(?:[：:]|$)/u;
// The numbering of a heading written with a space after it (一 总体要求, 第一章 总则).
const SPACED_NUMBERING = new RegExp(`^#*\\s*((?:第${CN_NUMERAL}[编章节])|${CN_NUMERAL})[ \\u3000]+`, 'u');
const SENTENCE_END = /[。！？；]/u;
// A paragraph ends here; a line after anything else continues it (a sentence broken across lines).
const TERMINAL = /[。！？；：:…”’」』）)\]】]$/u;
const DATE = /\d{4}\s*年\s*\d{1,2}\s*月|\d{4}-\d{2}-\d{2}/u;
// A signature block ends with its date (国家知识产权局 / 2021年3月3日); the text after it is new.
const ENDS_WITH_DATE = /(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2})$/u;
// A dated record line of a law (…会议通过, …起施行) is complete without a full stop.
const ENDS_WITH_ENACTMENT = /(?:通过|施行|公布|批准|修正|修订|发布|印发|废止)$/u;

/** Headings that may stand alone in a table of contents; never re-read as list items. */
const CONTAINER_KINDS = new Set<HeadingKind>(['part', 'chapter', 'section', 'markdown']);

interface HeadingMatch {
  kind: HeadingKind;
  /** The heading as it appears in section paths. */
  label: string;
  /** True when the line carries body text after the heading. */
  hasBody: boolean;
}

/** Kind of numbering a line starts with, judged on the original line (so 一 总体要求 keeps its space). */
function numberingKind(original: string, text: string): HeadingKind | null {
  const raw = original.trim();
  if (PART.test(text)) return 'part';
  if (CHAPTER.test(text)) return 'chapter';
  if (SECTION.test(text)) return 'section';
  if (CN_ITEM.test(raw)) return 'cn';
  if (PAREN_CN_ITEM.test(text)) return 'paren-cn';
  if (PAREN_NUM_ITEM.test(text)) return 'paren-num';
  if (NUM_ITEM.test(text)) return 'num';
  if (LEAD_IN.test(text)) return 'lead';
  return null;
}

/** `一 总体要求`, `第一章 总则` read better with the space normalization drops next to CJK. */
function headingLabel(original: string, text: string): string {
  const numbering = SPACED_NUMBERING.exec(original.trim())?.[1];
  if (numbering === undefined || !text.startsWith(numbering)) return text;
  const rest = text.slice(numbering.length);
  return rest === '' || rest.startsWith('、') ? text : `${numbering} ${rest}`;
}

/** The heading a line starts with, or null for a plain line. Items 1./（1） with a body are list items. */
function matchHeading(line: SourceLine): HeadingMatch | null {
  const markdown = MARKDOWN_HEADING.exec(line.text);
  if (markdown) {
    const label = headingLabel(line.original, (markdown[2] ?? '').trim());
    const kind = numberingKind(label, label) ?? 'markdown';
    return {
      kind: kind === 'part' || kind === 'chapter' || kind === 'section' ? kind : 'markdown',
      label,
      hasBody: false,
    };
  }
  const text = line.text;
  if (ATTACHMENT.test(text)) {
    return text.length <= MAX_HEADING_LENGTH && !text.includes('。')
      ? { kind: 'part', label: text, hasBody: false }
      : null;
  }
  const kind = numberingKind(line.original, line.text);
  if (kind === null) return null;
  const stop = text.indexOf('。');
  if (stop === -1) {
    // A line ending in a colon or opening a quotation introduces what follows: a sentence, not a heading.
    if (text.length > MAX_HEADING_LENGTH || SENTENCE_END.test(text) || /[：:]$|“/u.test(text)) return null;
    return { kind, label: headingLabel(line.original, text), hasBody: false };
  }
  const head = text.slice(0, stop);
  const body = text.slice(stop + 1).trim();
  // A first sentence longer than a heading makes the line a numbered paragraph (修正案: 一、将刑法…修改为：…).
  if (head.length > MAX_INLINE_HEADING_LENGTH) return null;
  if (body === '') return { kind, label: headingLabel(line.original, head), hasBody: false };
  if (kind === 'num' || kind === 'paren-num') return null;
  return { kind, label: headingLabel(line.original, head), hasBody: true };
}

/** A short unnumbered line heading the long paragraph or numbered items that follow it. */
function isUnnumberedHeading(
  line: SourceLine,
  next: SourceLine | undefined,
  previousClosed: boolean,
): boolean {
  const { text } = line;
  if (!previousClosed || next === undefined || line.fields) return false;
  if (text.length > MAX_UNNUMBERED_HEADING_LENGTH || /[。！？；：:]/u.test(text) || DATE.test(text))
    return false;
  if (text.startsWith('——') || /^[（(]/u.test(text)) return false;
  const nextKind = next.fields ? null : numberingKind(next.original, next.text);
  const nextIsItem = nextKind !== null && RANK[nextKind] >= RANK.cn;
  return nextIsItem || (next.text.length >= MIN_BODY_LENGTH && SENTENCE_END.test(next.text));
}

interface OpenHeading {
  kind: HeadingKind;
  label: string;
}

/** Build paragraphs with section paths from a document's lines (chrome and title already removed). */
export function structureLines(lines: readonly SourceLine[]): StructuredBlock[] {
  const blocks: StructuredBlock[] = [];
  const open: OpenHeading[] = [];
  const sectionPath = () => open.map((heading) => heading.label);
  let current: (StructuredBlock & { article: boolean; kind: HeadingKind | null }) | null = null;
  // The last heading, until text arrives under it. If a sibling or a higher heading comes first,
  // it was a list item without a full stop (an appendix list), not a heading, and becomes a paragraph.
  let pending: { kind: HeadingKind; line: SourceLine; section: string[] } | null = null;

  // Kind of the list items being emitted: the next one of that kind is an item too, even when
  // text follows it (the last item of a list is followed by the text after the list).
  let listKind: HeadingKind | null = null;

  const emitPendingAsItem = () => {
    if (pending !== null && !CONTAINER_KINDS.has(pending.kind)) {
      blocks.push({
        section: pending.section,
        text: pending.line.text,
        original: pending.line.original.trim(),
      });
      listKind = pending.kind;
    }
    pending = null;
  };
  const openHeading = (kind: HeadingKind, label: string, line: SourceLine) => {
    if (pending !== null && RANK[kind] <= RANK[pending.kind]) emitPendingAsItem();
    if (listKind !== null && RANK[kind] < RANK[listKind]) listKind = null;
    while (open.length > 0 && RANK[open[open.length - 1]?.kind ?? 'lead'] >= RANK[kind]) open.pop();
    pending = { kind, line, section: sectionPath() };
    if (kind === listKind) {
      emitPendingAsItem();
      return;
    }
    open.push({ kind, label });
  };
  const flush = () => {
    if (current !== null) {
      const { article: _article, kind: _kind, ...block } = current;
      blocks.push(block);
    }
    current = null;
  };
  const start = (line: SourceLine, article = false) => {
    flush();
    const kind = numberingKind(line.original, line.text);
    // A numbered paragraph right after a lone heading of the same numbering makes that heading
    // an item of the same list (四、…应当提供。 then 五、…): it becomes a paragraph, not a section.
    if (pending !== null && kind !== null && !line.fields && RANK[kind] <= RANK[pending.kind]) {
      emitPendingAsItem();
      while (open.length > 0 && RANK[open[open.length - 1]?.kind ?? 'lead'] >= RANK[kind]) open.pop();
    }
    pending = null;
    listKind = null;
    current = { section: sectionPath(), text: line.text, original: line.original.trim(), article, kind };
    if (line.fields) current.fields = line.fields;
  };

  lines.forEach((line, index) => {
    if (line.fields) {
      start(line);
      flush();
      return;
    }
    const article = ARTICLE.exec(markdownFree(line.original));
    if (article) {
      // Keep the space after the article number that normalization dropped: 第一条 为了…
      const number = article[0];
      const text = line.text.startsWith(number) ? `${number} ${line.text.slice(number.length)}` : line.text;
      start({ ...line, text }, true);
      return;
    }
    const heading = matchHeading(line);
    const inArticle = current?.article === true;
    // Inside an article every line but a chapter-level heading is one of its clauses or items.
    const boundary = line.breakBefore === true || ATTACHMENT.test(line.text);
    if (inArticle && !boundary && (heading === null || RANK[heading.kind] > RANK.markdown)) {
      appendTo(current, line);
      return;
    }
    // The last item of a list may end with 。 like a heading; after its sibling items it is one more item.
    const continuesList = heading !== null && !heading.hasBody && current?.kind === heading.kind;
    if (heading !== null && !continuesList) {
      flush();
      openHeading(heading.kind, heading.label, line);
      if (heading.hasBody) {
        pending = null; // the heading has its body on its own line: it is no lone heading
        start(line);
      }
      return;
    }
    const previousClosed =
      current === null ||
      boundary ||
      TERMINAL.test(current.text) ||
      ENDS_WITH_DATE.test(current.text) ||
      ENDS_WITH_ENACTMENT.test(current.text);
    if (isUnnumberedHeading(line, lines[index + 1], previousClosed)) {
      flush();
      openHeading('unnumbered', line.text, line);
      return;
    }
    if (current !== null && !previousClosed && !continuesList) appendTo(current, line);
    else start(line);
  });
  flush();
  emitPendingAsItem();
  return blocks;
}

/** The original line without Markdown emphasis or heading marks around it. */
function markdownFree(original: string): string {
  return original
    .trim()
    .replace(/^#{1,6}\s*/u, '')
    .replace(/^\*\*|\*\*/gu, '');
}

function appendTo(block: StructuredBlock | null, line: SourceLine): void {
  if (block === null) return;
  block.text += line.text;
  block.original += `\n${line.original.trim()}`;
}
