import { describe, expect, it } from 'vitest';
import { buildKeywordIndex } from '../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { containsPhrase } from '../../src/keyword/text-match.ts';
import type { Corpus, DocumentMeta, SearchFilters } from '../../src/types.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';
import { tinyCorpus } from './tiny-corpus.ts';

const tiny = buildKeywordIndex(tinyCorpus());
const seqs = (query: string, filters: SearchFilters = {}) =>
  searchKeyword(tiny, parseQuery(query), filters).matches.map((match) => match.seq);
const sorted = (query: string, filters: SearchFilters = {}) => seqs(query, filters).sort((a, b) => a - b);

describe('searchKeyword operators', () => {
  it.each([
    [
      'a term: verbatim, across punctuation, or all its words in the paragraph',
      '知识产权质押融资',
      [0, 1, 5],
    ],
    [
      'a phrase: only with its characters adjacent (punctuation between allowed)',
      '"知识产权质押融资"',
      [0, 5],
    ],
    ['AND: both terms in one paragraph', '数据 登记', [2]],
    ['OR with |', '商标 | 开放许可', [4, 6]],
    ['OR spelled OR', '商标 OR 开放许可', [4, 6]],
    ['NOT: excludes paragraphs with the word', '质押 -登记', [0, 5]],
    ['同句: all words inside one sentence', '同句(数据 保护)', []],
    ['同段: all words in one paragraph', '同段(数据 保护)', [3]],
    ['同句 with the words in one sentence', '同句(知识产权 保护)', [1, 3]],
    ['a Latin word, case-insensitive', 'pct', [4]],
    ['a single character', '窗', [6]],
    ['a term spanning a word boundary', '权质', [0, 5]],
  ])('%s (%s)', (_behaviour, query, expected) => {
    expect(sorted(query)).toEqual(expected);
  });

  it('returns the same matches for a traditional-script query as for its simplified form', () => {
    expect(seqs('智慧財產權質押融資')).toEqual(seqs('知识产权质押融资'));
    expect(seqs('開放許可')).toEqual(seqs('开放许可'));
  });

  it('matches full-width query letters against half-width text', () => {
    expect(sorted('ＰＣＴ')).toEqual([4]);
  });

  it('finds nothing, not an error, for a word no paragraph holds', () => {
    expect(seqs('植物新品种')).toEqual([]);
  });
});

describe('searchKeyword filters', () => {
  it.each([
    ['one year', { years: [2020] }, [0, 1]],
    ['several years (OR)', { years: [2020, 2023] }, [0, 1, 5]],
    ['a document', { docIds: ['d2023'] }, [5]],
    ['an agency', { agencies: ['银保监会'] }, [0]],
    ['year AND agency', { years: [2020], agencies: ['知识产权局'] }, [1]],
    ['a year with no match', { years: [2021] }, []],
  ])('narrows to %s', (_name, filters, expected) => {
    expect(sorted('质押', filters)).toEqual(expected);
  });
});

describe('searchKeyword ranking', () => {
  it('ranks paragraphs holding the term verbatim above those with its words scattered', () => {
    expect(seqs('知识产权质押融资')).toEqual([5, 0, 1]);
  });

  it('orders matches best first with strictly descending or equal scores', () => {
    const { matches } = searchKeyword(tiny, parseQuery('知识产权 | 质押'), {});
    for (let i = 1; i < matches.length; i++) {
      expect((matches[i] as { score: number }).score).toBeLessThanOrEqual(
        (matches[i - 1] as { score: number }).score,
      );
    }
  });

  it.each([
    ['a CJK word, found through the heading postings', '融资'],
    ['a word with a Latin run, looked at in every heading', 'pct融资'],
  ])('boosts a paragraph whose section headings hold %s', (_name, word) => {
    const corpus: Corpus = {
      documents: [{ ...(tinyCorpus().documents[0] as DocumentMeta), id: 'h' }],
      paragraphs: ['plain', 'headed'].map((name, ordinal) => ({
        id: `h-${name}`,
        docId: 'h',
        ordinal,
        section: name === 'headed' ? [`关于${word}`] : ['其他'],
        text: `推进${word}工作。`,
        original: `推进${word}工作。`,
        agencies: [],
      })),
    };
    const [first, second] = searchKeyword(buildKeywordIndex(corpus), parseQuery(word), {}).matches;
    expect(first?.seq).toBe(1);
    expect(first?.score).toBeGreaterThan(second?.score ?? Number.POSITIVE_INFINITY);
  });

  it('gives as its best n the first n matches, and every matched seq ascending', () => {
    const result = searchKeyword(tiny, parseQuery('知识产权 | 质押'), {});
    const ranked = result.matches;
    expect(ranked.length).toBeGreaterThan(2);
    expect(result.best(2)).toEqual(ranked.slice(0, 2));
    expect([...result.seqs]).toEqual(ranked.map((match) => match.seq).sort((a, b) => a - b));
  });

  it('returns the terms to highlight, longest first, without excluded words', () => {
    expect(searchKeyword(tiny, parseQuery('知识产权质押融资 -商标'), {}).terms).toEqual([
      '知识产权质押融资',
      '知识产权',
      '质押融资',
    ]);
  });
});

describe('containsPhrase', () => {
  it.each([
    ['数据知识产权登记', '数据知识产权', true],
    ['数据、知识产权', '数据知识产权', true],
    ['数据安全与知识产权', '数据知识产权', false],
    ['知识产权数据', '数据知识产权', false],
    ['规范PCT申请', 'pct申请', true],
  ])('%s contains %s: %s', (text, term, expected) => {
    expect(containsPhrase(text, term)).toBe(expected);
  });
});

describe('searchKeyword recall on the seeds', () => {
  const corpus = loadSeedCorpus();
  const index = buildKeywordIndex(corpus);

  it('finds the paragraph of every sampled 2–8 character CJK substring, wherever jieba cut it', () => {
    // A fixed linear congruential generator: the same 300 samples every run.
    let state = 20_240_601;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const misses: string[] = [];
    let sampled = 0;
    while (sampled < 300) {
      const seq = Math.floor(random() * corpus.paragraphs.length);
      const text = (corpus.paragraphs[seq] as { text: string }).text;
      const length = 2 + Math.floor(random() * 7);
      const start = Math.floor(random() * Math.max(1, text.length - length));
      const sample = text.slice(start, start + length);
      if (!/^\p{Script=Han}+$/u.test(sample) || sample.length !== length) continue;
      sampled++;
      const found = searchKeyword(index, parseQuery(sample), {}).matches.some((match) => match.seq === seq);
      if (!found) misses.push(sample);
    }
    expect(misses).toEqual([]);
  });
});
