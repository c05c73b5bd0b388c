/**
 * What the decoded-postings cache's bound (`KEYWORD_POSTINGS.decodedSeqsCache`) costs in search time:
 * the users workload's searches (its ≈ 3,000-query pool, drawn by the same Zipf popularity, 2 keyword
 * for each hybrid) run in process through a searcher with the server's result cache, once per bound,
 * the bounds interleaved over rounds, each round from an empty decoded cache and result cache. The
 * time is the main thread's wall time for the sequence (hybrid's semantic half waits for the worker).
 *
 *   node --max-semi-space-size=16 --heap-growing-percent=25 --import tsx test/bench/decoded-cache-cost.ts \
 *     INDEX_DIR [--searches 12000] [--rounds 2] [--mb 32,16,8]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KEYWORD_POSTINGS } from '../../src/config.ts';
import { limitDecodedSeqs } from '../../src/keyword/postings.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { SearchMode } from '../../src/types.ts';
import { USERS_POOL_SIZE, USERS_ZIPF_EXPONENT } from './load-server.ts';
import { poolSample } from './queries.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    searches: { type: 'string', default: '12000' },
    rounds: { type: 'string', default: '2' },
    mb: { type: 'string', default: '32,16,8' },
  },
});
const index = await openIndex(resolve(positionals[0] ?? 'index-data'));
await index.semanticSettled;
const postings = index.keyword.postings;

// The users pool, as mix-query-costs.ts --users makes it.
const probe = createSearcher(index, { resultCache: false });
const { queries } = poolSample(probe, USERS_POOL_SIZE);

// One fixed sequence of searches, Zipf over a seeded shuffle of the pool (as load-server.ts's usersMix).
const random = seededRandom(20_261_202);
const byRank = queries.map((_, i) => i);
for (let i = byRank.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [byRank[i], byRank[j]] = [byRank[j] as number, byRank[i] as number];
}
const cumulative: number[] = [];
let sum = 0;
for (let rank = 0; rank < byRank.length; rank++) {
  sum += 1 / (rank + 1) ** USERS_ZIPF_EXPONENT;
  cumulative.push(sum);
}
const draw = () => {
  const target = random() * sum;
  const rank = cumulative.findIndex((c) => c >= target);
  return queries[byRank[rank < 0 ? byRank.length - 1 : rank] as number] as string;
};
const sequence: { query: string; mode: SearchMode }[] = [];
for (let i = 0; i < Number(values.searches); i++) {
  sequence.push({ query: draw(), mode: random() < 2 / 3 ? 'keyword' : 'hybrid' });
}

const bounds = (values.mb ?? '32').split(',').map(Number);
console.log(
  `${queries.length} queries, ${sequence.length} searches per run; default bound ${(KEYWORD_POSTINGS.decodedSeqsCache * 4) / 2 ** 20} MB`,
);
console.log('| round | bound | wall s | searches/s | decoded lists kept, MB at the end |');
console.log('|---:|---:|---:|---:|---|');
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const mb of bounds) {
    const column = postings.seqs instanceof Uint32Array ? null : postings.seqs;
    column?.decoded.clear();
    if (column) column.decodedSeqs = 0;
    limitDecodedSeqs(postings, Math.round((mb * 2 ** 20) / 4));
    const searcher = createSearcher(index);
    const started = performance.now();
    for (const { query, mode } of sequence)
      await searcher.search({ query, mode, limit: 20, offset: 0, filters: {} });
    const wall = (performance.now() - started) / 1000;
    const kept = column ? `${column.decoded.size}, ${((column.decodedSeqs * 4) / 2 ** 20).toFixed(1)}` : '–';
    console.log(
      `| ${round} | ${mb} MB | ${wall.toFixed(2)} | ${(sequence.length / wall).toFixed(0)} | ${kept} |`,
    );
  }
}
await index.close();
process.exit(0);
