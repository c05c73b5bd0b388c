/**
 * What finding a paragraph's highlights costs (`findHighlights`, src/keyword/snippet.ts): time a call
 * and scavenges (young-generation GCs, a measure of the garbage it makes) over 200,000 calls on a
 * 182-character paragraph of CJK, full-width punctuation and upper- and lower-case Latin, with four
 * query terms, after a 20,000-call warm-up.
 *
 *   ROOT=<checkout> node --import tsx test/bench/snippet-cost.ts
 *
 * ROOT (default: this checkout) is the source tree whose snippet module runs: run it once per tree.
 */
import { resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

const root = resolve(process.env.ROOT ?? resolve(import.meta.dirname, '../..'));
const { findHighlights } = (await import(resolve(root, 'src/keyword/snippet.ts'))) as {
  findHighlights: (text: string, terms: string[]) => [number, number][];
};
// Made flat (as a paragraph sliced from the index's texts is): a concatenated string would be a rope.
const text = Buffer.from(
  '第一条 为了保护专利权人的合法权益，鼓励发明创造，推动发明创造的应用，提高创新能力，促进科学技术进步和经济社会发展，制定本法。知识产权质押融资（PCT）申请、审查与Patent检索。'.repeat(
    2,
  ),
  'utf16le',
).toString('utf16le');
const terms = ['知识产权', '质押融资', '发明创造', 'pct'];
const CALLS = 200_000;

let scavenges = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as { detail?: { kind?: number } }).detail?.kind === 1) scavenges++;
  }
});
for (let i = 0; i < 20_000; i++) findHighlights(text, terms);
observer.observe({ entryTypes: ['gc'] });
const started = performance.now();
for (let i = 0; i < CALLS; i++) findHighlights(text, terms);
const microseconds = ((performance.now() - started) * 1000) / CALLS;
// GC entries are delivered on a later turn of the event loop.
await new Promise((done) => setTimeout(done, 50));
observer.disconnect();
console.log(
  `${root}: ${microseconds.toFixed(2)} µs a call, ${scavenges} scavenges in ${CALLS.toLocaleString('en')} calls`,
);
