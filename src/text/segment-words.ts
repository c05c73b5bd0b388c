/**
 * Chinese word segmentation: jieba with its default dictionary plus the project's domain
 * dictionary (policy terms jieba would otherwise split, e.g. 质押融资, 一窗通办).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { sourceFile } from '../checkout-paths.ts';

/**
 * The domain dictionary beside this module's source, in jieba's `word frequency tag` format (read from
 * the sources also when the code runs compiled: the build holds JavaScript only).
 */
export const DOMAIN_DICTIONARY: string = readFileSync(sourceFile('src/text/domain-dictionary.txt'), 'utf8');

/** jieba's default dictionary (5 MB), read on first use (see {@link prepareSegmenter}). */
function defaultDictionary(): Buffer {
  // Read here rather than through `@node-rs/jieba/dict.js`, which also reads the 6 MB IDF table
  // (keyword extraction, unused here).
  return readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'));
}

let jieba: Jieba | undefined;

/**
 * Builds the segmenter now if it is not built yet. Building jieba's dictionary takes ≈ 0.15 s of CPU,
 * so it is not done when this module is imported (a process that never segments — `npm start`'s
 * `--if-stale` check — never pays it) but on the first segmentation, or earlier here when an opener
 * has a moment the main thread would otherwise spend waiting (src/persist/open-index.ts).
 */
export function prepareSegmenter(): void {
  segmenter();
}

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(defaultDictionary());
    jieba.loadDict(Buffer.from(DOMAIN_DICTIONARY, 'utf8'));
  }
  return jieba;
}

/** Precise-mode segmentation: each character belongs to exactly one word, in order. */
export function segmentWords(text: string): string[] {
  return segmenter().cut(text, false);
}

/** Search-mode segmentation: precise words plus the dictionary words inside long compounds. */
export function segmentForSearch(text: string): string[] {
  return segmenter().cutForSearch(text, false);
}

/** Precise-mode segmentation with jieba's default dictionary only, for comparing what the domain dictionary changes. */
export function segmentWordsWithoutDomainDictionary(text: string): string[] {
  return plainJieba().cut(text, false);
}

let plain: Jieba | undefined;
function plainJieba(): Jieba {
  plain ??= Jieba.withDict(defaultDictionary());
  return plain;
}
