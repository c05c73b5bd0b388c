import { describe, expect, it } from 'vitest';
import { nearestWords, trainWordVectors } from './ppmi-word-vectors.ts';

// Two topics: 贷款 and 融资 share their neighbours (银行, 利率, 担保); 专利 and 商标 share theirs.
const sentences = [
  ...Array.from({ length: 6 }, () => ['银行', '贷款', '利率', '担保']),
  ...Array.from({ length: 6 }, () => ['银行', '融资', '利率', '担保']),
  ...Array.from({ length: 6 }, () => ['申请', '专利', '审查', '授权']),
  ...Array.from({ length: 6 }, () => ['申请', '商标', '审查', '授权']),
];
const options = { minCount: 2, window: 3, rank: 4, powerIterations: 2, keep: () => true };

describe('trainWordVectors', () => {
  it('gives every kept word a unit-length vector', () => {
    const model = trainWordVectors(sentences, options);
    expect(model.words).toHaveLength(10);
    for (let w = 0; w < model.words.length; w++) {
      const vector = model.vectors.subarray(w * model.dimensions, (w + 1) * model.dimensions);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('leaves out words seen fewer than minCount times or refused by keep', () => {
    const model = trainWordVectors([...sentences, ['罕见']], { ...options, keep: (word) => word !== '银行' });
    expect(model.words).not.toContain('罕见');
    expect(model.words).not.toContain('银行');
  });
});

describe('nearestWords', () => {
  const model = trainWordVectors(sentences, options);

  it.each([
    ['贷款', '融资'],
    ['专利', '商标'],
  ])('finds %s closest to %s, the word sharing its contexts', (word, nearest) => {
    expect(nearestWords(model, word, { k: 1, minSimilarity: 0, minCount: 1 })[0]?.word).toBe(nearest);
  });

  it('finds nothing for an unknown word or under the similarity floor', () => {
    expect(nearestWords(model, '未知', { k: 3, minSimilarity: 0, minCount: 1 })).toEqual([]);
    expect(nearestWords(model, '贷款', { k: 3, minSimilarity: 1.01, minCount: 1 })).toEqual([]);
  });
});
