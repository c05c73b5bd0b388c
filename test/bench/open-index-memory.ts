/**
 * What an opened index holds in memory (BENCHMARKS.md, "Start-up, keyword side first"): opens the
 * index in process — the keyword side only (`keyword`) or whole (`whole`: the semantic worker too) —
 * forces two GCs and prints `process.memoryUsage()` in MB, before and after the open. Run each
 * variant in a fresh process; the difference between the two is the semantic worker's share:
 *
 *   npx tsx --expose-gc test/bench/open-index-memory.ts /work/idx/binary-laws keyword
 *   npx tsx --expose-gc test/bench/open-index-memory.ts /work/idx/binary-laws whole
 */
import { openIndex } from '../../src/persist/open-index.ts';

const [indexDir, variant = 'whole'] = process.argv.slice(2);
if (!indexDir || !['keyword', 'whole'].includes(variant)) {
  throw new Error('usage: open-index-memory.ts INDEX_DIR keyword|whole');
}
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const rssBeforeOpenMb = mb(process.memoryUsage().rss);
const index = await openIndex(indexDir, {}, { keywordOnly: variant === 'keyword' });
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
await new Promise((resolve) => setTimeout(resolve, 500));
gc?.();
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    indexDir,
    variant,
    rssBeforeOpenMb,
    rssMb: mb(usage.rss),
    heapTotalMb: mb(usage.heapTotal),
    heapUsedMb: mb(usage.heapUsed),
    externalMb: mb(usage.external),
    arrayBuffersMb: mb(usage.arrayBuffers),
  }),
);
await index.close();
