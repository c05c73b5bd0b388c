import { describe, expect, it } from 'vitest';
import { measureCheck, measureWords } from '../../src/meaning/states-measure.ts';

describe('measureWords', () => {
  it.each([
    ['知识产权质押融资', ['知识产权', '质押融资']],
    ['技术与创新支持中心', ['技术', '创新', '支持', '中心']],
    ['智慧財產權質押融資', ['知识产权', '质押融资']],
    ['的', ['的']],
  ])('reads %s as %j', (query, words) => {
    expect(measureWords(query)).toEqual(words);
  });
});

describe('measureCheck', () => {
  const check = (query: string, text: string, maxGap = 16) => measureCheck(query, { maxGap })(text);

  it.each([
    ['the name itself', '知识产权质押融资', '探索知识产权质押融资风险分担新模式。', true],
    [
      'its words close together, in order',
      '知识产权质押融资',
      '为知识产权交易流转、质押融资提供便利。',
      true,
    ],
    [
      'a promulgation line sharing none of its words',
      '知识产权质押融资',
      '2001年11月28日国家知识产权局令第17号公布',
      false,
    ],
    ['its words in two sentences', '知识产权质押融资', '加强知识产权保护。推动质押融资。', false],
    ['its words out of order', '技术与创新支持中心', '支持建设技术创新中心。', false],
    ['one word missing', '知识产权质押融资', '完善知识产权质押登记制度。', false],
  ])('%s → %s', (_label, query, text, states) => {
    expect(check(query, text)).toBe(states);
  });

  it('admits more as the gap allowed between words grows', () => {
    const text = '建立知识产权交易评估评价、质押融资风险补偿扶持等机制。';
    expect(check('知识产权质押融资', text, 4)).toBe(false);
    expect(check('知识产权质押融资', text, 16)).toBe(true);
  });
});
