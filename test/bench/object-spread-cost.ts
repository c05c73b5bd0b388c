/**
 * What building a hit costs by the way its object is made: `{ ...context, snippet, highlights,
 * score, matchedBy }` (keys after a spread), the same keys added with `Object.assign` to the fresh
 * context (what src/search/hits.ts does), and one literal with every key. The context has a hit's
 * eight fields; each way runs 300,000 times after a 100,000-call warm-up, twice, in turns.
 *
 *   node test/bench/object-spread-cost.ts   (or npx tsx …)
 */
import type { ParagraphContext } from '../../src/types.ts';

const SECTION = ['第一章'];
const contextOf = (i: number): ParagraphContext => ({
  id: `p${i & 1023}`,
  docId: 'd',
  source: 's.txt',
  title: 't',
  year: 2020,
  section: SECTION,
  text: 'x',
  agencies: [],
});

const WAYS: Record<string, (i: number) => object> = {
  'keys after a spread': (i) => ({
    ...contextOf(i),
    snippet: 's',
    highlights: [],
    score: i / 3,
    matchedBy: [],
  }),
  'Object.assign to the context': (i) =>
    Object.assign(contextOf(i), { snippet: 's', highlights: [], score: i / 3, matchedBy: [] }),
  'one literal': (i) => {
    const context = contextOf(i);
    return {
      id: context.id,
      docId: context.docId,
      source: context.source,
      title: context.title,
      year: context.year,
      section: context.section,
      text: context.text,
      agencies: context.agencies,
      snippet: 's',
      highlights: [],
      score: i / 3,
      matchedBy: [],
    };
  },
};

let sink: object | null = null;
for (let round = 1; round <= 2; round++) {
  for (const [name, make] of Object.entries(WAYS)) {
    for (let i = 0; i < 100_000; i++) sink = make(i);
    const started = performance.now();
    for (let i = 0; i < 300_000; i++) sink = make(i);
    const microseconds = ((performance.now() - started) * 1000) / 300_000;
    console.log(`round ${round}  ${name.padEnd(30)} ${microseconds.toFixed(3)} µs a hit`);
  }
}
if (sink === null) throw new Error('nothing was made');
