/**
 * The tokens the corpus-trained model learns from: the analyzer's index tokens (search-mode words
 * and CJK bigrams) plus single Han characters. Chinese words that mean related things often share a
 * character (冒牌/假冒, 盗播/盗版, 机密/秘密); the characters give latent semantic analysis those links
 * even when a query word never occurs in a small corpus. On the seed paraphrase set they raised
 * Success@10 from 0.50 to 0.79 (see test/embedding/corpus-embedder-seeds.test.ts).
 */
import { indexTokens, isHan } from '../text/analyze.ts';
import { normalizeText } from '../text/normalize.ts';

/** Tokens of an already normalized paragraph, as the corpus embedder sees them. */
export function corpusTokens(normalizedText: string): string[] {
  const characters = [...normalizedText].filter(isHan);
  return [...indexTokens(normalizedText), ...characters];
}

/** Tokens of raw text (a query, or a passage not yet normalized): normalize first, like the analyzer does. */
export function corpusQueryTokens(text: string): string[] {
  return corpusTokens(normalizeText(text));
}
