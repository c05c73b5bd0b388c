/**
 * `npx tsx test/bench/query-embedding-thread.ts [--queries N] [--layers L]`: how long a transformer
 * query embedding holds up everything else on the main thread, in process against in a worker thread.
 *
 * The model is synthetic (test/helpers/tiny-onnx-model.ts: 384 dimensions and L feed-forward layers
 * of random weights; bge-small cannot be downloaded here), sized so one query takes some ten
 * milliseconds — the issue puts bge-small at 10–30 ms. N queries (the labeled and paraphrase queries, repeated) are embedded
 * back to back while the main thread's event-loop delay is sampled (perf_hooks.monitorEventLoopDelay)
 * and a cheap task due every 2 ms records how late it runs — what any other request would wait.
 * The two embedders take turns over a few rounds, so a change in the machine's load hits both.
 * Writes the `query-embedding-thread` section of BENCHMARKS.md.
 */
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { loadThreadedEmbedder } from '../../src/embedding/threaded-embedder.ts';
import { loadTransformerEmbedder } from '../../src/embedding/transformer-embedder.ts';
import { writeTinyOnnxModel } from '../helpers/tiny-onnx-model.ts';
import { machineLine, writeSection } from './benchmarks-file.ts';
import { percentile } from './stats.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
/** The hidden width of bge-small-en and MiniLM: with 6 layers a query costs about as much as a small BERT's. */
const DIMENSIONS = 384;
/** How often the probe task is due. */
const PROBE_INTERVAL_MS = 2;
/** Turns each embedder takes; each turn embeds N / ROUNDS queries. */
const ROUNDS = 3;
const WARM_UP_QUERIES = 5;

/** What one embedder's turns measured, in milliseconds. */
interface Measured {
  embedMs: number[];
  probeLateMs: number[];
  /** The event-loop delay of each turn: p50, p99 and max. */
  loopDelayMs: { p50: number; p99: number; max: number }[];
  wallMs: number;
}

/** The queries of the test fixtures, as a person typed them. */
async function fixtureQueries(): Promise<string[]> {
  const files = ['labeled-queries.json', 'paraphrase-queries.json'];
  const lists = await Promise.all(
    files.map(
      async (file) => JSON.parse(await readFile(resolve(FIXTURES, file), 'utf8')) as { query: string }[],
    ),
  );
  return lists.flat().map((entry) => entry.query);
}

/** Starts a task due every `intervalMs`; the returned function stops it and gives how late each run was. */
function startLatenessProbe(intervalMs: number): () => number[] {
  const lateness: number[] = [];
  let due = performance.now() + intervalMs;
  const tick = () => {
    const now = performance.now();
    lateness.push(Math.max(0, now - due));
    due = now + intervalMs;
    timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return () => {
    clearTimeout(timer);
    return lateness;
  };
}

/** Embeds `queries` one after another while the probes watch the event loop. */
async function embedWhileProbing(embedder: Embedder, queries: string[], into: Measured): Promise<void> {
  // A fresh histogram per turn: one re-enabled after a pause counts the pause as a delay.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const stopProbe = startLatenessProbe(PROBE_INTERVAL_MS);
  const started = performance.now();
  for (const query of queries) {
    const t = performance.now();
    await embedder.embedQuery(query);
    into.embedMs.push(performance.now() - t);
  }
  into.wallMs += performance.now() - started;
  into.probeLateMs.push(...stopProbe());
  loopDelay.disable();
  const ms = (ns: number) => ns / 1e6;
  into.loopDelayMs.push({
    p50: ms(loopDelay.percentile(50)),
    p99: ms(loopDelay.percentile(99)),
    max: ms(loopDelay.max),
  });
}

const fixed = (ms: number) => ms.toFixed(1);
/** The worst turn's figure: histograms of separate turns cannot be merged. */
const worstTurn = (m: Measured, figure: 'p50' | 'p99' | 'max') =>
  fixed(Math.max(...m.loopDelayMs.map((turn) => turn[figure])));

/** One table row. */
function row(name: string, m: Measured): string {
  return `| ${name} | ${m.embedMs.length} | ${fixed(percentile(m.embedMs, 50))} | ${fixed(percentile(m.embedMs, 99))} | ${fixed(m.wallMs / 1000)} | ${worstTurn(m, 'p50')} | ${worstTurn(m, 'p99')} | ${worstTurn(m, 'max')} | ${fixed(percentile(m.probeLateMs, 50))} | ${fixed(percentile(m.probeLateMs, 99))} | ${fixed(Math.max(...m.probeLateMs))} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { queries: { type: 'string', default: '480' }, layers: { type: 'string', default: '6' } },
  });
  const count = Number(values.queries);
  const layers = Number(values.layers);
  const typed = await fixtureQueries();
  const queries = Array.from({ length: count }, (_, i) => typed[i % typed.length] as string);

  const model = writeTinyOnnxModel({ modelId: 'bench/synthetic-bert', dimensions: DIMENSIONS, layers });
  const options = { model: model.modelId, localModelPath: model.dir, cacheDir: model.dir };
  const inProcess = await loadTransformerEmbedder(options);
  const threaded = await loadThreadedEmbedder(options);
  const contenders: { name: string; embedder: Embedder; measured: Measured }[] = [
    { name: 'in process (main thread)', embedder: inProcess, measured: emptyMeasure() },
    { name: 'worker thread (piscina)', embedder: threaded, measured: emptyMeasure() },
  ];
  try {
    for (const { embedder } of contenders) {
      for (const query of queries.slice(0, WARM_UP_QUERIES)) await embedder.embedQuery(query);
    }
    const perTurn = Math.ceil(count / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const turn = queries.slice(round * perTurn, (round + 1) * perTurn);
      for (const { embedder, measured } of contenders) await embedWhileProbing(embedder, turn, measured);
    }
  } finally {
    await inProcess.close();
    await threaded.close();
    await rm(model.dir, { recursive: true, force: true });
  }

  const [onMain, onWorker] = contenders.map((c) => c.measured) as [Measured, Measured];
  const extra = percentile(onWorker.embedMs, 50) - percentile(onMain.embedMs, 50);
  const body = `## Query embedding in a worker thread (\`npx tsx test/bench/query-embedding-thread.ts\`)

${machineLine()}

A **synthetic** BERT-shaped ONNX model (test/helpers/tiny-onnx-model.ts: ${DIMENSIONS} dimensions, ${layers}
feed-forward layers of random weights — not bge-small, which cannot be downloaded here) embeds ${count}
queries (the labeled and paraphrase queries with BGE's instruction, repeated) back to back, in
${ROUNDS} alternating turns per embedder. Meanwhile the main thread's event-loop delay is sampled
(\`monitorEventLoopDelay\`, 1 ms resolution, so an idle loop shows about 1 ms; the worst turn is
shown) and a cheap task due every ${PROBE_INTERVAL_MS} ms records how late it runs: what any other request
waits. Times in ms unless stated.

| query embedder | queries | embed p50 | embed p99 | total s | loop delay p50 | loop delay p99 | loop delay max | probe late p50 | probe late p99 | probe late max |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${row(contenders[0]?.name ?? '', onMain)}
${row(contenders[1]?.name ?? '', onWorker)}

In process, each forward pass holds the event loop for its whole length (probe p99 ${fixed(percentile(onMain.probeLateMs, 99))} ms); in the
worker thread the main thread only posts the text and takes the vector back (probe p99 ${fixed(percentile(onWorker.probeLateMs, 99))} ms).
A query's own embedding ${extra > 0 ? `costs ${fixed(extra)} ms more at the median for the trip to the worker` : 'is no slower at the median for the trip to the worker'}: p50 ${fixed(percentile(onWorker.embedMs, 50))} ms there against ${fixed(percentile(onMain.embedMs, 50))} ms in process.
`;
  console.log(body);
  await writeSection('query-embedding-thread', body);
}

/** Nothing measured yet. */
function emptyMeasure(): Measured {
  return { embedMs: [], probeLateMs: [], loopDelayMs: [], wallMs: 0 };
}

await main();
