/**
 * The lineage gold-set report: for each pair of test/fixtures/lineage-gold.json, link precision,
 * recall and F1 (unit pairs and paragraph pairs), the status confusion table and label accuracy —
 * ours with and without the index's embeddings, beside the baseline "top-1 of /similar above a fixed
 * threshold". `--sweep` searches the thresholds on the tuning pairs only (how config was calibrated).
 *   npx tsx test/bench/lineage-gold.ts [--sweep] [--json]
 */
import { parseArgs } from 'node:util';
import { LINEAGE } from '../../src/config.ts';
import type { AlignThresholds } from '../../src/lineage/align.ts';
import { createLineageService } from '../../src/lineage/lineage-service.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { BASELINE_THRESHOLD, baselineParagraphPairs, docIdOfSource } from '../helpers/lineage-baseline.ts';
import { evaluatePair, loadGold, type PairFigures } from '../helpers/lineage-gold.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const { values } = parseArgs({ options: { sweep: { type: 'boolean' }, json: { type: 'boolean' } } });
const index = await seedIndex();
const searcher = createSearcher(index);
const gold = loadGold();
const fmt = (x: number) => x.toFixed(3);

function run(service: ReturnType<typeof createLineageService>): PairFigures[] {
  return gold.pairs.map((pair) => {
    const response = service.compare(docIdOfSource(index, pair.from), docIdOfSource(index, pair.to));
    if (!response) throw new Error(`no documents for ${pair.name}`);
    return evaluatePair(pair, response);
  });
}

if (values.sweep) {
  const rows: { f1: number; acc: number; thresholds: AlignThresholds; clause: number; each: string }[] = [];
  const context = Number(process.env.LIN_CONTEXT ?? LINEAGE.score.context);
  const semantic = Number(process.env.LIN_SEM ?? LINEAGE.score.semantic);
  const agency = Number(process.env.LIN_AG ?? LINEAGE.score.agency);
  const anchor = Number(process.env.LIN_AN ?? LINEAGE.score.anchor);
  const baseWeights = { ...LINEAGE.score, context, semantic, agency, anchor };
  const grid = (name: string, values: number[]) =>
    process.env[name] ? process.env[name].split(',').map(Number) : values;
  for (const clause of grid('LIN_CLAUSE', [LINEAGE.score.clause]))
    for (const candidate of grid('LIN_CANDIDATE', [0.06, 0.08, 0.1, 0.12, 0.15]))
      for (const link of grid('LIN_LINK', [0.1, 0.12, 0.15, 0.18, 0.2, 0.25]))
        for (const continued of grid('LIN_CONTINUED', [0.8, 0.9]))
          for (const contained of grid('LIN_CONTAINED', [0.5, 0.6, 0.7]))
            for (const containedCosine of grid('LIN_CONTAINED_COSINE', [0.15, 0.2, 0.3]))
              for (const neighbour of grid('LIN_NEIGHBOUR', [LINEAGE.thresholds.neighbour]))
                for (const neighbourWindow of grid('LIN_WINDOW', [LINEAGE.thresholds.neighbourWindow])) {
                  if (link < candidate) continue;
                  const thresholds = {
                    ...LINEAGE.thresholds,
                    candidate,
                    link,
                    continued,
                    contained,
                    containedCosine,
                    neighbour,
                    neighbourWindow,
                  };
                  const weights = { ...baseWeights, clause };
                  const figures = run(createLineageService(index, { thresholds, weights })).filter(
                    (f) => f.split === 'tune',
                  );
                  const f1 = figures.reduce((sum, f) => sum + f.links.f1, 0) / figures.length;
                  const acc = figures.reduce((sum, f) => sum + f.labelAccuracy, 0) / figures.length;
                  rows.push({
                    f1,
                    acc,
                    thresholds,
                    clause,
                    each: figures.map((f) => fmt(f.links.f1)).join(' '),
                  });
                }
  rows.sort((a, b) => b.f1 + b.acc * 0.25 - (a.f1 + a.acc * 0.25));
  for (const row of rows.slice(0, 15))
    console.log(fmt(row.f1), fmt(row.acc), row.each, `clause ${row.clause}`, JSON.stringify(row.thresholds));
  process.exit(0);
}

const withEmbeddings = run(createLineageService(index));
const lexicalOnly = run(createLineageService(index, { useEmbeddings: false }));
const baseline: ReturnType<typeof evaluatePair>[] = [];
for (const pair of gold.pairs) {
  const response = createLineageService(index).compare(
    docIdOfSource(index, pair.from),
    docIdOfSource(index, pair.to),
  );
  if (!response) throw new Error(`no documents for ${pair.name}`);
  baseline.push(
    evaluatePair(pair, response, await baselineParagraphPairs(searcher, response, BASELINE_THRESHOLD)),
  );
}
if (values.json) {
  console.log(JSON.stringify({ withEmbeddings, lexicalOnly, baseline }, null, 1));
  process.exit(0);
}
const line = (label: string, f: PairFigures) =>
  `  ${label.padEnd(22)} links P ${fmt(f.links.precision)} R ${fmt(f.links.recall)} F1 ${fmt(f.links.f1)} | unit pairs P ${fmt(f.units.precision)} R ${fmt(f.units.recall)} F1 ${fmt(f.units.f1)} | paragraphs P ${fmt(f.paragraphs.precision)} R ${fmt(f.paragraphs.recall)} F1 ${fmt(f.paragraphs.f1)} | labels ${fmt(f.labelAccuracy)} (${f.labelled}) | negatives linked ${f.negativesLinked}/${gold.pairs.find((p) => p.name === f.name)?.negatives.length}`;
withEmbeddings.forEach((f, at) => {
  console.log(`${f.name} (${f.split}, ${f.goldLinks} gold links)`);
  console.log(line('ours, with embeddings', f));
  console.log(line('ours, lexical only', lexicalOnly[at] as PairFigures));
  console.log(
    line(`baseline top-1 ≥ ${BASELINE_THRESHOLD}`, baseline[at] as PairFigures)
      .replace(/ links [^|]*\|[^|]*\|/, ' links —  | unit pairs —  |')
      .replace(/labels .*\| /, '| '),
  );
  console.log(`  confusion (gold → predicted): ${JSON.stringify(f.confusion)}`);
});
