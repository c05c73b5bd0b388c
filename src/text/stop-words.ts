/**
 * Words that carry no meaning for retrieval in these documents. They are left out of the index
 * tokens and out of query words; the recall fallback (character bigrams) still sees them, so a
 * quoted phrase containing 的 is matched exactly.
 */

/** Function words, conjunctions and particles common in policy prose. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  '的',
  '地',
  '得',
  '了',
  '着',
  '和',
  '与',
  '及',
  '以及',
  '或',
  '或者',
  '等',
  '等等',
  '之',
  '其',
  '在',
  '对',
  '于',
  '为',
  '是',
  '将',
  '把',
  '被',
  '由',
  '从',
  '向',
  '以',
  '并',
  '并且',
  '而',
  '也',
  '又',
  '就',
  '都',
  '各',
  '该',
  '此',
  '这',
  '那',
  '有关',
  '关于',
  '进一步',
  'the',
  'of',
  'and',
]);

/** True when a token is nothing but punctuation, symbols or spaces (no letter, digit or CJK character). */
export function isPunctuation(token: string): boolean {
  return !/[\p{L}\p{N}]/u.test(token);
}

/** True when a token should not be indexed or matched as a word. */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token) || isPunctuation(token);
}
