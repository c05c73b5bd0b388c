import { describe, expect, it } from 'vitest';
import { KEYWORD_RANKING } from '../../src/config.ts';
import {
  type Bm25Input,
  type Bm25Parameters,
  bm25WordScore,
  inverseDocumentFrequency,
} from '../../src/keyword/bm25.ts';

const base: Bm25Input = {
  termFrequency: 1,
  documentFrequency: 10,
  documentCount: 1_000,
  length: 100,
  averageLength: 100,
};
const score = (change: Partial<Bm25Input>, parameters: Bm25Parameters = KEYWORD_RANKING) =>
  bm25WordScore({ ...base, ...change }, parameters);

describe('bm25WordScore', () => {
  it.each<[string, Partial<Bm25Input>]>([
    ['the word in the section headings', { inSection: true }],
    ['the word in the document title', { inTitle: true }],
    ['more occurrences', { termFrequency: 3 }],
    ['a rarer word', { documentFrequency: 2 }],
    ['a shorter paragraph', { length: 50 }],
  ])('scores higher with %s', (_name, change) => {
    expect(score(change)).toBeGreaterThan(score({}));
  });

  it('weighs a heading above the title, because a heading is closer to the paragraph', () => {
    expect(score({ inSection: true })).toBeGreaterThan(score({ inTitle: true }));
  });

  it('saturates: the tenth occurrence adds less than the second', () => {
    expect(score({ termFrequency: 10 }) - score({ termFrequency: 9 })).toBeLessThan(
      score({ termFrequency: 2 }) - score({}),
    );
  });

  it('ignores length when b is 0', () => {
    const flat = { ...KEYWORD_RANKING, b: 0 };
    expect(score({ length: 500 }, flat)).toBeCloseTo(score({ length: 50 }, flat));
  });

  it('scores 0 for a word that is absent from text, headings and title', () => {
    expect(score({ termFrequency: 0 })).toBe(0);
  });
});

describe('inverseDocumentFrequency', () => {
  it('stays positive even for a word in every paragraph', () => {
    expect(inverseDocumentFrequency(1_000, 1_000)).toBeGreaterThan(0);
  });
});
