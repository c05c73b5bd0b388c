/**
 * Our keyword engine through its public seams: buildKeywordIndex / saveKeywordIndex /
 * loadKeywordIndex (through the bytes of keyword.bin), parseQuery and searchKeyword — the same
 * calls the indexer and server make.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildKeywordIndex,
  type KeywordIndex,
  loadKeywordIndex,
  saveKeywordIndex,
} from '../../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../../src/keyword/query-parser.ts';
import { decodeBinaryFile, encodeBinaryFile } from '../../../src/persist/binary-file.ts';
import {
  KEYWORD_FILE_KIND,
  keywordFromSections,
  keywordSections,
} from '../../../src/persist/keyword-store.ts';
import type { Corpus } from '../../../src/types.ts';
import type { BenchEngine } from './engine.ts';

/** The file the index store writes for the keyword index. */
const EXPORT_FILE = 'keyword.bin';

/** Our engine as a bench adapter; the saved form is the keyword.bin the indexer writes. */
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
      await writeFile(
        join(dir, EXPORT_FILE),
        encodeBinaryFile(KEYWORD_FILE_KIND, keywordSections(saveKeywordIndex(ready()))),
      );
    },
    async load(dir: string, corpus: Corpus) {
      const names = await readdir(dir);
      if (!names.includes(EXPORT_FILE)) throw new Error(`no ${EXPORT_FILE} in ${dir}`);
      const read = await readFile(join(dir, EXPORT_FILE));
      // Typed views need 8-byte alignment: a small file may sit unaligned in Buffer's pool.
      const bytes = read.byteOffset % 8 === 0 ? read : new Uint8Array(read);
      const file = decodeBinaryFile(bytes, KEYWORD_FILE_KIND, { verify: true });
      index = loadKeywordIndex(keywordFromSections(file), corpus);
    },
    async search(query: string, limit: number) {
      const { matches } = searchKeyword(ready(), parseQuery(query), {});
      return matches.slice(0, limit).map((m) => m.seq);
    },
  };
}
