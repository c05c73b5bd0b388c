/**
 * Our keyword engine through its public seams: buildKeywordIndex / exportKeywordIndex /
 * importKeywordIndex, parseQuery and searchKeyword — the same calls the indexer and server make.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildKeywordIndex,
  exportKeywordIndex,
  importKeywordIndex,
  type KeywordIndex,
} from '../../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../../src/keyword/query-parser.ts';
import type { Corpus } from '../../../src/types.ts';
import type { BenchEngine } from './engine.ts';

/** Export keys may hold characters a file name cannot; one JSON file keeps them as they are. */
const EXPORT_FILE = 'keyword.json';

/** Our engine as a bench adapter; the saved form is the keyword export the indexer writes. */
export function createOurEngine(): BenchEngine {
  let index: KeywordIndex | undefined;
  const ready = (): KeywordIndex => {
    if (!index) throw new Error('our engine used before build or load');
    return index;
  };
  return {
    name: 'ours',
    async build(corpus: Corpus) {
      index = buildKeywordIndex(corpus);
    },
    async save(dir: string) {
      await writeFile(join(dir, EXPORT_FILE), JSON.stringify(exportKeywordIndex(ready())));
    },
    async load(dir: string, corpus: Corpus) {
      const names = await readdir(dir);
      if (!names.includes(EXPORT_FILE)) throw new Error(`no ${EXPORT_FILE} in ${dir}`);
      const files = JSON.parse(await readFile(join(dir, EXPORT_FILE), 'utf8')) as Record<string, string>;
      index = importKeywordIndex(files, corpus);
    },
    async search(query: string, limit: number) {
      const { matches } = searchKeyword(ready(), parseQuery(query), {});
      return matches.slice(0, limit).map((m) => m.seq);
    },
  };
}
