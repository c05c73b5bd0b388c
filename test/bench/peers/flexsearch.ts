/**
 * FlexSearch 0.8 as issue 3 specified it and as our keyword index first used it (commit c06418c):
 * a Document index over text, section and title, each field stored as its analyzer tokens
 * (`indexTokens`: jieba search-mode words + CJK bigrams) joined by spaces, and an encoder that only
 * splits on the space, so FlexSearch sees exactly our tokens. Resolution 1, fastupdate off: the
 * configuration whose laws-corpus figures are quoted in src/keyword/keyword-index.ts.
 *
 * A query word becomes its CJK bigrams (a single character, or a non-CJK word, stays itself), as
 * the old keyword search planned it. The word matches a paragraph when every one of its tokens is
 * in one field (FlexSearch's AND within a field), any field will do, and all words must match —
 * the same "every word somewhere in text, section or title" the other peers answer. The OR across
 * fields and the AND across words are Sets here: FlexSearch 0.8.212's Resolver over Document fields
 * returned no ids once the limit reached 500 in our trial on the laws corpus. Resolution 1 keeps no
 * positions or frequencies, so results come in FlexSearch's own (index) order.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, Encoder } from 'flexsearch';
import { cjkBigrams, indexTokens } from '../../../src/text/analyze.ts';
import { normalizeText } from '../../../src/text/normalize.ts';
import type { Corpus } from '../../../src/types.ts';
import { type BenchEngine, queryWords, toPeerRows } from './engine.ts';
import { plainWords } from './plain-words.ts';

const FIELDS = ['text', 'section', 'title'] as const;
/** FlexSearch's export keys may hold characters a file name cannot; one JSON file keeps them. */
const EXPORT_FILE = 'flexsearch.json';

/** A FlexSearch encoder that splits on spaces and changes no token (our analyzer already normalized, lower-cased and segmented). */
export function tokenKeepingEncoder(): Encoder {
  return new Encoder({
    split: ' ',
    normalize: false,
    dedupe: false,
    numeric: false,
    minlength: 1,
    cache: false,
  });
}

function createFlex(): Document {
  const encoder = tokenKeepingEncoder();
  return new Document({
    tokenize: 'strict',
    encoder,
    resolution: 1,
    fastupdate: false,
    cache: false,
    document: { id: 'seq', index: [...FIELDS] },
  });
}

/** A field's stored form: its distinct analyzer tokens joined by spaces (ingestion already normalized it). */
function fieldTokens(text: string): string {
  return [...new Set(indexTokens(text.toLowerCase()))].join(' ');
}

/** The tokens FlexSearch must find for one query word: its CJK bigrams, else the word itself. */
function wordTokens(word: string): string {
  const normalized = normalizeText(word).toLowerCase();
  const bigrams = cjkBigrams(normalized);
  return bigrams.length > 0 ? [...new Set(bigrams)].join(' ') : normalized;
}

/**
 * FlexSearch Document adapter; the saved form is its `export` as one key → data JSON file. With
 * `allMatches` every query fetches all its matches before the page is cut, as our first keyword
 * search did (it ranked them with BM25 afterwards): the floor cost of ranking on top of FlexSearch.
 */
export function createFlexSearchEngine(options: { allMatches?: boolean } = {}): BenchEngine {
  let flex = createFlex();
  let paragraphCount = 0;
  /** Seqs whose text, section or title holds every token (FlexSearch ANDs within a field), fields in order. */
  const anyField = (tokens: string, limit: number): number[] => {
    const perField = flex.search({ query: tokens, index: [...FIELDS], limit }) as {
      result: (number | string)[];
    }[];
    return [...new Set(perField.flatMap((field) => field.result.map(Number)))];
  };
  return {
    name: options.allMatches ? 'FlexSearch 0.8 (all matches)' : 'FlexSearch 0.8',
    async build(corpus: Corpus) {
      flex = createFlex();
      paragraphCount = corpus.paragraphs.length;
      for (const row of toPeerRows(corpus)) {
        flex.add({
          seq: row.seq,
          text: fieldTokens(row.text),
          section: fieldTokens(row.section),
          title: fieldTokens(row.title),
        });
      }
    },
    async save(dir: string) {
      const files: Record<string, string> = {};
      // With a synchronous handler FlexSearch exports synchronously (src/serialize.js).
      flex.export((key: string, data: string) => {
        files[key] = data;
      });
      await writeFile(join(dir, EXPORT_FILE), JSON.stringify(files));
    },
    async load(dir: string, corpus: Corpus) {
      paragraphCount = corpus.paragraphs.length;
      const files = JSON.parse(await readFile(join(dir, EXPORT_FILE), 'utf8')) as Record<string, string>;
      flex = createFlex();
      for (const [key, data] of Object.entries(files)) flex.import(key, data);
    },
    async search(query: string, limit: number) {
      const words = queryWords(plainWords(query)).map(wordTokens);
      const [first, ...rest] = words;
      if (first === undefined) return [];
      if (rest.length === 0)
        return anyField(first, options.allMatches ? paragraphCount : limit).slice(0, limit);
      // Every word needs all its candidates before the AND; the limit applies to the intersection.
      const others = rest.map((tokens) => new Set(anyField(tokens, paragraphCount)));
      return anyField(first, paragraphCount)
        .filter((seq) => others.every((set) => set.has(seq)))
        .slice(0, limit);
    },
  };
}
