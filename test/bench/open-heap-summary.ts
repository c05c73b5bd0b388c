/**
 * What the main thread's heap holds once an index is open and its type-ahead suggestions are made
 * (BENCHMARKS.md, "Where the server's memory goes"): takes a V8 heap snapshot in this process and
 * sums the self size of its objects by kind and constructor (strings by kind: sliced, external…),
 * the largest first. The snapshot is parsed here and not written to disk.
 *
 *   npx tsx --expose-gc test/bench/open-heap-summary.ts /work/idx/int-laws [top]
 */
import { getHeapSnapshot } from 'node:v8';
import { openIndex } from '../../src/persist/open-index.ts';

const [indexDir, top = '25'] = process.argv.slice(2);
if (!indexDir) throw new Error('usage: open-heap-summary.ts INDEX_DIR [top]');
const index = await openIndex(indexDir, {}, { keywordOnly: true });
await index.suggest?.warm?.();
(globalThis as { gc?: () => void }).gc?.();

const chunks: Buffer[] = [];
for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
const snapshot = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};
const fields = snapshot.snapshot.meta.node_fields;
const types = snapshot.snapshot.meta.node_types[0];
const width = fields.length;
const at = (field: string) => fields.indexOf(field);
const [typeAt, nameAt, sizeAt] = [at('type'), at('name'), at('self_size')];
const totals = new Map<string, { bytes: number; count: number }>();
for (let i = 0; i < snapshot.nodes.length; i += width) {
  const type = types[snapshot.nodes[i + typeAt] as number] as string;
  const name = snapshot.strings[snapshot.nodes[i + nameAt] as number] as string;
  const key = type === 'object' || type === 'native' || type === 'closure' ? `${type} ${name}` : type;
  const total = totals.get(key) ?? { bytes: 0, count: 0 };
  total.bytes += snapshot.nodes[i + sizeAt] as number;
  total.count++;
  totals.set(key, total);
}
const all = [...totals.values()].reduce((sum, total) => sum + total.bytes, 0);
console.log(JSON.stringify({ indexDir, heapSnapshotMb: Math.round(all / 2 ** 20) }));
for (const [key, { bytes, count }] of [...totals]
  .sort((a, b) => b[1].bytes - a[1].bytes)
  .slice(0, Number(top))) {
  console.log(`${(bytes / 2 ** 20).toFixed(1).padStart(7)} MB ${String(count).padStart(9)}  ${key}`);
}
await index.close();
