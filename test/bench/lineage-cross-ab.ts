/**
 * Same answers for comparisons made on request: two documents of different series (which the build
 * does not align) compared by two source trees side by side in this process, each question asked of
 * a lineage service of its own (as the first question after a start). The pairs: every ordered pair
 * of two of the `--top` largest documents that are not editions of one series, plus any `--pair
 * from:to`. Prints per pair whether the JSON answers (`tookMs` left out) are byte-identical, and
 * one sha256 over all answers per tree.
 *   BEFORE=/work/main AFTER=. npx tsx test/bench/lineage-cross-ab.ts --index /work/idx/cross-laws \
 *     [--before-index DIR] [--top 7] [--pair cacc9788b7c5:0d36e515172a]
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LineageService } from '../../src/lineage/lineage-service.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import type { DocumentMeta } from '../../src/types.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/work/idx/cross-laws' },
    'before-index': { type: 'string' },
    top: { type: 'string', default: '7' },
    pair: { type: 'string', multiple: true, default: ['cacc9788b7c5:0d36e515172a'] },
  },
});

interface Side {
  name: string;
  index: OpenedIndex;
  service: () => LineageService;
  seriesKey: (title: string) => string;
  hash: ReturnType<typeof createHash>;
}

/** `indexDir` opened keyword-only by the checkout at `root`, with that checkout's lineage code. */
async function openSide(name: string, root: string, indexDir: string): Promise<Side> {
  const { openIndex } = await import(path.resolve(root, 'src/persist/open-index.ts'));
  const { createLineageService } = await import(path.resolve(root, 'src/lineage/lineage-service.ts'));
  const { seriesKey } = await import(path.resolve(root, 'src/lineage/series.ts'));
  const index: OpenedIndex = await openIndex(indexDir, {}, { keywordOnly: true });
  return {
    name,
    index,
    service: () => createLineageService(index),
    seriesKey,
    hash: createHash('sha256'),
  };
}

const answer = (value: unknown) =>
  JSON.stringify(value, (key, inner) => (key === 'tookMs' ? undefined : inner));

const before = await openSide('before', process.env.BEFORE ?? '.', values['before-index'] ?? values.index);
const after = await openSide('after', process.env.AFTER ?? '.', values.index);
const documents = after.index.corpus.documents;
const largest = [...documents]
  .sort((a, b) => b.paragraphCount - a.paragraphCount || a.id.localeCompare(b.id))
  .slice(0, Number(values.top));
const pairs: [DocumentMeta, DocumentMeta][] = [];
const byId = new Map(documents.map((document) => [document.id, document]));
for (const spec of values.pair ?? []) {
  const [from, to] = spec.split(':').map((id) => byId.get(id));
  if (from && to) pairs.push([from, to]);
}
for (const from of largest)
  for (const to of largest)
    if (from !== to && after.seriesKey(from.title) !== after.seriesKey(to.title)) pairs.push([from, to]);

let differing = 0;
for (const [from, to] of pairs) {
  const answers = [before, after].map((side) => {
    const text = answer(side.service().compare(from.id, to.id));
    side.hash.update(text);
    return text;
  });
  const same = answers[0] === answers[1];
  if (!same) differing++;
  const links = (JSON.parse(answers[1] as string) as { links: unknown[] }).links.length;
  console.log(
    `${same ? 'same' : 'DIFFERS'}  ${from.id} → ${to.id}  ${from.paragraphCount} + ${to.paragraphCount} paragraphs, ${links} links, ${answers[1]?.length} bytes  ${from.title.slice(0, 20)} → ${to.title.slice(0, 20)}`,
  );
}
console.log(
  `${pairs.length} cross-series comparisons, ${differing} differing; sha256 before ${before.hash.digest('hex').slice(0, 16)}, after ${after.hash.digest('hex').slice(0, 16)}`,
);
await Promise.all([before.index.close(), after.index.close()]);
