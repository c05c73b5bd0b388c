/**
 * Which requests read which parts of paragraphs, and how many per request (BENCHMARKS.md, "Paragraphs
 * read on demand"): opens an index as the server does, counts every call of the corpus view's
 * paragraph source — searched texts (in memory), ids / sections / agencies (in memory), and whole
 * paragraphs (`paragraphAt`, `paragraphsOfDocument`: their original wordings come from
 * `paragraphs.bin`, at most one file read per call) — and prints per kind of request the p50 / p99 / max per request.
 *
 *   npx tsx test/bench/paragraph-reads.ts INDEX_DIR [QUERIES.json]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';

const [indexDir = 'index-data', queriesFile] = process.argv.slice(2);
const labelled = (
  JSON.parse(
    readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/labeled-queries.json'),
      'utf8',
    ),
  ) as { query: string }[]
).map(({ query }) => query);
const queries: string[] = queriesFile ? JSON.parse(readFileSync(queriesFile, 'utf8')) : labelled;

const index = await openIndex(indexDir);
const searcher = createSearcher(index, { resultCache: false });
const { view } = index.keyword;
const counts = { text: 0, fields: 0, reads: 0, paragraphs: 0 };
// The view's methods close over its source: counted by wrapping the view's own entry points.
const wrap = <K extends keyof typeof view>(name: K, count: (args: unknown[]) => void) => {
  const original = view[name] as (...args: unknown[]) => unknown;
  (view as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    count(args);
    return original(...args);
  };
};
wrap('textAt', () => counts.text++);
for (const name of ['idAt', 'sectionAt', 'agenciesAt'] as const) wrap(name, () => counts.fields++);
wrap('paragraphAt', () => {
  counts.reads++;
  counts.paragraphs++;
});
wrap('paragraphsOfDocument', (args) => {
  counts.reads++;
  counts.paragraphs += view.seqsOfDocument(args[0] as string).length;
});

const rows: Record<string, number[][]> = {};
async function measure(kind: string, ask: () => Promise<unknown> | unknown): Promise<void> {
  Object.assign(counts, { text: 0, fields: 0, reads: 0, paragraphs: 0 });
  await Promise.resolve(ask()).catch(() => null);
  rows[kind] ??= [];
  rows[kind].push([counts.text, counts.fields, counts.reads, counts.paragraphs]);
}

// The facets' per-index tables (every paragraph's agencies, once) are made by the first search.
await searcher.search({ query: '法律', mode: 'keyword', limit: 20, offset: 0, filters: {} });
const modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
for (const mode of modes)
  for (const query of queries)
    await measure(`search ${mode}`, () =>
      searcher.search({ query, mode, limit: 20, offset: 0, filters: {} }),
    );
for (const mode of modes)
  for (const query of labelled) await measure(`timeline ${mode}`, () => searcher.timeline(query, mode));
const documents = searcher.documents();
const sample = documents.filter((_, i) => i % 70 === 0);
const ids = sample.map((document) => searcher.document(document.id)?.paragraphs[0]?.id as string);
for (const document of sample) await measure('document', () => searcher.document(document.id));
for (const id of ids) await measure('paragraph', () => searcher.paragraph(id));
for (const id of ids)
  await measure('similar', () => searcher.similar(id, { limit: 10, sameDocument: false }));
for (const id of ids) await measure('lineage of a paragraph', () => searcher.lineage().lineage(id));
for (const document of sample) {
  const other = searcher.lineage().series(document.id)?.[0];
  if (other) await measure('compare', () => searcher.lineage().compare(other.id, document.id));
}

const at = (sorted: number[] = [], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
console.log(
  '| request (n) | texts p50 / p99 / max | ids, sections, agencies p50 / max | whole-paragraph reads (≤ 1 file read each) p50 / max | paragraphs read whole p50 / max |',
);
console.log('|---|---:|---:|---:|---:|');
for (const [kind, list] of Object.entries(rows)) {
  const column = (i: number) => list.map((row) => row[i] as number).sort((a, b) => a - b);
  const [text, fields, reads, paragraphs] = [0, 1, 2, 3].map(column) as number[][];
  console.log(
    `| ${kind} (${list.length}) | ${at(text, 0.5)} / ${at(text, 0.99)} / ${at(text, 1)} | ${at(fields, 0.5)} / ${at(fields, 1)} | ${at(reads, 0.5)} / ${at(reads, 1)} | ${at(paragraphs, 0.5)} / ${at(paragraphs, 1)} |`,
  );
}
await index.close();
