/** Ground truth for the recall figure: which paragraphs contain every word of a query verbatim. */
import type { Corpus } from '../../src/types.ts';
import { queryWords } from './peers/engine.ts';

/** Separates paragraphs in the joined text; never occurs in normalized text. */
const SEPARATOR = '\u0000';

/** For each query, the seqs of all paragraphs holding all its space-separated words, by brute force. */
export function expectedMatches(corpus: Corpus, queries: readonly string[]): number[][] {
  const titles = new Map(corpus.documents.map((d) => [d.id, d.title]));
  // One joined string searched with indexOf is far faster than an includes() per paragraph.
  const starts: number[] = [];
  let length = 0;
  const parts = corpus.paragraphs.map((p) => {
    const haystack = `${p.text}\n${p.section.join(' ')}\n${titles.get(p.docId) ?? ''}${SEPARATOR}`;
    starts.push(length);
    length += haystack.length;
    return haystack;
  });
  const joined = parts.join('');
  const seqAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const seqsOf = (word: string): Set<number> => {
    const seqs = new Set<number>();
    for (let at = joined.indexOf(word); at >= 0; at = joined.indexOf(word, at + 1)) seqs.add(seqAt(at));
    return seqs;
  };
  return queries.map((q) => {
    const [first, ...rest] = queryWords(q).map(seqsOf);
    if (!first) return [];
    return [...first].filter((seq) => rest.every((s) => s.has(seq))).sort((a, b) => a - b);
  });
}
