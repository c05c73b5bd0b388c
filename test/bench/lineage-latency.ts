/**
 * Compare latency at laws scale: the real server over an index of the laws corpus plus the seeds
 * (default /work/idx/laws-baseline, or INDEX_DIR), answering GET /api/compare and
 * GET /api/paragraphs/:id/lineage over HTTP. Pairs: the 2021↔2023 guidelines, and the laws series
 * with the most paragraphs (revisions of one law). Each pair's first answer (units cut, cold) is
 * reported apart from the repeated ones.
 *   npx tsx test/bench/lineage-latency.ts [--rounds 30]
 */
import { parseArgs } from 'node:util';
import { groupSeries } from '../../src/lineage/series.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { serveApp } from '../helpers/serve-app.ts';
import { summarizeLatency } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const rounds = Number(values.rounds);
const indexDir = process.env.INDEX_DIR ?? '/work/idx/laws-baseline';
const loadStarted = performance.now();
const index = await openIndex(indexDir);
console.log(
  `index ${indexDir}: ${index.corpus.documents.length} documents, ${index.corpus.paragraphs.length} paragraphs, loaded in ${Math.round((performance.now() - loadStarted) / 1000)} s`,
);
const app = await serveApp(createApp(createSearcher(index), { rateLimit: false, logError: console.error }));

const bySource = (source: string) => index.corpus.documents.find((doc) => doc.source.endsWith(source));
const guideline2021 = bySource('000_2b34ef53993d7fe3.txt');
const guideline2023 = bySource('002_ca027c0f700d14af.txt');
const pairs: { label: string; from: string; to: string; paragraphs: number }[] = [];
if (guideline2021 && guideline2023) {
  pairs.push({
    label: 'seeds: guideline 2021 → 2023',
    from: guideline2021.id,
    to: guideline2023.id,
    paragraphs: guideline2021.paragraphCount + guideline2023.paragraphCount,
  });
}
const lawSeries = [...groupSeries(index.corpus.documents).values()]
  .filter((group) => group.length >= 2)
  .map((group) => {
    const [a, b] = [...group].sort((x, y) => y.paragraphCount - x.paragraphCount);
    return { a, b, size: (a?.paragraphCount ?? 0) + (b?.paragraphCount ?? 0) };
  })
  .sort((x, y) => y.size - x.size)
  .slice(0, 3);
for (const { a, b, size } of lawSeries) {
  if (a && b) pairs.push({ label: `laws: ${b.title} → ${a.title}`, from: b.id, to: a.id, paragraphs: size });
}

async function timed(path: string): Promise<{ ms: number; status: number; body: unknown }> {
  const started = performance.now();
  const response = await app.get(path);
  const body = await response.json();
  return { ms: performance.now() - started, status: response.status, body };
}

const fmt = (x: number) => x.toFixed(1);
const allWarm: number[] = [];
for (const pair of pairs) {
  const path = `/api/compare?from=${pair.from}&to=${pair.to}`;
  const cold = await timed(path);
  if (cold.status !== 200) throw new Error(`${pair.label}: HTTP ${cold.status}`);
  const warm: number[] = [];
  for (let round = 0; round < rounds; round++) warm.push((await timed(path)).ms);
  allWarm.push(...warm);
  const summary = summarizeLatency(warm);
  const links = (cold.body as { links: unknown[] }).links.length;
  console.log(
    `${pair.label} (${pair.paragraphs} paragraphs, ${links} links): cold ${fmt(cold.ms)} ms; warm p50 ${fmt(summary.p50)} ms, p99 ${fmt(summary.p99)} ms, max ${fmt(Math.max(...warm))} ms (${rounds} rounds)`,
  );
}
const overall = summarizeLatency(allWarm);
console.log(`all compare requests: p50 ${fmt(overall.p50)} ms, p99 ${fmt(overall.p99)} ms`);

if (guideline2023) {
  const paragraph = index.corpus.paragraphs.find(
    (p) => p.docId === guideline2023.id && p.text.includes('知识产权服务业集聚区优化升级'),
  );
  if (paragraph) {
    const sample: number[] = [];
    for (let round = 0; round < rounds; round++)
      sample.push((await timed(`/api/paragraphs/${paragraph.id}/lineage`)).ms);
    const summary = summarizeLatency(sample);
    console.log(
      `lineage of a 2023 guideline paragraph: p50 ${fmt(summary.p50)} ms, p99 ${fmt(summary.p99)} ms`,
    );
  }
}
await app.close();
await index.close();
