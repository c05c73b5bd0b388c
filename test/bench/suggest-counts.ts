/**
 * The suggestion counts an incremental build reads and updates, at laws scale: the size of a
 * build's `suggest/counts.bin`, how long it takes to read and decode (median of 7 reads; the first
 * read, from disk, is printed apart), and the in-process cost of adding one document's counts —
 * counting it, applying the delta to the table, re-deriving the entries and building the
 * FlexSearch indexes — against counting the whole corpus as the code before did (given by
 * `--full`, which loads the whole build; slow).
 *
 *   flock /work/coord/heavy.lock npx tsx test/bench/suggest-counts.ts INDEX_DIR FILE [--full]
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ingestDocument, isSkipped } from '../../src/ingest/ingest-file.ts';
import { currentBuildDir, loadIndex } from '../../src/persist/index-store.ts';
import { loadSuggestCounts, SUGGEST_COUNTS_FILE } from '../../src/persist/suggest-store.ts';
import { buildCorpusSuggestions, updateSuggestions } from '../../src/suggest/build-suggestions.ts';
import { applyCountDelta, columnSize } from '../../src/suggest/count-table.ts';
import { COUNT_KINDS, countDelta, countSuggestions, emptyCounts } from '../../src/suggest/suggest-counts.ts';
import { percentile } from './stats.ts';

const [indexArg, fileArg] = process.argv.slice(2);
if (!indexArg || !fileArg) {
  console.error('Usage: npx tsx test/bench/suggest-counts.ts INDEX_DIR FILE [--full]');
  process.exit(2);
}
const indexDir = path.resolve(indexArg);
const buildDir = await currentBuildDir(indexDir);
const seconds = (started: number) => (performance.now() - started) / 1000;
const median = (sample: number[]) => percentile(sample, 50);

const file = path.join(buildDir, SUGGEST_COUNTS_FILE);
const bytes = (await stat(file)).size;
let started = performance.now();
const table = await loadSuggestCounts(indexDir, buildDir);
const firstRead = seconds(started);
if (!table) throw new Error(`${file} is missing: build the index with this code first`);
const reads: number[] = [];
for (let i = 0; i < 7; i++) {
  started = performance.now();
  await loadSuggestCounts(indexDir, buildDir);
  reads.push(seconds(started));
}
console.log(
  `${SUGGEST_COUNTS_FILE}: ${(bytes / 1024 ** 2).toFixed(1)} MB;`,
  COUNT_KINDS.map((kind) => `${kind} ${columnSize(table[kind])}`).join(', '),
);
console.log(`read + decode: first ${firstRead.toFixed(3)} s, then median ${median(reads).toFixed(3)} s of 7`);

const ingested = await ingestDocument({
  source: path.basename(fileArg),
  bytes: new Uint8Array(await readFile(fileArg)),
});
if (isSkipped(ingested)) throw new Error(`${fileArg} was skipped: ${ingested.reason}`);
const steps = { count: [] as number[], apply: [] as number[], update: [] as number[] };
for (let i = 0; i < 3; i++) {
  started = performance.now();
  const delta = countDelta(countSuggestions([ingested.meta], ingested.paragraphs), emptyCounts());
  steps.count.push(seconds(started));
  started = performance.now();
  applyCountDelta(table, delta);
  steps.apply.push(seconds(started));
  started = performance.now();
  updateSuggestions(table, delta);
  steps.update.push(seconds(started));
}
console.log(
  `add ${ingested.paragraphs.length} paragraphs (median of 3): count the document ${median(steps.count).toFixed(3)} s; ` +
    `apply to the table ${median(steps.apply).toFixed(3)} s; apply + entries + FlexSearch ${median(steps.update).toFixed(3)} s`,
);

if (process.argv.includes('--full')) {
  const stored = await loadIndex(indexDir);
  started = performance.now();
  buildCorpusSuggestions(stored.corpus);
  console.log(
    `whole corpus (${stored.corpus.paragraphs.length} paragraphs): count + table + FlexSearch ${seconds(started).toFixed(3)} s`,
  );
}
