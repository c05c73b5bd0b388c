/**
 * MiniSearch 7 with an Intl.Segmenter('zh', word) tokenizer, words ANDed, BM25+ as it ships.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import type { Corpus } from '../../../src/types.ts';
import { type BenchEngine, type PeerRow, toPeerRows } from './engine.ts';
import { plainWords } from './plain-words.ts';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Word-like segments of a text, the only tokenizer Chinese gets without a dictionary. */
function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike) words.push(s.segment);
  }
  return words;
}

const OPTIONS: Options<PeerRow> = {
  idField: 'seq',
  fields: ['text', 'title', 'section'],
  tokenize: segmentWords,
  searchOptions: { combineWith: 'AND', tokenize: segmentWords },
};

/** MiniSearch adapter; the saved form is `JSON.stringify(miniSearch)` (no stored fields). */
export function createMiniSearchEngine(): BenchEngine {
  let index = new MiniSearch<PeerRow>(OPTIONS);
  return {
    name: 'MiniSearch',
    async build(corpus: Corpus) {
      index = new MiniSearch<PeerRow>(OPTIONS);
      index.addAll(toPeerRows(corpus));
    },
    async save(dir: string) {
      await writeFile(join(dir, 'minisearch.json'), JSON.stringify(index));
    },
    async load(dir: string) {
      index = MiniSearch.loadJSON<PeerRow>(await readFile(join(dir, 'minisearch.json'), 'utf8'), OPTIONS);
    },
    async search(query: string, limit: number) {
      return index
        .search(plainWords(query))
        .slice(0, limit)
        .map((r) => Number(r.id));
    },
  };
}
