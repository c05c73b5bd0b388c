/**
 * Chinese word segmentation: jieba with its default dictionary plus the project's domain
 * dictionary (policy terms jieba would otherwise split, e.g. 质押融资, 一窗通办).
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { sourceFile } from '../checkout-paths.ts';

/**
 * The domain dictionary beside this module's source, in jieba's `word frequency tag` format (read from
 * the sources also when the code runs compiled: the build holds JavaScript only).
 */
export const DOMAIN_DICTIONARY: string = readFileSync(sourceFile('src/text/domain-dictionary.txt'), 'utf8');

const jieba = Jieba.withDict(dict);
jieba.loadDict(Buffer.from(DOMAIN_DICTIONARY, 'utf8'));

/** Precise-mode segmentation: each character belongs to exactly one word, in order. */
export function segmentWords(text: string): string[] {
  return jieba.cut(text, false);
}

/** Search-mode segmentation: precise words plus the dictionary words inside long compounds. */
export function segmentForSearch(text: string): string[] {
  return jieba.cutForSearch(text, false);
}

/** Precise-mode segmentation with jieba's default dictionary only, for comparing what the domain dictionary changes. */
export function segmentWordsWithoutDomainDictionary(text: string): string[] {
  return plainJieba().cut(text, false);
}

let plain: Jieba | undefined;
function plainJieba(): Jieba {
  plain ??= Jieba.withDict(dict);
  return plain;
}
