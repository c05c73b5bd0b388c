/**
 * The fixed query sample of the benchmark: drawn from the corpus with a seeded generator, so every
 * run and every engine sees the same few hundred queries.
 */

import type { Searcher } from '../../src/search/searcher.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { Corpus, DocumentMeta } from '../../src/types.ts';

/** One sampled query and the paragraph it was drawn from. */
export interface SampledQuery {
  kind: 'word' | 'substring' | 'two-words';
  query: string;
  sourceSeq: number;
}

/** How many queries of each kind the sample holds. */
export const SAMPLE_SIZES = { word: 150, substring: 150, 'two-words': 60 } as const;
const SEED = 20_260_321;
const CJK_RUN = /\p{Script=Han}{2,}/gu;
const HAN_WORD = /^\p{Script=Han}{2,4}$/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

function hanWords(text: string): string[] {
  const words: string[] = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike && HAN_WORD.test(s.segment)) words.push(s.segment);
  }
  return words;
}

function hanSubstring(text: string, random: () => number): string | undefined {
  const runs = [...text.matchAll(CJK_RUN)].map((m) => m[0]);
  const run = pick(runs, random);
  if (!run) return undefined;
  const chars = [...run];
  const length = Math.min(chars.length, 2 + Math.floor(random() * 5));
  const start = Math.floor(random() * (chars.length - length + 1));
  return chars.slice(start, start + length).join('');
}

/**
 * Draws the fixed sample: dictionary-like words, raw 2–6 character substrings, and word pairs;
 * `sizes` asks for another count of each kind (a load test's larger pool).
 */
export function sampleQueries(
  corpus: Corpus,
  sizes: Readonly<Record<SampledQuery['kind'], number>> = SAMPLE_SIZES,
): SampledQuery[] {
  const random = seededRandom(SEED);
  const out: SampledQuery[] = [];
  const seen = new Set<string>();
  const want: Record<SampledQuery['kind'], number> = { ...sizes };
  const total = Object.values(want).reduce((a, b) => a + b, 0);
  for (let attempt = 0; out.length < total && attempt < total * 50; attempt += 1) {
    const sourceSeq = Math.floor(random() * corpus.paragraphs.length);
    const text = corpus.paragraphs[sourceSeq]?.text ?? '';
    const kind = want.word > 0 ? 'word' : want.substring > 0 ? 'substring' : 'two-words';
    let query: string | undefined;
    if (kind === 'word') query = pick(hanWords(text), random);
    else if (kind === 'substring') query = hanSubstring(text, random);
    else {
      const words = [...new Set(hanWords(text))];
      const a = pick(words, random);
      const b = pick(words, random);
      if (a && b && a !== b) query = `${a} ${b}`;
    }
    if (!query || seen.has(query)) continue;
    seen.add(query);
    want[kind] -= 1;
    out.push({ kind, query, sourceSeq });
  }
  return out;
}

/**
 * The documents and query texts a load test's pool draws on, made in process as `requestPools`
 * (load-server.ts) makes them over HTTP: every `step`-th of the searcher's documents up to
 * `documents`, their paragraphs sampled by {@link sampleQueries} (`queries` counts, else the fixed sample's).
 */
export function poolSample(
  searcher: Searcher,
  size: { documents: number; queries?: Readonly<Record<SampledQuery['kind'], number>> },
): { documents: DocumentMeta[]; queries: string[] } {
  const documents = searcher.documents();
  const step = Math.max(1, Math.floor(documents.length / size.documents));
  const picked = documents.filter((_, i) => i % step === 0).slice(0, size.documents);
  const corpus: Corpus = { documents: picked, paragraphs: [] };
  for (const doc of picked) {
    const found = searcher.document(doc.id);
    for (const p of found?.paragraphs ?? []) corpus.paragraphs.push({ ...p, docId: doc.id } as never);
  }
  return { documents: picked, queries: sampleQueries(corpus, size.queries).map((q) => q.query) };
}
