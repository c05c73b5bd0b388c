/**
 * Issue 10's candidates for finding paraphrases at laws scale, measured side by side on one index:
 * `npx tsx test/eval/paraphrase-candidates.ts --laws-index DIR [--split tune|holdout] [--per-query]`.
 *
 * For every paraphrase query of the split it computes hybrid's lists once — the keyword top 1,000,
 * the semantic neighbours (LSA), the concept-coverage list (best level only, as shipped, or every
 * level), the coverage list over groups widened by each word's nearest words (PPMI word vectors
 * trained here from the corpus's sentences, or the LSA model's own term vectors), the semantic list
 * re-queried with pseudo-relevance feedback from the coverage list's head — and scores weighted
 * reciprocal rank fusions of them (Success@10, MRR@10). Decisions were taken on the tuning split only;
 * `--per-query` prints ranks and is refused for the held-out split.
 */
import { parseArgs } from 'node:util';
import { SEARCH } from '../../src/config.ts';
import type { CorpusModel } from '../../src/embedding/corpus-embedder.ts';
import { normalizeInPlace } from '../../src/embedding/embedder.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import type { ConceptGroup } from '../../src/search/concept-groups.ts';
import { prepareQuery } from '../../src/search/prepare-query.ts';
import type { SearchContext } from '../../src/search/search-types.ts';
import { semanticRanking } from '../../src/search/semantic-ranking.ts';
import { contentWords } from '../../src/text/analyze.ts';
import { segmentWords } from '../../src/text/segment-words.ts';
import { isStopWord } from '../../src/text/stop-words.ts';
import { searchVectors, vectorOfSeq } from '../../src/vector/vector-index.ts';
import { coverageList } from './coverage-list.ts';
import { type FusionRow, type Lists, printFusionTable, type QueryLists } from './fusion-table.ts';
import { querySets } from './labelled-sets.ts';
import { nearestWords, trainWordVectors, type WordVectors } from './ppmi-word-vectors.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const SENTENCE_END = /[。；！？]/u;

const { values } = parseArgs({
  options: {
    'laws-index': { type: 'string' },
    split: { type: 'string', default: 'tune' },
    'per-query': { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values['laws-index']) throw new Error('--laws-index DIR is required');
if (values.split !== 'tune' && values.split !== 'holdout') throw new Error('--split is tune or holdout');
if (values['per-query'] && values.split === 'holdout')
  throw new Error('per-query ranks are for the tuning split only');

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
// In this thread: the candidates read the embedder's model and the stored vectors directly.
const index = await openIndex(values['laws-index'], {}, { semanticIn: 'thread' });
const view = index.keyword.view;
const context: SearchContext = { index, view };
const setName = values.split === 'tune' ? 'paraphrase (tuning)' : 'paraphrase (held out)';
const set = querySets(index.corpus).find((s) => s.name === setName);
if (!set) throw new Error(`no set ${setName}`);
log(`opened ${index.corpus.paragraphs.length} paragraphs (${seconds()} s)`);

const sentences: string[][] = [];
for (const paragraph of index.corpus.paragraphs) {
  for (const sentence of paragraph.text.split(SENTENCE_END))
    if (sentence.trim()) sentences.push(contentWords(sentence));
}
log(`segmented ${sentences.length} sentences (${seconds()} s)`);
const trainStarted = performance.now();
const ppmi = trainWordVectors(sentences, {
  minCount: 3,
  window: 5,
  rank: 200,
  powerIterations: 2,
  keep: (word) => HAN_WORD.test(word),
});
const trainSeconds = (performance.now() - trainStarted) / 1000;
log(`PPMI word vectors: ${ppmi.words.length} words, ${trainSeconds.toFixed(0)} s`);
const lsa = lsaWordVectors((index.semantic?.local?.embedder as { model?: CorpusModel } | undefined)?.model);

/** The LSA model's term vectors (rows of V·Σ, unit length), kept to Han words jieba reads as one word. */
function lsaWordVectors(model: CorpusModel | undefined): WordVectors {
  if (!model) throw new Error('the index was not built with the corpus embedder');
  const { dimensions: d, projection, singularValues } = model;
  const kept = model.vocabulary
    .map((word, row) => ({ word, row }))
    .filter(({ word }) => HAN_WORD.test(word) && !isStopWord(word) && segmentWords(word).length === 1);
  const vectors = new Float32Array(kept.length * d);
  kept.forEach(({ row }, w) => {
    const vector = vectors.subarray(w * d, (w + 1) * d);
    for (let c = 0; c < d; c++)
      vector[c] = (projection[row * d + c] as number) * (singularValues[c] as number);
    normalizeInPlace(vector);
  });
  return {
    words: kept.map(({ word }) => word),
    counts: kept.map(() => Number.POSITIVE_INFINITY),
    dimensions: d,
    vectors,
  };
}

/** Each group widened by its word's nearest words. */
function widen(groups: ConceptGroup[], model: WordVectors, k: number, minSimilarity: number): ConceptGroup[] {
  return groups.map(({ word, terms }) => ({
    word,
    terms: [
      ...new Set([
        ...terms,
        ...nearestWords(model, word, { k, minSimilarity, minCount: 5 }).map((n) => n.word),
      ]),
    ],
  }));
}

const perQuery: QueryLists[] = [];
const coverageOf = (groups: ConceptGroup[], levels: number) => coverageList(index.keyword, groups, levels);
for (const q of set.queries) {
  const prepared = prepareQuery(q.query);
  const semantic = await semanticRanking(context, prepared, {});
  const coverage = coverageOf(prepared.groups, 1);
  const lists: Lists = {
    keyword: searchKeyword(index.keyword, prepared.tree, {})
      .best(SEARCH.hybridKeywordDepth)
      .map(({ seq }) => seq),
    semantic: semantic.map(({ seq }) => seq),
    coverage,
    'coverage, every level': coverageOf(prepared.groups, 100),
    'coverage + PPMI 3 ≥ 0.6': coverageOf(widen(prepared.groups, ppmi, 3, 0.6), 1),
    'coverage + PPMI 3 ≥ 0.7': coverageOf(widen(prepared.groups, ppmi, 3, 0.7), 1),
    'coverage + PPMI 5 ≥ 0.5': coverageOf(widen(prepared.groups, ppmi, 5, 0.5), 1),
    'coverage + LSA 3 ≥ 0.6': coverageOf(widen(prepared.groups, lsa, 3, 0.6), 1),
    'semantic + feedback': await feedbackSemantic(prepared.text, coverage),
  };
  perQuery.push({ query: q.query, relevant: q.relevant, lists });
}
log(`lists computed (${seconds()} s)`);

/** Rocchio feedback: the query vector plus the mean of the coverage list's top 5 paragraph vectors, searched again. */
async function feedbackSemantic(text: string, coverage: number[]): Promise<number[]> {
  const semanticIndex = index.semantic?.local;
  const calibration = index.semantic?.calibration;
  if (!semanticIndex || !calibration) return [];
  const query = await semanticIndex.embedder.embedQuery(text);
  const head = coverage.slice(0, 5);
  const vector = Float32Array.from(query);
  for (const seq of head) {
    const other = vectorOfSeq(semanticIndex.vectors, seq);
    for (let c = 0; c < vector.length; c++)
      vector[c] = (vector[c] as number) + (other[c] as number) / head.length;
  }
  normalizeInPlace(vector);
  return searchVectors(semanticIndex.vectors, vector, SEARCH.semanticResults)
    .filter(({ similarity }) => similarity >= calibration.searchFloor)
    .map(({ seq }) => seq);
}

const coverageLists = Object.keys(perQuery[0]?.lists ?? {}).filter((name) => name.startsWith('coverage'));
const rows: FusionRow[] = [
  { name: 'semantic alone', weights: { semantic: 1 } },
  { name: 'keyword + semantic (hybrid without coverage)', weights: { keyword: 1, semantic: 1 } },
  ...coverageLists.flatMap((coverage) => [
    { name: `keyword + semantic + ${coverage}`, weights: { keyword: 1, semantic: 1, [coverage]: 1 } },
    { name: `keyword + semantic ×0.5 + ${coverage}`, weights: { keyword: 1, semantic: 0.5, [coverage]: 1 } },
    { name: `keyword + ${coverage} (no semantic)`, weights: { keyword: 1, [coverage]: 1 } },
  ]),
  {
    name: 'keyword + semantic + feedback + coverage',
    weights: { keyword: 1, semantic: 1, 'semantic + feedback': 1, coverage: 1 },
  },
  { name: 'keyword + feedback + coverage', weights: { keyword: 1, 'semantic + feedback': 1, coverage: 1 } },
];

console.log(`## ${setName}, ${index.corpus.paragraphs.length} paragraphs (${values['laws-index']})\n`);
console.log(
  `PPMI word vectors: ${ppmi.words.length} words, trained in ${trainSeconds.toFixed(0)} s (rank 200, window 5, min count 3)\n`,
);
printFusionTable(perQuery, rows, values['per-query'] ? log : undefined);
await index.close();
process.exit(0);
