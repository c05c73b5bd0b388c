import { describe, expect, it } from 'vitest';
import { comparableText, measureUnits, splitSentences } from '../../src/lineage/units.ts';
import type { Paragraph } from '../../src/types.ts';

function paragraph(text: string, extra: Partial<Paragraph> = {}): Paragraph {
  return {
    id: `d-${text.length}`,
    docId: 'd',
    ordinal: 0,
    section: [],
    text,
    original: text,
    agencies: [],
    ...extra,
  };
}

describe('splitSentences', () => {
  it.each([
    ['甲项措施。乙项措施；丙项措施', ['甲项措施。', '乙项措施；', '丙项措施']],
    ['推广“一网通办。全程网办”。下一句。', ['推广“一网通办。全程网办”。', '下一句。']],
    ['落实《关于强化知识产权保护的意见。》要求。', ['落实《关于强化知识产权保护的意见。》要求。']],
    [
      '做好甲。（条法司负责）做好乙。（保护司负责）',
      ['做好甲。', '（条法司负责）', '做好乙。', '（保护司负责）'],
    ],
    ['做好甲（条法司负责）做好乙。', ['做好甲（条法司负责）', '做好乙。']],
  ])('%s', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('comparableText', () => {
  it.each([
    ['（五）健全知识产权保护政策。', '健全知识产权保护政策'],
    ['1.高标准落实《关于强化知识产权保护的意见》。', '高标准落实《关于强化知识产权保护的意见》'],
    ['国家知识产权局：加快制定实施落实意见的推进计划，', '加快制定实施落实意见的推进计划'],
    ['——知识产权创造。', '知识产权创造'],
    ['优化升级知识产权服务业集聚区。（运用促进司负责）', '优化升级知识产权服务业集聚区'],
    ['二、开好局起好步。', '开好局起好步'],
    ['2021年底，知识产权顶层设计进一步强化', '2021年底，知识产权顶层设计进一步强化'],
  ])('%s → %s', (sentence, expected) => {
    expect(comparableText(sentence)).toBe(expected);
  });
});

describe('comparableText, against the patterns run on every sentence', () => {
  // The function before it skipped the patterns that cannot match: every step run every time.
  const reference = (sentence: string) => {
    let text = sentence.replace(/[（(][^（）()]{2,300}?负责[）)]/gu, '').trim();
    for (let previous = ''; previous !== text; ) {
      previous = text;
      text = text
        .replace(
          /^(?:[（(][一二三四五六七八九十百\d]{1,4}[）)]|[一二三四五六七八九十百]{1,3}[、.．]|\d{1,3}(?:[.．、](?!\d)|\s)|——)\s*/u,
          '',
        )
        .replace(/^(?:国家知识产权局|局内|各地区|有关地区)[：:]/u, '')
        .trim();
    }
    return text.replace(/[。；;！!？?，,、：:\s]+$/u, '');
  };
  // Pieces that start, end or sit inside sentences, drawn by a generator of its own so a failure repeats.
  const pieces = [
    '（一）',
    '(2)',
    '一、',
    '十二.',
    '3.',
    '12 ',
    '——',
    '国家知识产权局：',
    '局内:',
    '各地区：',
    '第一条',
    '人民法院',
    '负责',
    '（市场监管总局负责）',
    ' ',
    '\u3000',
    '。',
    '；',
    '，',
    '：',
    '!',
    '?',
    '、',
    '知识产权',
    '2023年',
    '𠀀',
    'ISO',
    '\n',
  ];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const sentences = Array.from({ length: 5000 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join(
      '',
    ),
  );
  it('gives the same text for 5,000 generated sentences', () => {
    expect(sentences.map(comparableText)).toEqual(sentences.map(reference));
  });
});

describe('measureUnits', () => {
  it('cuts a numbered item into its title and its measures, each with the agencies of its bracket', () => {
    const units = measureUnits([
      paragraph(
        '（五）健全知识产权保护政策。深入贯彻落实《关于强化知识产权保护的意见》。（保护司负责）优化升级知识产权服务业集聚区。（运用促进司、保护司负责）',
        { section: ['三、政策', '（五）健全知识产权保护政策'], agencies: ['保护司', '运用促进司'] },
      ),
    ]);
    expect(units.map(({ text, kind, agencies }) => ({ text, kind, agencies }))).toEqual([
      { text: '健全知识产权保护政策', kind: 'heading', agencies: ['保护司'] },
      { text: '深入贯彻落实《关于强化知识产权保护的意见》', kind: 'measure', agencies: ['保护司'] },
      { text: '优化升级知识产权服务业集聚区', kind: 'measure', agencies: ['运用促进司', '保护司'] },
    ]);
  });

  it('gives units without a bracket the agencies of their paragraph (a task row’s 执行部门)', () => {
    const units = measureUnits([
      paragraph('7.持续提升商标审查质量和效率。严厉打击商标囤积、恶意注册等行为。', { agencies: ['商标局'] }),
    ]);
    expect(units.map((unit) => [unit.text, unit.agencies])).toEqual([
      ['持续提升商标审查质量和效率', ['商标局']],
      ['严厉打击商标囤积、恶意注册等行为', ['商标局']],
    ]);
  });

  it('drops headings too short to be a measure and keeps every unit’s paragraph id', () => {
    const units = measureUnits([paragraph('——知识产权创造。发明专利审查周期压减至16个月。', { id: 'p1' })]);
    expect(units).toEqual([
      expect.objectContaining({
        index: 0,
        paragraphId: 'p1',
        text: '发明专利审查周期压减至16个月',
        kind: 'measure',
      }),
    ]);
  });
});
