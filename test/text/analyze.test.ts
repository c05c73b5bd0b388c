import { describe, expect, it } from 'vitest';
import {
  ANALYZER_VERSION,
  cjkBigrams,
  indexTokens,
  matchTokens,
  queryTokens,
} from '../../src/text/analyze.ts';

describe('ANALYZER_VERSION', () => {
  it('is a positive integer recorded in every manifest', () => {
    expect(Number.isInteger(ANALYZER_VERSION) && ANALYZER_VERSION > 0).toBe(true);
  });
});

describe('cjkBigrams', () => {
  it.each([
    ['知识产权', ['知识', '识产', '产权']],
    ['产权、质押', ['产权', '权质', '质押']],
    ['专利2021年', ['专利']],
    ['法', []],
  ])('gives the adjacent-character pairs of %s, skipping punctuation but not digits', (text, bigrams) => {
    expect(cjkBigrams(text)).toEqual(bigrams);
  });
});

describe('indexTokens', () => {
  it('keeps search-mode words and bigrams but no stop words or punctuation', () => {
    const tokens = indexTokens('知识产权的保护和运用，等。');
    expect(tokens).toEqual(expect.arrayContaining(['知识产权', '知识', '产权', '保护', '运用', '识产']));
    for (const dropped of ['的', '和', '等', '，', '。']) expect(tokens).not.toContain(dropped);
  });
});

describe('queryTokens', () => {
  it('gives a traditional-script term the tokens of its simplified form', () => {
    expect(queryTokens('智慧財產權質押融資')).toEqual(queryTokens('知识产权质押融资'));
  });

  it('gives full-width Latin letters and digits the tokens of their half-width forms', () => {
    expect(queryTokens('ＰＣＴ２０２１')).toEqual(queryTokens('PCT2021'));
  });
});

describe('matchTokens', () => {
  it('yields every CJK character, adjacent pair and triple, and lower-cased Latin/digit runs', () => {
    expect(matchTokens('PCT申请书2021年')).toEqual([
      'pct',
      '申',
      '请',
      '申请',
      '书',
      '请书',
      '申请书',
      '2021',
      '年',
    ]);
  });

  it('skips punctuation inside n-grams but breaks them at letters and digits', () => {
    expect(matchTokens('产权、质押')).toEqual([
      '产',
      '权',
      '产权',
      '质',
      '权质',
      '产权质',
      '押',
      '质押',
      '权质押',
    ]);
  });
});
