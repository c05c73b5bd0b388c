/**
 * Same answers before and after a change: opens one index with two source trees in this process and
 * asks each every labelled query in each mode (top 20), then compares the hits' ids and scores query
 * by query and prints one sha256 over all of them per tree.
 *
 *   BEFORE=/tmp/base AFTER=. npx tsx test/bench/hits-ab.ts INDEX_DIR
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Searcher } from '../../src/search/searcher.ts';
import { AB_MODES, LABELLED_QUERIES, openWithTree } from './tree-ab.ts';

const [indexDir = 'index-data'] = process.argv.slice(2);

/** Each query's hits as `id score` lines, by mode and query. */
async function answers(searcher: Searcher): Promise<string[]> {
  const lines: string[] = [];
  for (const mode of AB_MODES) {
    for (const query of LABELLED_QUERIES) {
      const { hits } = await searcher.search({ query, mode, limit: 20, offset: 0, filters: {} });
      lines.push(`${mode}\t${query}\t${hits.map((hit) => `${hit.id} ${hit.score}`).join(',')}`);
    }
  }
  return lines;
}

const sides = [process.env.BEFORE, process.env.AFTER].map((root) => path.resolve(root ?? '.'));
const results: string[][] = [];
for (const root of sides) {
  const { searcher, close } = await openWithTree(root, indexDir);
  results.push(await answers(searcher));
  await close();
}
const [before = [], after = []] = results;
const differing = before.filter((line, i) => line !== after[i]);
const hash = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
console.log(
  JSON.stringify({
    indexDir,
    searches: before.length,
    differing: differing.length,
    before: { root: sides[0], sha256: hash(before) },
    after: { root: sides[1], sha256: hash(after) },
  }),
);
for (const line of differing.slice(0, 5)) console.log(`differs: ${line.slice(0, 200)}`);
if (differing.length > 0) process.exitCode = 1;
