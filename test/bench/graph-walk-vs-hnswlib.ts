/**
 * The shared-graph walk (src/vector/graph-walk.ts) against hnswlib over one build's graph: whether
 * both find the same labels at the same distances, bit for bit, for every query — unfiltered and
 * with a filter admitting one label in five — and how long each walk takes, side by side (each
 * query walked by both, in alternating order).
 *
 *   node --import tsx test/bench/graph-walk-vs-hnswlib.ts INDEX_DIR QUERIES.json [rounds]
 *
 * A build with an edit log (an incremental build) is refused: hnswlib replays the log on its graph,
 * and the shared graph is then hnswlib's to hold (src/persist/semantic-worker.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SEMANTIC_FILES } from '../../src/persist/build-folder.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { graphWalker } from '../../src/vector/graph-walk.ts';
import { readSharedGraph } from '../../src/vector/shared-graph.ts';
import { percentile } from './stats.ts';

const [indexDir = 'index-data', queriesFile = '', rounds = '3'] = process.argv.slice(2);
const queries: string[] = JSON.parse(readFileSync(queriesFile, 'utf8'));
const K = 100;

const index = await openIndex(indexDir, {}, { semanticIn: 'thread' });
const local = index.semantic?.local;
if (!local) throw new Error('this index has no semantic half');
const buildDir = path.join(indexDir, readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim());
if (existsSync(path.join(buildDir, SEMANTIC_FILES.edits))) {
  throw new Error('this build has an edit log (an incremental build): its graph is hnswlib’s');
}
const { embedder, vectors } = local;
const graph = readSharedGraph(path.join(buildDir, SEMANTIC_FILES.vectors), vectors.dimensions);
const walker = graphWalker(graph, 0);
const ef = vectors.hnsw.getEf();
const queryVectors = await Promise.all(queries.map((text) => embedder.embedQuery(text)));

const hnswlibNearest = (query: Float32Array, allowed?: (label: number) => boolean) => {
  const { neighbors, distances } = vectors.hnsw.searchKnn(Array.from(query), K, allowed);
  const pairs = neighbors.map((label, i) => [distances[i] as number, label] as const);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { labels: pairs.map(([, label]) => label), distances: pairs.map(([distance]) => distance) };
};
// A filter admitting about one label in five, as a faceted search's scope would.
const oneInFive = (label: number) => (Math.imul(label, 2_654_435_761) >>> 0) % 5 === 0;
for (const [name, allowed] of [
  ['no filter', undefined],
  ['one label in five', oneInFive],
] as const) {
  const same = queryVectors.filter(
    (query) =>
      JSON.stringify(walker.nearest(query, K, ef, allowed)) ===
      JSON.stringify(hnswlibNearest(query, allowed)),
  ).length;
  console.log(`${name}: the same labels and distances as hnswlib for ${same} of ${queries.length} queries`);
}

const walks: [string, (query: Float32Array) => unknown][] = [
  ['hnswlib', (query) => hnswlibNearest(query)],
  ['graph-walk.ts', (query) => walker.nearest(query, K, ef)],
];
const times = new Map(walks.map(([name]) => [name, [] as number[]]));
for (let round = 0; round < Number(rounds); round++) {
  for (const [position, query] of queryVectors.entries()) {
    for (let i = 0; i < walks.length; i++) {
      const [name, walk] = walks[(i + round + position) % walks.length] as (typeof walks)[number];
      const started = performance.now();
      walk(query);
      times.get(name)?.push(performance.now() - started);
    }
  }
}
console.log(`\n${queries.length} queries × ${rounds} rounds, k ${K}, ef ${ef}, ${graph.elements} elements`);
console.log('| walk | p50 | p95 | p99 ms |\n|---|---:|---:|---:|');
for (const [name, sample] of times) {
  console.log(`| ${name} | ${[50, 95, 99].map((p) => percentile(sample, p).toFixed(2)).join(' | ')} |`);
}
await index.close();
