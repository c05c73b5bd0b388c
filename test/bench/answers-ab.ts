/**
 * Same answers, every part of them, before and after a change to how paragraphs are held: opens one
 * index with two source trees in this process and compares, as JSON (the `tookMs` fields left out),
 * every answer that reads paragraphs — searches in each mode with their snippets and facets, an
 * agency-filtered search, timelines, export rows, every document with its paragraphs' texts and
 * original wordings, sampled paragraphs with their neighbours, similar paragraphs, comparisons of
 * a document with its series and paragraph lineages. Prints per kind how many were compared and how
 * many differed, and one sha256 over all answers per tree.
 *
 *   BEFORE=/work/main AFTER=. npx tsx test/bench/answers-ab.ts INDEX_DIR [paragraphStep]
 *
 * `BEFORE_KEYWORD_THREADS` / `AFTER_KEYWORD_THREADS` open that side with keyword search threads.
 */
import { createHash } from 'node:crypto';
import type { Searcher } from '../../src/search/searcher.ts';
import { AB_MODES, LABELLED_QUERIES, openWithTree } from './tree-ab.ts';

const [indexDir = 'index-data', step = '97'] = process.argv.slice(2);

/** JSON of an answer without its timings (they differ run to run). */
const answer = (value: unknown) =>
  JSON.stringify(value, (key, inner) => (key === 'tookMs' || key === 'elapsedMs' ? undefined : inner));

const sides = [
  { name: 'before', root: process.env.BEFORE ?? '.', threads: process.env.BEFORE_KEYWORD_THREADS },
  { name: 'after', root: process.env.AFTER ?? '.', threads: process.env.AFTER_KEYWORD_THREADS },
];
const opened = await Promise.all(
  sides.map((side) =>
    openWithTree(side.root, indexDir, side.threads ? { keywordThreads: Number(side.threads) } : {}),
  ),
);
const [before, after] = opened.map((side) => side.searcher) as [Searcher, Searcher];
const hashes = [createHash('sha256'), createHash('sha256')];
const kinds = new Map<string, { compared: number; differing: number }>();

async function compare(kind: string, ask: (searcher: Searcher) => unknown): Promise<void> {
  const answers = [answer(await ask(before)), answer(await ask(after))];
  answers.forEach((text, i) => {
    hashes[i]?.update(text);
  });
  const counts = kinds.get(kind) ?? { compared: 0, differing: 0 };
  counts.compared++;
  if (answers[0] !== answers[1]) {
    counts.differing++;
    if (counts.differing <= 3) console.log(`differs: ${kind} ${answers[0]?.slice(0, 200)}`);
  }
  kinds.set(kind, counts);
}

for (const query of LABELLED_QUERIES) {
  for (const mode of AB_MODES) {
    await compare(`search ${mode}`, (s) => s.search({ query, mode, limit: 20, offset: 0, filters: {} }));
    await compare(`timeline ${mode}`, (s) => s.timeline(query, mode));
  }
  await compare('export rows (keyword)', (s) => s.exportRows({ query, mode: 'keyword', filters: {} }));
  const first = await after.search({ query, mode: 'keyword', limit: 1, offset: 0, filters: {} });
  const agency = first.facets.agencies[0]?.name;
  if (agency) {
    const filters = { agencies: [agency] };
    await compare('search by agency', (s) =>
      s.search({ query, mode: 'hybrid', limit: 20, offset: 0, filters }),
    );
  }
}
const paragraphIds: string[] = [];
for (const document of after.documents()) {
  await compare('document', (s) => s.document(document.id));
  for (const { id } of after.document(document.id)?.paragraphs ?? []) paragraphIds.push(id);
  await compare('series', (s) => s.lineage().series(document.id));
}
for (let at = 0; at < paragraphIds.length; at += Number(step)) {
  const id = paragraphIds[at] as string;
  await compare('paragraph', (s) => s.paragraph(id));
  if (at % (Number(step) * 10) === 0) {
    await compare('similar', (s) => s.similar(id, { limit: 10, sameDocument: false }));
    await compare('lineage', (s) => s.lineage().lineage(id));
  }
}
let pairs = 0;
for (const document of after.documents()) {
  const other = after.lineage().series(document.id)?.[0];
  if (!other || pairs++ >= 40) continue;
  await compare('compare', (s) => s.lineage().compare(other.id, document.id));
}
await compare('paragraph (unknown id)', (s) => s.paragraph('no-such-paragraph'));
const threadsAnswered = opened.map((side) => side.threadsAnswered());
for (const side of opened) await side.close();
console.log(
  JSON.stringify({
    indexDir,
    kinds: Object.fromEntries(kinds),
    differing: [...kinds.values()].reduce((sum, { differing }) => sum + differing, 0),
    ...Object.fromEntries(
      sides.map((side, i) => [
        side.name,
        {
          root: side.root,
          sha256: hashes[i]?.digest('hex').slice(0, 16),
          keywordSearchesInThreads: threadsAnswered[i],
        },
      ]),
    ),
  }),
);
