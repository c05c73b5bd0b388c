/**
 * Fingerprints of every series comparison of an index, to show that a change of the lineage code
 * changes no answer: for each series of two or more documents (its two largest editions), both
 * directions of `/api/compare` as the service answers them (`tookMs` left out), and the lineage
 * chains of every 9,973rd paragraph, each as a SHA-256 prefix, in a fixed order through one service.
 * Run it in two checkouts and diff the outputs:
 *   npx tsx test/bench/lineage-fingerprints.ts [--index /work/idx/binary-laws] [--fresh] > after.txt
 * With `--fresh` every comparison and chain is asked of a service of its own, as the first question
 * after a start: code whose answers depended on the comparisons made before (a bigram table shared
 * by all of a service's comparisons, before the lineage records) answers there as a fresh server does.
 * With `--computed` the build's stored alignments are not read: every comparison is computed (from
 * the stored units, and the stored scans of large documents), as one of two different series is.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createLineageService } from '../../src/lineage/lineage-service.ts';
import { groupSeries } from '../../src/lineage/series.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/work/idx/binary-laws' },
    fresh: { type: 'boolean', default: false },
    computed: { type: 'boolean', default: false },
  },
});
const opened = await openIndex(values.index);
const stored = opened.storedLineage;
const index =
  values.computed && stored ? { ...opened, storedLineage: { ...stored, alignmentOf: () => null } } : opened;
const shared = createSearcher(index).lineage();
const service = () => (values.fresh ? createLineageService(index) : shared);
const fingerprint = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

const editions = [...groupSeries(index.corpus.documents).values()]
  .filter((group) => group.length >= 2)
  .map((group) => [...group].sort((x, y) => y.paragraphCount - x.paragraphCount || x.id.localeCompare(y.id)))
  .sort(
    (x, y) =>
      (y[0]?.paragraphCount ?? 0) +
        (y[1]?.paragraphCount ?? 0) -
        (x[0]?.paragraphCount ?? 0) -
        (x[1]?.paragraphCount ?? 0) || (x[0]?.id ?? '').localeCompare(y[0]?.id ?? ''),
  );
for (const [larger, smaller] of editions) {
  if (!larger || !smaller) continue;
  for (const [from, to] of [
    [smaller, larger],
    [larger, smaller],
  ] as const) {
    const answer = service().compare(from.id, to.id);
    if (!answer) throw new Error(`no comparison ${from.id} → ${to.id}`);
    const { tookMs: _, ...rest } = answer;
    console.log(`${fingerprint(rest)} ${from.id}→${to.id} ${answer.links.length} links ${to.title}`);
  }
}
for (let seq = 0; seq < index.corpus.paragraphs.length; seq += 9973) {
  const id = index.corpus.paragraphs[seq]?.id as string;
  console.log(`${fingerprint(service().lineage(id))} lineage ${id}`);
}
await opened.close();
