/**
 * Where an opened index's memory goes (BENCHMARKS.md, "Where the server's memory goes"): opens the
 * index in this fresh process stage by stage — the keyword side's files, the paragraphs, the keyword
 * index with its corpus view, jieba (one query tokenized), the semantic worker, the type-ahead
 * suggestions built — and after each stage forces two GCs and prints the process's RSS and
 * `process.memoryUsage()` in MB. The worker thread's heap and hnswlib's graph count in RSS only.
 *
 *   npx tsx --expose-gc test/bench/open-stages-memory.ts /work/idx/int-laws
 */
import { currentBuildDir } from '../../src/persist/index-store.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { startSemanticThread } from '../../src/persist/semantic-thread.ts';
import { queryTokens } from '../../src/text/analyze.ts';

const [indexDir] = process.argv.slice(2);
if (!indexDir) throw new Error('usage: open-stages-memory.ts INDEX_DIR');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function settle(): Promise<void> {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
  gc?.();
}

let last = { rss: 0, heapUsed: 0, external: 0 };
async function stage(name: string, seconds: number): Promise<void> {
  await settle();
  const usage = process.memoryUsage();
  console.log(
    JSON.stringify({
      stage: name,
      seconds: Math.round(seconds * 100) / 100,
      rssMb: mb(usage.rss),
      addedRssMb: mb(usage.rss - last.rss),
      heapUsedMb: mb(usage.heapUsed),
      addedHeapMb: mb(usage.heapUsed - last.heapUsed),
      externalMb: mb(usage.external),
      addedExternalMb: mb(usage.external - last.external),
      arrayBuffersMb: mb(usage.arrayBuffers),
    }),
  );
  last = usage;
}

const timed = async (work: () => Promise<unknown> | unknown) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

await stage('imports', 0);
queryTokens('知识产权');
await stage('jieba (one query tokenized)', 0);
let index: Awaited<ReturnType<typeof openIndex>> | undefined;
const keywordSeconds = await timed(async () => {
  index = await openIndex(indexDir, {}, { keywordOnly: true });
});
await stage('keyword side: documents, paragraphs, keyword index, corpus view', keywordSeconds);
const opened = index as NonNullable<typeof index>;
const suggestSeconds = await timed(() => opened.suggest?.warm?.());
await stage('type-ahead suggestions made (warm())', suggestSeconds);
let thread: Awaited<ReturnType<typeof startSemanticThread>> | undefined;
const semanticSeconds = await timed(async () => {
  const buildDir = await currentBuildDir(indexDir);
  const { manifest } = opened;
  if (!manifest.embedder) return;
  thread = await startSemanticThread({
    buildDir,
    embedder: manifest.embedder,
    paragraphs: manifest.paragraphs,
    verify: true,
    calibrate: !manifest.similarity,
    models: {},
  });
});
await stage('semantic worker (HNSW graph + corpus model, its own thread)', semanticSeconds);
await thread?.close();
await opened.close();
