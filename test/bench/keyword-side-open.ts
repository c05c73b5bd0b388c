/**
 * The keyword side's open alone (BENCHMARKS.md, "Start-up, keyword side first"): `loadIndex(…,
 * { skipSemantic: true })` of the checkout at ROOT (this one, or a copy of an older commit, so two
 * versions can be timed in turn on one index), in a fresh process; prints its milliseconds and the
 * process's RSS after it. Run it alternately for the two roots, several times:
 *
 *   npx tsx test/bench/keyword-side-open.ts ROOT /work/idx/binary-laws
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, indexDir] = process.argv.slice(2);
if (!root || !indexDir) throw new Error('usage: keyword-side-open.ts ROOT INDEX_DIR');
const store = (await import(
  pathToFileURL(path.resolve(root, 'src/persist/index-store.ts')).href
)) as typeof import('../../src/persist/index-store.ts');
const started = performance.now();
const loaded = await store.loadIndex(indexDir, store.CURRENT_VERSIONS, { skipSemantic: true });
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    root: path.resolve(root),
    keywordSideMs: Math.round(ms),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    paragraphs: loaded.corpus.paragraphs.length,
  }),
);
