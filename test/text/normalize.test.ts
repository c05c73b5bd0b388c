import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTraditional, normalizeText } from '../../src/text/normalize.ts';

describe('normalizeText', () => {
  it.each([
    ['traditional to simplified', '國家知識產權局', '国家知识产权局'],
    ['Taiwan policy phrase 智慧財產權', '推動智慧財產權高質量發展', '推动知识产权高质量发展'],
    ['Taiwan phrase 巨觀', '加強巨觀政策儲備', '加强宏观政策储备'],
    ['Taiwan phrase 計畫', '推進計畫', '推进计划'],
    ['Taiwan phrase 最佳化 and 數位化', '最佳化升級，數位化服務', '优化升级，数字化服务'],
    ['stray characters inserted into a word', '國家知識產櫻喇立權局', '国家知识产权局'],
    ['Taiwan term typed in simplified characters', '智慧财产权', '知识产权'],
    ['full-width letters and digits', 'ＧＤＰ增长１０％', 'GDP增长10％'],
    ['ASCII punctuation between CJK', '纪律,持续深化:全面;是否?是!', '纪律，持续深化：全面；是否？是！'],
    ['parentheses touching CJK, both sides', '工作指引(2023)', '工作指引（2023）'],
    ['numbering in ASCII parentheses at line start', '(1)加强', '（1）加强'],
    ['whitespace next to CJK removed, other runs collapsed', '  字号：大 中  小\tA   B ', '字号：大中小A B'],
  ])('converts %s', (_case, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it.each([
    ['核心', '关键核心技术'],
    ['指标', '相关指标纳入国家统计'],
    ['文件', '政策文件落地见效'],
    ['整合', '受理窗口整合'],
  ])('leaves the policy word %s alone (no IT phrase table)', (_word, text) => {
    expect(normalizeText(text)).toBe(text);
  });

  it.each([
    ['关鍵核心技術', '关键核心技术'],
    ['相關指標納入', '相关指标纳入'],
    ['政策文件', '政策文件'],
    ['窗口整合', '窗口整合'],
  ])('converts traditional %s without IT mis-conversions', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps decimals, list numbers and Latin text as they are', () => {
    expect(normalizeText('1. 压减至16.5个月 e.g. f(x)')).toBe('1.压减至16.5个月e.g. f(x)');
  });

  it('is idempotent on any mix of CJK, traditional, ASCII, full-width and whitespace', () => {
    const alphabet = [...'国國權智慧財產权计画巨觀乾於 ，。(),:;.!?　\t\nＡ１a1-—“”（）'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const once = normalizeText(chars.join(''));
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on a mixed sample', () => {
    const once = normalizeText('推動智慧財產權(2023), 計畫：ＡＢ');
    expect(normalizeText(once)).toBe(once);
  });

  it('converts a stray traditional character in simplified text but keeps ambiguous ones', () => {
    const text =
      '各地区要认真落实《关于强化知识产权保护的意見》，推动将知识产权保护工作纳入地方党委和政府重要议事日程，扭转乾坤';
    expect(normalizeText(text)).toBe(text.replace('見', '见'));
  });
});

describe('isTraditional', () => {
  it.each([
    ['推動智慧財產權高質量發展', true],
    ['推动知识产权高质量发展', false],
    ['落实《关于强化知识产权保护的意見》推动将知识产权保护工作纳入地方党委和政府重要议事日程', false],
    ['', false],
  ])('judges %s as traditional: %s', (text, expected) => {
    expect(isTraditional(text)).toBe(expected);
  });
});
