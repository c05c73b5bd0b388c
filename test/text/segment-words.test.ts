import { describe, expect, it } from 'vitest';
import {
  segmentForSearch,
  segmentWords,
  segmentWordsWithoutDomainDictionary,
} from '../../src/text/segment-words.ts';

describe('segmentWords', () => {
  it.each([
    ['推进一窗通办改革', '一窗通办'],
    ['扩大质押融资规模', '质押融资'],
    ['建设专利导航服务基地', '专利导航'],
    ['加强地理标志保护', '地理标志'],
    ['推行专利开放许可制度', '开放许可'],
    ['培育专精特新企业', '专精特新'],
    ['打击非正常专利申请行为', '非正常专利申请'],
    ['加快建设知识产权强国', '知识产权强国'],
    ['开展数据知识产权保护', '数据知识产权'],
    ['林草局、网信办按职责分工负责', '林草局'],
    ['深化中美欧日韩合作', '中美欧日韩'],
  ])('keeps the domain term in %s whole (%s), where jieba alone splits it', (text, term) => {
    expect(segmentWordsWithoutDomainDictionary(text)).not.toContain(term);
    expect(segmentWords(text)).toContain(term);
  });

  it('covers every character of the text once, in order', () => {
    const text = '2021年推动知识产权高质量发展，加强PCT国际申请服务。';
    expect(segmentWords(text).join('')).toBe(text);
  });
});

describe('segmentForSearch', () => {
  it('adds the parts of a compound beside the compound', () => {
    const words = segmentForSearch('知识产权质押融资');
    expect(words).toEqual(expect.arrayContaining(['知识产权', '质押融资', '质押', '融资', '知识', '产权']));
  });
});
