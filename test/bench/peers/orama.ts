/**
 * Orama 3 with its Mandarin tokenizer (Intl.Segmenter words), all words required (`threshold: 0`),
 * prefix matching left at its default.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AnyOrama, create, insertMultiple, load, type RawData, save, search } from '@orama/orama';
import { createTokenizer } from '@orama/tokenizers/mandarin';
import type { Corpus } from '../../../src/types.ts';
import { type BenchEngine, toPeerRows } from './engine.ts';
import { plainWords } from './plain-words.ts';

const SCHEMA = { text: 'string', title: 'string', section: 'string' } as const;

function createEmpty(): AnyOrama {
  return create({ schema: SCHEMA, components: { tokenizer: createTokenizer() } }) as AnyOrama;
}

/** Orama adapter; the saved form is `save(db)` as JSON, which includes Orama's document store. */
export function createOramaEngine(): BenchEngine {
  let db = createEmpty();
  return {
    name: 'Orama',
    async build(corpus: Corpus) {
      db = createEmpty();
      const rows = toPeerRows(corpus).map((r) => ({
        id: String(r.seq),
        text: r.text,
        title: r.title,
        section: r.section,
      }));
      await insertMultiple(db, rows, 1000);
    },
    async save(dir: string) {
      await writeFile(join(dir, 'orama.json'), JSON.stringify(save(db)));
    },
    async load(dir: string) {
      db = createEmpty();
      load(db, JSON.parse(await readFile(join(dir, 'orama.json'), 'utf8')) as RawData);
    },
    async search(query: string, limit: number) {
      const result = await search(db, {
        term: plainWords(query),
        properties: ['text', 'title', 'section'],
        threshold: 0,
        limit,
      });
      return result.hits.map((h) => Number(h.id));
    },
  };
}
