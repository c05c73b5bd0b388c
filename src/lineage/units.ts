/**
 * Measure units: the sentences (or clauses) of a document's paragraphs that each state one measure,
 * with numbering, role labels and （…负责） brackets stripped for comparison. The brackets' agencies
 * are kept beside each unit, since a change of agency is compared separately from the wording.
 */
import { bracketAgencies } from '../ingest/agencies.ts';
import type { Paragraph } from '../types.ts';

/** One measure of a document, as the aligner compares it. */
export interface MeasureUnit {
  /** Position among the document's units, from 0. */
  index: number;
  /** The paragraph the unit comes from, so a link leads back into the document view. */
  paragraphId: string;
  /** The paragraph's position in its document. */
  ordinal: number;
  /** The unit's normalized text: numbering, role labels and responsibility brackets removed. */
  text: string;
  /** `heading` for an item's own title (its first sentence repeats its section heading), else `measure`. */
  kind: 'heading' | 'measure';
  /** Bodies responsible for this unit: the （…负责） bracket that closes its run, else its paragraph's. */
  agencies: string[];
}

/** Units shorter than this many characters are headings such as 指导思想 or ——知识产权公共服务, not measures. */
export const MIN_UNIT_CHARS = 9;

// Item numbering at the start of a sentence: （一） 一、 1. 1、 (1) ——
const LEADING_NUMBER =
  /^(?:[（(][一二三四五六七八九十百\d]{1,4}[）)]|[一二三四五六七八九十百]{1,3}[、.．]|\d{1,3}(?:[.．、](?!\d)|\s)|——)\s*/u;
// Who a task row addresses, e.g. 国家知识产权局： at the start of a row's sentence.
const ROLE_LABEL = /^(?:国家知识产权局|局内|各地区|有关地区)[：:]/u;
const RESPONSIBILITY = /[（(][^（）()]{2,300}?负责[）)]/gu;
const code = (char: string) => char.charCodeAt(0);
/**
 * Quotes and brackets that hold a sentence together: per BMP code unit its closer's code unit (0:
 * not an opener). Tables by code unit rather than a Map and a Set: looked up for every character.
 */
const CLOSER_OF = new Uint16Array(0x10000);
for (const [open, close] of [
  ['“', '”'],
  ['《', '》'],
  ['（', '）'],
  ['(', ')'],
  ['‘', '’'],
  ['「', '」'],
])
  CLOSER_OF[code(open as string)] = code(close as string);
/** 1 for a code unit that ends a sentence. */
const SENTENCE_END = new Uint8Array(0x10000);
for (const char of ['。', '；', '！', '？', ';', '!', '?']) SENTENCE_END[code(char)] = 1;
const FULL_CLOSE = code('）');
const ASCII_CLOSE = code(')');
const FU = code('负');
const ZE = code('责');

/** A paragraph cut into sentences, each with the brackets that end it; quotes and brackets never cut. */
export function splitSentences(text: string): string[] {
  // Code units, not one-character strings: a cold comparison of two laws cuts ~200,000 of them.
  const sentences: string[] = [];
  const closers: number[] = [];
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (closers.length > 0 && char === closers[closers.length - 1]) {
      closers.pop();
      // A （…负责） bracket closes the run of sentences before it.
      if (
        closers.length === 0 &&
        (char === FULL_CLOSE || char === ASCII_CLOSE) &&
        at - 2 >= start &&
        text.charCodeAt(at - 1) === ZE &&
        text.charCodeAt(at - 2) === FU
      ) {
        sentences.push(text.slice(start, at + 1));
        start = at + 1;
      }
      continue;
    }
    const closer = CLOSER_OF[char] as number;
    if (closer !== 0) {
      closers.push(closer);
      continue;
    }
    if (closers.length === 0 && SENTENCE_END[char] === 1) {
      sentences.push(text.slice(start, at + 1));
      start = at + 1;
    }
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
}

/** Characters a numbering (LEADING_NUMBER) or role label (ROLE_LABEL) can start with, by code unit. */
const LEADING_STARTS = new Set(
  [...'（(一二三四五六七八九十百0123456789—国局各有'].map((char) => char.charCodeAt(0)),
);
/** Whitespace and the punctuation `comparableText` strips from a unit's end. */
const TRAILING = /[。；;！!？?，,、：:\s]+$/u;
const WHITESPACE = /^\s$/u;
const TRAILING_PUNCTUATION = new Set([...'。；;！!？?，,、：:'].map((char) => char.charCodeAt(0)));

/** Whether `text` ends with a character {@link TRAILING} strips. */
function endsStrippable(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return TRAILING_PUNCTUATION.has(last) || WHITESPACE.test(text.charAt(text.length - 1));
}

/** The text a unit is compared by: numbering, role label, responsibility brackets and end punctuation removed. */
export function comparableText(sentence: string): string {
  let text = (sentence.includes('负责') ? sentence.replace(RESPONSIBILITY, '') : sentence).trim();
  // Both patterns are anchored at the start: a text whose first character neither can begin with
  // (第, 人民法院 … most sentences of a law) is left as it is without running them.
  if (LEADING_STARTS.has(text.charCodeAt(0)))
    for (let previous = ''; previous !== text; ) {
      previous = text;
      text = text.replace(LEADING_NUMBER, '').replace(ROLE_LABEL, '').trim();
    }
  return text.length > 0 && endsStrippable(text) ? text.replace(TRAILING, '') : text;
}

const CONTENT = /^[\p{Script=Han}\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet asked, 1 content, 2 not (the regex asked once per character). */
const contentCache = new Uint8Array(0x10000);

/** Counts the CJK characters, letters and digits of a text (punctuation is not content). */
function contentLength(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at);
    const high = unit >= 0xd800 && unit <= 0xdbff && at + 1 < text.length;
    const low = high ? text.charCodeAt(at + 1) : 0;
    if (high && low >= 0xdc00 && low <= 0xdfff) {
      if (CONTENT.test(text.slice(at, at + 2))) count++;
      at++;
      continue;
    }
    let known = contentCache[unit] as number;
    if (known === 0) {
      known = CONTENT.test(String.fromCharCode(unit)) ? 1 : 2;
      contentCache[unit] = known;
    }
    if (known === 1) count++;
  }
  return count;
}

/** The measure units of one document's paragraphs, in document order. */
export function measureUnits(paragraphs: readonly Paragraph[]): MeasureUnit[] {
  const units: MeasureUnit[] = [];
  for (const paragraph of paragraphs) {
    const sentences = splitSentences(paragraph.text);
    const heading = comparableText(paragraph.section.at(-1) ?? '');
    let run: { text: string; kind: MeasureUnit['kind'] }[] = [];
    const flush = (agencies: string[]) => {
      for (const { text, kind } of run) {
        units.push({
          index: units.length,
          paragraphId: paragraph.id,
          ordinal: paragraph.ordinal,
          text,
          kind,
          agencies,
        });
      }
      run = [];
    };
    sentences.forEach((sentence, at) => {
      const text = comparableText(sentence);
      const kind = at === 0 && heading !== '' && text === heading ? 'heading' : 'measure';
      if (contentLength(text) >= MIN_UNIT_CHARS) run.push({ text, kind });
      // Only a （…负责） bracket names agencies: most sentences hold none.
      const named = sentence.includes('负责') ? bracketAgencies(sentence) : [];
      if (named.length > 0) flush([...new Set(named)]);
    });
    flush(paragraph.agencies);
  }
  return units;
}
