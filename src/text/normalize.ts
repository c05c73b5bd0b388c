/**
 * Text normalization shared by documents and queries: script (traditional→simplified, character by
 * character), a reviewed policy phrase table, character width, punctuation and whitespace.
 * Runs per paragraph and per request, so everything is a single regex pass with map lookups.
 */
import type { DictLike } from 'opencc-js/core';
import { to as openccTargets } from 'opencc-js/preset/t2cn';
import { STRAY_CHARACTER_REPAIRS, TAIWAN_COPY_PHRASES, TAIWAN_ONLY_PHRASES } from './policy-phrases.ts';

/**
 * Share of Han characters that must be traditional-only before a text counts as traditional.
 * Simplified text has none; a Taiwan copy has about a third. 5% keeps a stray quoted 意見 in a
 * simplified paragraph from switching the whole paragraph to traditional handling.
 */
const TRADITIONAL_RATIO = 0.05;

/**
 * Traditional characters that are also current simplified characters in some words (乾坤, the
 * surname 於, 夥 "many", 徵 the musical note, 幺麽). They are converted only in text judged traditional.
 */
const AMBIGUOUS_TRADITIONAL = new Set(['乾', '於', '夥', '徵', '麽']);

/** OpenCC's traditional→simplified character table (no phrase tables: they carry the IT terms). */
function loadCharacterTable(): Map<string, string> {
  const group = openccTargets.cn?.[0];
  // `to.cn` is [[TSPhrases, TSCharacters]]: the character table is the second dictionary.
  const dict: DictLike | undefined = group?.[1];
  if (dict === undefined) throw new Error('opencc-js: TSCharacters dictionary not found');
  const pairs: readonly (readonly [string, string])[] =
    typeof dict === 'string'
      ? dict.split('|').map((entry) => {
          const [from = '', target = ''] = entry.split(' ');
          return [from, target] as const;
        })
      : dict;
  const table = new Map<string, string>();
  for (const [from, target] of pairs) if (from && target && from !== target) table.set(from, target);
  return table;
}

const CHARACTER_TABLE = loadCharacterTable();

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

// Per UTF-16 code unit: 0 not traditional, 1 traditional only, 2 traditional but also simplified in
// some words. A typed-array lookup per character keeps the scan fast enough for a 63 MB corpus.
const NOT_TRADITIONAL = 0;
const UNAMBIGUOUS = 1;
const AMBIGUOUS = 2;
const BMP_KIND = new Uint8Array(0x10000);
// Traditional characters outside the BMP (CJK extension B…), kept as surrogate-pair strings.
const ASTRAL_TRADITIONAL = new Set<string>();
for (const char of CHARACTER_TABLE.keys()) {
  if (char.length === 1)
    BMP_KIND[char.charCodeAt(0)] = AMBIGUOUS_TRADITIONAL.has(char) ? AMBIGUOUS : UNAMBIGUOUS;
  else ASTRAL_TRADITIONAL.add(char);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/** Counts of traditional-only characters and of all Han characters (astral ideographs count as Han). */
function countScripts(text: string): { traditional: number; han: number } {
  let traditional = 0;
  let han = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x3400) continue;
    if (isHighSurrogate(code)) {
      han++;
      if (ASTRAL_TRADITIONAL.has(text.slice(i, i + 2))) traditional++;
      i++;
    } else {
      if (isHan(code)) han++;
      if (BMP_KIND[code] === UNAMBIGUOUS) traditional++;
    }
  }
  return { traditional, han };
}

/** A replacer for a phrase table: one alternation, longest keys first so 智慧型化 wins over shorter keys. */
function phraseReplacer(table: Readonly<Record<string, string>>): (text: string) => string {
  const keys = Object.keys(table).sort((a, b) => b.length - a.length);
  const re = new RegExp(keys.map(escapeForRegExp).join('|'), 'g');
  return (text) => text.replace(re, (match) => table[match] ?? match);
}

const repairStrayCharacters = phraseReplacer(STRAY_CHARACTER_REPAIRS);
const mapTaiwanOnlyPhrases = phraseReplacer(TAIWAN_ONLY_PHRASES);
const mapTaiwanCopyPhrases = phraseReplacer(TAIWAN_COPY_PHRASES);

function isTraditionalBy({ traditional, han }: { traditional: number; han: number }): boolean {
  return traditional > 0 && traditional / Math.max(1, han) >= TRADITIONAL_RATIO;
}

/** True when enough of the text's Han characters are traditional-only to treat it as a traditional copy. */
export function isTraditional(text: string): boolean {
  return isTraditionalBy(countScripts(text));
}

/** Convert traditional characters: unambiguous ones always, ambiguous ones only when `all`. */
function convertCharacters(text: string, all: boolean): string {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x3400) continue;
    const astral = isHighSurrogate(code);
    const char = astral ? text.slice(i, i + 2) : text[i];
    const kind = astral
      ? ASTRAL_TRADITIONAL.has(char ?? '')
        ? UNAMBIGUOUS
        : NOT_TRADITIONAL
      : BMP_KIND[code];
    if (kind === UNAMBIGUOUS || (all && kind === AMBIGUOUS)) {
      out += text.slice(copiedUpTo, i) + (CHARACTER_TABLE.get(char ?? '') ?? char);
      copiedUpTo = i + (astral ? 2 : 1);
    }
    if (astral) i++;
  }
  return out + text.slice(copiedUpTo);
}

/**
 * Traditional→simplified, character by character. Unambiguous traditional characters never occur
 * in simplified writing and are always converted; ambiguous ones and the Taiwan-copy phrases only
 * when the text as a whole is traditional.
 */
function toSimplified(text: string): string {
  const counts = countScripts(text);
  if (counts.traditional === 0) return mapTaiwanOnlyPhrases(text);
  const traditional = isTraditionalBy(counts);
  const repaired = repairStrayCharacters(convertCharacters(text, traditional));
  return mapTaiwanOnlyPhrases(traditional ? mapTaiwanCopyPhrases(repaired) : repaired);
}

/** Full-width ASCII letters and digits (Ａ, ９) to their half-width forms. */
function toHalfWidthAlphanumerics(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

// Han characters and the CJK punctuation that sits between them.
const CJK = '\\p{Script=Han}\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\u2018-\\u201F\\u2014\\u2026';
const FULL_WIDTH: Readonly<Record<string, string>> = {
  ',': '，',
  ':': '：',
  ';': '；',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
  '.': '。',
};
// , : ; ? ! ( ) touching CJK on either side; '.' only between CJK on both sides (1. and 16.5 stay).
const PUNCT_NEXT_TO_CJK = new RegExp(
  `(?<=[${CJK}])[,:;?!()]|[,:;?!()](?=[${CJK}])|(?<=[${CJK}])\\.(?=[${CJK}])`,
  'gu',
);
// A numbering such as (1) opening a line, whose '(' touches no CJK character.
const LEADING_NUMBERING = /^\(([^()（）]{1,6})[)）]/u;

function toFullWidthPunctuation(text: string): string {
  let current = text;
  // A converted mark is CJK punctuation itself, so its ASCII neighbour converts on the next pass
  // (?( before 国 → ？（); repeat until nothing changes so normalizing twice changes nothing.
  for (;;) {
    if (!/[,:;?!().]/u.test(current)) return current;
    // A pair whose one side touched CJK and was converted takes its partner along: 指引(2023) → 指引（2023）.
    const next = current
      .replace(PUNCT_NEXT_TO_CJK, (c) => FULL_WIDTH[c] ?? c)
      .replace(LEADING_NUMBERING, '（$1）')
      .replace(/（([^()（）]*)\)/gu, '（$1）')
      .replace(/\(([^()（）]*)）/gu, '（$1）');
    if (next === current) return current;
    current = next;
  }
}

const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'gu');

/** Whitespace runs (including ideographic and no-break spaces) to one space; none next to CJK. */
function collapseWhitespace(text: string): string {
  if (!/\s/u.test(text)) return text;
  return text.replace(SPACE_NEXT_TO_CJK, '').replace(/\s+/gu, ' ').trim();
}

/**
 * Normalize one paragraph or query: traditional→simplified (character level, only where the text
 * is traditional), the reviewed policy phrase table, full-width letters/digits to half-width, ASCII
 * punctuation touching CJK to full-width (，：；？！（）。), whitespace collapsed and trimmed.
 * Lines are not preserved: call it per line or per paragraph.
 */
export function normalizeText(raw: string): string {
  // Whitespace goes first so that a phrase broken by a line break (巨\n觀) is still mapped.
  let text = toHalfWidthAlphanumerics(toSimplified(collapseWhitespace(raw)));
  // Punctuation and spacing feed each other (a new ？ lets the space after it go, which brings an
  // ASCII ! next to CJK), so alternate until stable: normalizing twice must change nothing.
  for (;;) {
    const next = collapseWhitespace(toFullWidthPunctuation(text));
    if (next === text) return text;
    text = next;
  }
}
