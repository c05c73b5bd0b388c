import { describe, expect, it } from 'vitest';
import { normalizeSuggestPrefix } from '../../src/suggest/suggest-prefix.ts';

describe('normalizeSuggestPrefix', () => {
  it.each([
    ['traditional script, like a query', '知識產', '知识产'],
    ['a whole Taiwan phrase, like a query', '智慧財產權', '知识产权'],
    ['a Taiwan phrase cut short', '智慧財產', '知识产权'],
    ['a Taiwan phrase cut shorter', '智慧財', '知识产权'],
    ['a cut-short phrase after other words', '保護智慧財產', '保护知识产权'],
    ['two characters: a word of its own, left alone', '智慧', '智慧'],
    ['Latin letters: lower-cased', 'WTO', 'wto'],
    ['full-width letters: half-width', 'ＰＣＴ', 'pct'],
    [
      'spaces between Chinese words: removed, Chinese is written without them',
      '知识产权 质押',
      '知识产权质押',
    ],
    ['surrounding spaces', '  专利 ', '专利'],
  ])('%s: %s → %s', (_label, typed, expected) => {
    expect(normalizeSuggestPrefix(typed)).toBe(expected);
  });
});
