/**
 * Prefix lookup for one kind of suggestion without a key per prefix: every indexed word of every
 * entry, as a (word, entry id) pair, sorted by word, so the words that start with a prefix are one
 * contiguous run found by two binary searches. Its answer is the one FlexSearch's forward-tokenized
 * index gave (the index this replaces): the smallest entry ids — the most frequent entries, since
 * entries are numbered most frequent first — whose words start with every space-separated part of
 * the prefix. FlexSearch kept an array per prefix of every word (≈ 180 MB of heap at laws scale);
 * this keeps the sorted pairs (a few MB) and remembers the answers of the few prefixes whose run is long.
 */

/** The sorted (word, entry id) pairs of one kind of suggestion. */
export interface PrefixTable {
  /** Every indexed word, sorted by UTF-16 code units (JavaScript's `<`), ties by entry id. */
  words: string[];
  /** The entry id of each word, by position in `words`. */
  ids: Uint32Array;
  /** Answers already worked out for prefixes with a long run (see {@link REMEMBER_RUN}), by prefix. */
  remembered: Map<string, Uint32Array>;
}

/** A run of pairs this long or longer is scanned once and its smallest ids remembered: short runs cost less than a map entry. */
const REMEMBER_RUN = 256;
/** How many ids a remembered answer keeps: twice the largest suggestion list, what `searchSuggestions` asks for at most. */
export const REMEMBERED_IDS = 40;
/** Longest word FlexSearch's encoder indexed or looked up (its `maxlength`): longer words and parts of a prefix are left out, as there. */
const MAX_WORD = 1024;

/** One word of an entry: its id, and the word — the entry's text itself when the pair is the bare id. */
export type PrefixPair = number | [id: number, word: string];

/**
 * The table of `pairs` already in sorted order (as {@link sortedPairs} gives them); `textOf` is
 * the text of an entry id, the word of a bare-id pair (the same string: nothing is copied).
 */
export function prefixTableOf(pairs: readonly PrefixPair[], textOf: (id: number) => string): PrefixTable {
  const words = new Array<string>(pairs.length);
  const ids = new Uint32Array(pairs.length);
  pairs.forEach((pair, i) => {
    if (typeof pair === 'number') {
      ids[i] = pair;
      words[i] = textOf(pair);
    } else {
      ids[i] = pair[0];
      words[i] = pair[1];
    }
  });
  return { words, ids, remembered: new Map() };
}

/** The pairs `table` was made of, in its order: the inverse of {@link prefixTableOf}. */
export function pairsOfTable(table: PrefixTable, textOf: (id: number) => string): PrefixPair[] {
  return table.words.map((word, i) => {
    const id = table.ids[i] as number;
    return word === textOf(id) ? id : [id, word];
  });
}

/**
 * Every (word, id) pair of `wordsOf` — the indexed words of each entry id from 0 to `count - 1` —
 * sorted by word then id; a pair whose word is the entry's text (`textOf`) is written as the bare id.
 */
export function sortedPairs(
  count: number,
  wordsOf: (id: number) => string[],
  textOf: (id: number) => string,
): PrefixPair[] {
  const words: string[] = [];
  const ids: number[] = [];
  const whole: boolean[] = [];
  for (let id = 0; id < count; id++) {
    const seen = new Set<string>();
    const text = textOf(id);
    for (const word of wordsOf(id)) {
      if (word === '' || word.length > MAX_WORD || seen.has(word)) continue;
      seen.add(word);
      words.push(word);
      ids.push(id);
      whole.push(word === text);
    }
  }
  const order = words.map((_, i) => i);
  order.sort((a, b) => {
    const wordA = words[a] as string;
    const wordB = words[b] as string;
    return wordA < wordB ? -1 : wordA > wordB ? 1 : (ids[a] as number) - (ids[b] as number);
  });
  return order.map((i) => (whole[i] ? (ids[i] as number) : [ids[i] as number, words[i] as string]));
}

/** The first position in `words` at or after `from` whose word is not before `prefix`. */
function firstNotBefore(words: string[], prefix: string, from: number): number {
  let low = from;
  let high = words.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((words[mid] as string) < prefix) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The run of positions whose word starts with `prefix`: [start, end). */
function runOf(words: string[], prefix: string): [number, number] {
  const start = firstNotBefore(words, prefix, 0);
  // From `start` on every word is ≥ prefix; those that start with it come first.
  let low = start;
  let high = words.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((words[mid] as string).startsWith(prefix)) low = mid + 1;
    else high = mid;
  }
  return [start, low];
}

/** The `limit` smallest distinct ids among `ids[start..end)`, ascending. */
function smallestIds(ids: Uint32Array, start: number, end: number, limit: number): number[] {
  const best: number[] = [];
  for (let i = start; i < end; i++) {
    const id = ids[i] as number;
    if (best.length === limit && id >= (best[limit - 1] as number)) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((best[mid] as number) < id) low = mid + 1;
      else high = mid;
    }
    if (best[low] === id) continue;
    best.splice(low, 0, id);
    if (best.length > limit) best.pop();
  }
  return best;
}

/** Every distinct id whose word starts with `prefix`, ascending (for intersecting the parts of a prefix). */
function allIds(table: PrefixTable, prefix: string): number[] {
  const [start, end] = runOf(table.words, prefix);
  return [...new Set(table.ids.subarray(start, end))].sort((a, b) => a - b);
}

/** The ids of up to `limit` entries with a word starting with `prefix` (one part, no space), smallest first. */
function idsOfPart(table: PrefixTable, prefix: string, limit: number): number[] {
  const known = table.remembered.get(prefix);
  if (known && limit <= REMEMBERED_IDS) return Array.from(known.subarray(0, limit));
  const [start, end] = runOf(table.words, prefix);
  if (end - start < REMEMBER_RUN || limit > REMEMBERED_IDS) {
    return smallestIds(table.ids, start, end, limit);
  }
  const answer = Uint32Array.from(smallestIds(table.ids, start, end, REMEMBERED_IDS));
  table.remembered.set(prefix, answer);
  return Array.from(answer.subarray(0, limit));
}

/**
 * Up to `limit` entry ids, smallest first, of the entries that have, for each space-separated part
 * of `key`, a word starting with that part (as FlexSearch's forward index answered `search(key)`).
 */
export function searchPrefixTable(table: PrefixTable, key: string, limit: number): number[] {
  const parts = [...new Set(key.split(' ').filter((part) => part !== '' && part.length <= MAX_WORD))];
  if (parts.length === 0 || limit <= 0) return [];
  if (parts.length === 1) return idsOfPart(table, parts[0] as string, limit);
  let common = allIds(table, parts[0] as string);
  for (const part of parts.slice(1)) {
    const ids = new Set(allIds(table, part));
    common = common.filter((id) => ids.has(id));
  }
  return common.slice(0, limit);
}
