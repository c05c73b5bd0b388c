/**
 * Pooled relevance judging for the paraphrase set at laws scale (TREC-style pooling): the law
 * paragraphs any evaluated system ranks in its top 10 for a paraphrase query are gathered, shuffled
 * and written out without saying which system returned them, for a reader to judge against the
 * measure the query describes; the judgments then become the query's `pooledInLaws` labels, which
 * the evaluation scores as a second set beside the labels written with the queries.
 *
 *   npx tsx test/eval/judging-pool.ts pool  --laws-index DIR --out pool.json [--judged earlier-pool.json…]
 *   npx tsx test/eval/judging-pool.ts apply --laws-index DIR --pool pool.json… --judgments j.json…
 *
 * Seed paragraphs are not pooled: they were judged exhaustively when the set was written. `apply`
 * adds one label per paragraph judged relevant — the paragraph's document and the shortest opening of
 * its text that no other paragraph of that document contains — and never removes a label.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { Corpus, SearchMode } from '../../src/types.ts';
import type { RelevantParagraph } from '../helpers/eval-metrics.ts';
import { hasLaws, querySets } from './labelled-sets.ts';
import { miniSearchOr, sqliteTrigramOr } from './or-peers.ts';
import { seededShuffle, uniqueOpening } from './pool-labels.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/paraphrase-queries.json');
const DEPTH = 10;
const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];

/** One paragraph to judge: a key that does not reveal its rank or system, where it is, and its text. */
interface PoolCandidate {
  key: string;
  source: string;
  title: string;
  section: string;
  text: string;
}

/** One query's pool. */
interface PoolEntry {
  id: string;
  query: string;
  means: string;
  /** The seed paragraphs already judged relevant, as examples of what states the measure. */
  seedExamples: string[];
  candidates: PoolCandidate[];
}

/** A reader's verdict on one candidate. */
interface Judgment {
  key: string;
  relevant: boolean;
  reason?: string;
}

interface FixtureEntry {
  id: string;
  query: string;
  means: string;
  relevant: RelevantParagraph[];
  relevantInLaws?: RelevantParagraph[];
  pooledInLaws?: RelevantParagraph[];
  [field: string]: unknown;
}

/** The candidate keys of earlier pools, which a later round (after a ranking change) does not pool again. */
function keysOf(poolFiles: string[]): Set<string> {
  const pools = poolFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as PoolEntry[]);
  return new Set(pools.flat().flatMap((entry) => entry.candidates.map((c) => c.key)));
}

async function buildPool(indexDir: string, out: string, judged: Set<string>): Promise<void> {
  const index = await openIndex(indexDir);
  const { corpus } = index;
  if (!hasLaws(corpus)) throw new Error(`${indexDir} holds no laws: nothing to pool.`);
  const searcher = createSearcher(index, { resultCache: false });
  const seqOf = new Map(corpus.paragraphs.map((p, seq) => [p.id, seq]));
  const documentOf = new Map(corpus.documents.map((d) => [d.id, d]));
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureEntry[];
  const resolved = new Map(
    querySets(corpus)
      .filter((set) => set.name.startsWith('paraphrase'))
      .flatMap((set) => set.queries.map((q) => [q.id, q.relevant] as const)),
  );
  const peers = [sqliteTrigramOr(corpus), miniSearchOr(corpus)];
  const pool: PoolEntry[] = [];
  for (const [i, entry] of fixture.entries()) {
    const ranked = new Set<number>();
    for (const mode of MODES) {
      const { hits } = await searcher.search({
        query: entry.query,
        mode,
        limit: DEPTH,
        offset: 0,
        filters: {},
      });
      for (const hit of hits) ranked.add(seqOf.get(hit.id) ?? -1);
    }
    for (const peer of peers) for (const seq of peer.search(entry.query, DEPTH)) ranked.add(seq);
    const labelled = resolved.get(entry.id) ?? new Set<number>();
    const candidates = [...ranked]
      .filter((seq) => seq >= 0 && !labelled.has(seq) && !judged.has(`${entry.id}:${seq}`))
      .map((seq) => ({ seq, paragraph: corpus.paragraphs[seq] }))
      .filter(({ paragraph }) => paragraph && documentOf.get(paragraph.docId)?.source.startsWith('laws/'))
      .map(({ seq, paragraph }) => {
        const document = documentOf.get(paragraph?.docId ?? '');
        return {
          key: `${entry.id}:${seq}`,
          source: document?.source ?? '',
          title: document?.title ?? '',
          section: paragraph?.section.join(' › ') ?? '',
          text: paragraph?.text ?? '',
        };
      });
    pool.push({
      id: entry.id,
      query: entry.query,
      means: entry.means,
      seedExamples: [...labelled]
        .map((seq) => corpus.paragraphs[seq])
        .filter((p) => p && !documentOf.get(p.docId)?.source.startsWith('laws/'))
        .map((p) => p?.text ?? ''),
      candidates: seededShuffle(candidates, 1000 + i),
    });
  }
  for (const peer of peers) peer.close();
  await index.close();
  writeFileSync(out, `${JSON.stringify(pool, null, 1)}\n`);
  const total = pool.reduce((n, e) => n + e.candidates.length, 0);
  process.stderr.write(`${total} law paragraphs pooled for ${pool.length} queries → ${out}\n`);
}

/** Labels for the candidates judged relevant, one per paragraph, keyed by query id. */
function labelsFromJudgments(corpus: Corpus, pool: PoolEntry[], judgments: Judgment[]) {
  const verdict = new Map(judgments.map((j) => [j.key, j.relevant]));
  const sourceOf = new Map(corpus.documents.map((d) => [d.id, d.source]));
  const textsOf = new Map<string, string[]>();
  for (const p of corpus.paragraphs) {
    const source = sourceOf.get(p.docId) ?? '';
    const texts = textsOf.get(source) ?? [];
    texts.push(p.text);
    textsOf.set(source, texts);
  }
  const added = new Map<string, RelevantParagraph[]>();
  for (const entry of pool) {
    for (const candidate of entry.candidates) {
      const relevant = verdict.get(candidate.key);
      if (relevant === undefined) throw new Error(`No judgment for ${candidate.key}.`);
      if (!relevant) continue;
      const siblings = (textsOf.get(candidate.source) ?? []).filter((t) => t !== candidate.text);
      const labels = added.get(entry.id) ?? [];
      labels.push({ source: candidate.source, contains: uniqueOpening(candidate.text, siblings) });
      added.set(entry.id, labels);
    }
  }
  return added;
}

async function applyJudgments(indexDir: string, poolFiles: string[], judgmentFiles: string[]): Promise<void> {
  const index = await openIndex(indexDir);
  const pool = poolFiles.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as PoolEntry[]);
  const judgments = judgmentFiles.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Judgment[]);
  const added = labelsFromJudgments(index.corpus, pool, judgments);
  await index.close();
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureEntry[];
  let count = 0;
  for (const entry of fixture) {
    const labels = added.get(entry.id) ?? [];
    const existing = entry.pooledInLaws ?? [];
    const fresh = labels.filter(
      (l) => !existing.some((e) => e.source === l.source && e.contains === l.contains),
    );
    if (fresh.length === 0) continue;
    entry.pooledInLaws = [...existing, ...fresh];
    count += fresh.length;
  }
  writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 2)}\n`);
  process.stderr.write(`${count} law labels added to ${FIXTURE}\n`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'laws-index': { type: 'string' },
      out: { type: 'string' },
      pool: { type: 'string', multiple: true },
      judgments: { type: 'string', multiple: true },
      judged: { type: 'string', multiple: true },
    },
  });
  const indexDir = values['laws-index'];
  if (!indexDir) throw new Error('--laws-index DIR is required.');
  if (positionals[0] === 'pool' && values.out)
    return buildPool(indexDir, values.out, keysOf(values.judged ?? []));
  if (positionals[0] === 'apply' && values.pool && values.judgments)
    return applyJudgments(indexDir, values.pool, values.judgments);
  throw new Error(
    'Usage: pool --laws-index DIR --out FILE | apply --laws-index DIR --pool FILE --judgments FILE…',
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
