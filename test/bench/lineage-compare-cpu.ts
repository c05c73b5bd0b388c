/**
 * Compare cost in process, without HTTP: the largest pairs of one series in a laws-scale index
 * (as test/bench/lineage-latency.ts picks them), each compared `rounds` times the way the lineage
 * service does it (units and, where the code has them, per-document profiles cached), with wall
 * and CPU medians. `--save FILE` writes the pairs' paragraphs to a file, `--pairs FILE` reads them
 * back, so two versions of the code can be timed side by side without loading the index twice.
 *   npx tsx test/bench/lineage-compare-cpu.ts [--index DIR | --pairs FILE] [--save FILE] [--rounds 15]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LINEAGE } from '../../src/config.ts';
import * as compare from '../../src/lineage/compare.ts';
import { groupSeries } from '../../src/lineage/series.ts';
import * as profiles from '../../src/lineage/unit-profile.ts';
import { measureUnits } from '../../src/lineage/units.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import type { DocumentMeta, Paragraph } from '../../src/types.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/work/idx/tools-laws' },
    pairs: { type: 'string' },
    save: { type: 'string' },
    rounds: { type: 'string', default: '15' },
    count: { type: 'string', default: '3' },
  },
});
type Side = { document: DocumentMeta; paragraphs: Paragraph[] };
let pairs: { title: string; from: Side; to: Side }[];
if (values.pairs) {
  pairs = JSON.parse(readFileSync(values.pairs, 'utf8'));
} else {
  const index = await openIndex(values.index);
  const paragraphsOf = (docId: string) => index.corpus.paragraphs.filter((p) => p.docId === docId);
  pairs = [...groupSeries(index.corpus.documents).values()]
    .filter((group) => group.length >= 2)
    .map((group) => [...group].sort((x, y) => y.paragraphCount - x.paragraphCount))
    .sort(
      (x, y) =>
        (y[0]?.paragraphCount ?? 0) +
        (y[1]?.paragraphCount ?? 0) -
        (x[0]?.paragraphCount ?? 0) -
        (x[1]?.paragraphCount ?? 0),
    )
    .slice(0, Number(values.count))
    .map(([a, b]) => ({
      title: a?.title ?? '',
      from: { document: b as DocumentMeta, paragraphs: paragraphsOf(b?.id ?? '') },
      to: { document: a as DocumentMeta, paragraphs: paragraphsOf(a?.id ?? '') },
    }));
  await index.close();
}
if (values.save) {
  writeFileSync(values.save, JSON.stringify(pairs));
  process.exit(0);
}

// The code before per-document profiles had no GramTable: it then profiles both documents per compare.
const Table = (profiles as Record<string, unknown>).GramTable as (new () => unknown) | undefined;
const profileDocument = (profiles as Record<string, unknown>).profileDocument as
  | ((units: unknown, table: unknown) => unknown)
  | undefined;
const grams = Table ? new Table() : undefined;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const pair of pairs) {
  const side = (s: Side) => {
    const units = measureUnits(s.paragraphs);
    return { ...s, units, ...(grams && profileDocument ? { profile: profileDocument(units, grams) } : {}) };
  };
  const from = side(pair.from);
  const to = side(pair.to);
  const options = {
    thresholds: LINEAGE.thresholds,
    weights: LINEAGE.score,
    limits: LINEAGE.candidates,
    ...(grams ? { grams } : {}),
  } as compare.CompareOptions;
  const wall: number[] = [];
  const cpu: number[] = [];
  let links = 0;
  for (let round = 0; round < Number(values.rounds); round++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    const answer = compare.compareDocuments(
      from as compare.DocumentText,
      to as compare.DocumentText,
      options,
    );
    JSON.stringify(answer);
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    links = answer.links.length;
  }
  console.log(
    `${pair.title} (${from.units.length} + ${to.units.length} units, ${links} links): wall p50 ${median(wall).toFixed(1)} ms, CPU p50 ${median(cpu).toFixed(1)} ms`,
  );
}
