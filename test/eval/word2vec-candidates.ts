/**
 * Issue 10's candidates built on pretrained Chinese word vectors (word2vec, trained on Chinese
 * Wikipedia, shipped in the npm package node-synonyms), measured side by side on one index:
 * `npx tsx test/eval/word2vec-candidates.ts --laws-index DIR --vectors FILE [--split tune|holdout] [--per-query] [--levels]`.
 * FILE: `npm pack node-synonyms` and take `package/data/words.vector` from the tarball (125,796 words,
 * 100 dimensions; the package is not a dependency: its native parts do not build on Node 20).
 *
 * Lists per paraphrase query: the keyword top 1,000 and the LSA neighbours (as hybrid has them), the
 * concept-coverage list as shipped, the coverage list over groups widened by each word's nearest
 * pretrained words (only words the corpus holds), and SIF-weighted paragraph (or best-sentence)
 * vectors from the pretrained words searched exactly; coverage counted inside one sentence (a
 * measure) rather than the whole paragraph; fused by weighted RRF. Decided on the tuning split only.
 */
import { parseArgs } from 'node:util';
import { SEARCH } from '../../src/config.ts';
import { normalizeInPlace } from '../../src/embedding/embedder.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { postingList } from '../../src/keyword/postings.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import type { ConceptGroup } from '../../src/search/concept-groups.ts';
import { coverageRanking } from '../../src/search/coverage-ranking.ts';
import { prepareQuery } from '../../src/search/prepare-query.ts';
import type { SearchContext } from '../../src/search/search-types.ts';
import { semanticRanking } from '../../src/search/semantic-ranking.ts';
import { contentWords } from '../../src/text/analyze.ts';
import { coverageList } from './coverage-list.ts';
import { type FusionRow, type Lists, printFusionTable, type QueryLists } from './fusion-table.ts';
import { querySets } from './labelled-sets.ts';
import { readWord2vecBinary, type WordVectorTable } from './word2vec-file.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const SENTENCE_END = /[。；！？]/u;

const { values } = parseArgs({
  options: {
    'laws-index': { type: 'string' },
    vectors: { type: 'string' },
    split: { type: 'string', default: 'tune' },
    'per-query': { type: 'boolean', default: false },
    levels: { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values['laws-index'] || !values.vectors)
  throw new Error('--laws-index DIR and --vectors FILE are required');
if (values.split !== 'tune' && values.split !== 'holdout') throw new Error('--split is tune or holdout');
if ((values['per-query'] || values.levels) && values.split === 'holdout')
  throw new Error('per-query ranks and levels are for the tuning split only');

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
const index = await openIndex(values['laws-index'], {}, { semanticIn: 'thread' });
const context: SearchContext = { index, view: index.keyword.view };
const setName = values.split === 'tune' ? 'paraphrase (tuning)' : 'paraphrase (held out)';
const set = querySets(index.corpus).find((s) => s.name === setName);
if (!set) throw new Error(`no set ${setName}`);
const table = readWord2vecBinary(values.vectors);
const rowOf = new Map(table.words.map((word, row) => [word, row]));
log(
  `opened ${index.corpus.paragraphs.length} paragraphs, ${table.words.length} word vectors (${seconds()} s)`,
);

// Content words per paragraph and per sentence, and corpus word counts for SIF weights.
const paragraphWords: string[][] = [];
const sentenceWords: string[][] = [];
const sentenceParagraph: number[] = [];
const counts = new Map<string, number>();
let totalWords = 0;
index.corpus.paragraphs.forEach((paragraph, seq) => {
  const all: string[] = [];
  for (const sentence of paragraph.text.split(SENTENCE_END)) {
    if (!sentence.trim()) continue;
    const words = contentWords(sentence);
    sentenceWords.push(words);
    sentenceParagraph.push(seq);
    all.push(...words);
  }
  for (const word of all) counts.set(word, (counts.get(word) ?? 0) + 1);
  totalWords += all.length;
  paragraphWords.push(all);
});
log(`segmented ${sentenceWords.length} sentences (${seconds()} s)`);

const SIF_A = 1e-3;
const d = table.dimensions;
/** SIF-weighted mean of the words' pretrained vectors (unit length), or null when no word has one. */
function sifVector(words: string[]): Float32Array | null {
  const vector = new Float32Array(d);
  let any = false;
  for (const word of words) {
    const row = rowOf.get(word);
    if (row === undefined) continue;
    const weight = SIF_A / (SIF_A + (counts.get(word) ?? 0) / totalWords);
    for (let c = 0; c < d; c++)
      vector[c] = (vector[c] as number) + weight * (table.vectors[row * d + c] as number);
    any = true;
  }
  return any ? normalizeInPlace(vector) : null;
}

function matrixOf(lists: string[][]): Float32Array {
  const out = new Float32Array(lists.length * d);
  lists.forEach((words, i) => {
    const vector = sifVector(words);
    if (vector) out.set(vector, i * d);
  });
  return out;
}
const paragraphMatrix = matrixOf(paragraphWords);
const sentenceMatrix = matrixOf(sentenceWords);
log(`SIF vectors (${seconds()} s)`);

/** Rows of `matrix` by cosine to `query`, best first, as many as `limit`. */
function exact(
  matrix: Float32Array,
  query: Float32Array,
  limit: number,
): { row: number; similarity: number }[] {
  const rows = matrix.length / d;
  const best: { row: number; similarity: number }[] = [];
  let floor = -2;
  for (let row = 0; row < rows; row++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += (matrix[row * d + c] as number) * (query[c] as number);
    if (best.length < limit || s > floor) {
      best.push({ row, similarity: s });
      if (best.length > limit * 2) {
        best.sort((a, b) => b.similarity - a.similarity);
        best.length = limit;
        floor = best[limit - 1]?.similarity ?? -2;
      }
    }
  }
  return best.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}

function bestSentences(query: Float32Array, limit: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const { row } of exact(sentenceMatrix, query, limit * 4)) {
    const seq = sentenceParagraph[row] as number;
    if (seen.has(seq)) continue;
    seen.add(seq);
    out.push(seq);
    if (out.length === limit) break;
  }
  return out;
}

/** The `k` nearest pretrained words the corpus holds, at least `minSimilarity`. */
function nearest(table: WordVectorTable, word: string, k: number, minSimilarity: number): string[] {
  const row = rowOf.get(word);
  if (row === undefined) return [];
  const found: { word: string; similarity: number }[] = [];
  for (let other = 0; other < table.words.length; other++) {
    if (other === row) continue;
    let s = 0;
    for (let c = 0; c < d; c++)
      s += (table.vectors[row * d + c] as number) * (table.vectors[other * d + c] as number);
    if (s >= minSimilarity) found.push({ word: table.words[other] as string, similarity: s });
  }
  return found
    .sort((a, b) => b.similarity - a.similarity)
    .map((f) => f.word)
    .filter((w) => [...w].length >= 2 && counts.has(w))
    .slice(0, k);
}
function widen(groups: ConceptGroup[], k: number, minSimilarity: number): ConceptGroup[] {
  return groups.map(({ word, terms }) => ({
    word,
    terms: [
      ...new Set([
        ...terms,
        ...terms.flatMap((t) => (t === word ? nearest(table, t, k, minSimilarity) : [])),
      ]),
    ],
  }));
}

/** Coverage counted inside one sentence (a measure), best sentence first, then paragraph coverage, then the shipped order. */
function sentenceCoverage(groups: ConceptGroup[]): number[] {
  if (groups.length === 0) return [];
  const everyLevel = coverageRanking(index.keyword, groups, { limit: 20000, levels: 100 });
  const paragraphs = index.corpus.paragraphs;
  const scored = everyLevel.map(({ seq, score }, order) => {
    let best = 0;
    for (const sentence of (paragraphs[seq]?.text ?? '').split(SENTENCE_END)) {
      let n = 0;
      for (const g of groups) if (g.terms.some((t) => sentence.includes(t))) n++;
      if (n > best) best = n;
    }
    return { seq, best, level: Math.floor(score), order };
  });
  scored.sort((a, b) => b.best - a.best || b.level - a.level || a.order - b.order);
  const top = scored[0]?.best ?? 0;
  return scored
    .filter((e) => e.best === top)
    .slice(0, SEARCH.coverageResults)
    .map((e) => e.seq);
}

const perQuery: QueryLists[] = [];
const coverageOf = (groups: ConceptGroup[], levels: number) => coverageList(index.keyword, groups, levels);
for (const q of set.queries) {
  const prepared = prepareQuery(q.query);
  const queryVector = sifVector(contentWords(prepared.text));
  const lists: Lists = {
    keyword: searchKeyword(index.keyword, prepared.tree, {})
      .best(SEARCH.hybridKeywordDepth)
      .map(({ seq }) => seq),
    semantic: (await semanticRanking(context, prepared, {})).map(({ seq }) => seq),
    coverage: coverageOf(prepared.groups, 1),
    'coverage + w2v 3 ≥ 0.6': coverageOf(widen(prepared.groups, 3, 0.6), 1),
    'coverage + w2v 5 ≥ 0.6': coverageOf(widen(prepared.groups, 5, 0.6), 1),
    'coverage + w2v 5 ≥ 0.5': coverageOf(widen(prepared.groups, 5, 0.5), 1),
    'coverage + w2v 10 ≥ 0.5': coverageOf(widen(prepared.groups, 10, 0.5), 1),
    'sentence coverage': sentenceCoverage(prepared.groups),
    'sentence coverage + w2v 3 ≥ 0.6': sentenceCoverage(widen(prepared.groups, 3, 0.6)),
    'sentence coverage + w2v 5 ≥ 0.5': sentenceCoverage(widen(prepared.groups, 5, 0.5)),
    'w2v SIF paragraph': queryVector ? exact(paragraphMatrix, queryVector, 100).map(({ row }) => row) : [],
    'w2v SIF sentence': queryVector ? bestSentences(queryVector, 100) : [],
  };
  perQuery.push({ query: q.query, relevant: q.relevant, lists });
  if (values['per-query']) {
    log(
      `${q.query}: ${prepared.groups.map((g) => `${g.word}→${widen([g], 5, 0.5)[0]?.terms.join('/')}`).join(' | ')}`,
    );
  }
}
log(`lists computed (${seconds()} s)`);
// Where the labelled paragraphs stand: how many concept groups they cover in the paragraph and in their
// best sentence, against the best level reached anywhere (and how many paragraphs reach it).
if (values.levels) {
  for (const q of set.queries) {
    const prepared = prepareQuery(q.query);
    for (const [label, groups] of [
      ['plain', prepared.groups],
      ['w2v 5≥0.5', widen(prepared.groups, 5, 0.5)],
    ] as const) {
      const paragraphs = index.corpus.paragraphs;
      const level = new Map<number, number>();
      groups.forEach((group) => {
        const hit = new Set<number>();
        for (const term of group.terms) {
          const tokens = term.length >= 2 ? [term] : [];
          for (const t of tokens) for (const seq of postingList(index.keyword.postings, t).seqs) hit.add(seq);
        }
        for (const seq of hit) level.set(seq, (level.get(seq) ?? 0) + 1);
      });
      const sentenceLevel = (seq: number) => {
        let best = 0;
        for (const sentence of (paragraphs[seq]?.text ?? '').split(SENTENCE_END)) {
          const n = groups.filter((g) => g.terms.some((t) => sentence.includes(t))).length;
          if (n > best) best = n;
        }
        return best;
      };
      const maxLevel = Math.max(0, ...level.values());
      const atMax = [...level.values()].filter((v) => v === maxLevel).length;
      const sentenceLevels = new Map<number, number>();
      for (const [seq, v] of level) if (v >= 2) sentenceLevels.set(seq, sentenceLevel(seq));
      const maxSentence = Math.max(0, ...sentenceLevels.values());
      const atMaxSentence = [...sentenceLevels.values()].filter((v) => v === maxSentence).length;
      const rel = [...q.relevant]
        .map((seq) => `${level.get(seq) ?? 0}/${sentenceLevels.get(seq) ?? 0}`)
        .join(',');
      log(
        `${q.query} [${label}] groups ${groups.length} · para max ${maxLevel} (${atMax}) · sentence max ${maxSentence} (${atMaxSentence}) · relevant para/sentence ${rel}`,
      );
    }
  }
}

const names = Object.keys(perQuery[0]?.lists ?? {});
const coverageLists = names.filter((name) => name.includes('coverage'));
const vectorLists = ['semantic', 'w2v SIF paragraph', 'w2v SIF sentence'];
const rows: FusionRow[] = [
  ...names.map((name) => ({ name: `${name} alone`, weights: { [name]: 1 } })),
  ...coverageLists.flatMap((coverage) =>
    vectorLists.flatMap((vector) => [
      { name: `keyword + ${vector} + ${coverage}`, weights: { keyword: 1, [vector]: 1, [coverage]: 1 } },
    ]),
  ),
  ...coverageLists.map((coverage) => ({
    name: `keyword + semantic + w2v SIF sentence + ${coverage}`,
    weights: { keyword: 1, semantic: 1, 'w2v SIF sentence': 1, [coverage]: 1 },
  })),
  ...coverageLists.map((coverage) => ({
    name: `keyword + ${coverage}`,
    weights: { keyword: 1, [coverage]: 1 },
  })),
];

console.log(`## ${setName}, ${index.corpus.paragraphs.length} paragraphs (${values['laws-index']})\n`);
printFusionTable(perQuery, rows, values['per-query'] ? log : undefined);
await index.close();
process.exit(0);
