import { describe, expect, it } from 'vitest';
import { changesBetween } from '../../src/lineage/changes.ts';
import { seriesKey } from '../../src/lineage/series.ts';
import { anchorsOf, numbersOf } from '../../src/lineage/unit-profile.ts';
import type { MeasureUnit } from '../../src/lineage/units.ts';

const unit = (text: string, agencies: string[] = []): MeasureUnit => ({
  index: 0,
  paragraphId: 'p',
  ordinal: 0,
  text,
  kind: 'measure',
  agencies,
});

describe('numbersOf', () => {
  it.each([
    ['发明专利审查周期压减至18.5个月，商标注册平均审查周期稳定在4个月', ['18.5个月', '4个月']],
    ['质押融资规模达2400亿元，增长率超过10%', ['2400亿元', '10%']],
    ['2021年底，知识产权顶层设计进一步强化', []],
    ['于2023年12月15日前报送', []],
    ['深入落实《专项实施方案（2019—2022年）》', []],
  ])('%s', (text, expected) => {
    expect(numbersOf(text)).toEqual(expected);
  });
});

describe('anchorsOf', () => {
  it('lists each 《…》 title once', () => {
    expect(anchorsOf('落实《关于强化知识产权保护的意见》和《专利法》，再落实《专利法》')).toEqual([
      '关于强化知识产权保护的意见',
      '专利法',
    ]);
  });
});

describe('changesBetween', () => {
  it('reports numbers only one side states, and agencies added and removed', () => {
    expect(
      changesBetween(
        [unit('发明专利审查周期压减至18.5个月，商标审查周期稳定在4个月', ['国际合作司', '保护司'])],
        [unit('发明专利审查周期压减到16个月', ['国际合作司']), unit('商标注册周期稳定在4个月', ['商标局'])],
      ),
    ).toEqual({
      numbers: { removed: ['18.5个月'], added: ['16个月'] },
      agenciesAdded: ['商标局'],
      agenciesRemoved: ['保护司'],
    });
  });

  it('says nothing about agencies when one side names none', () => {
    const changes = changesBetween(
      [unit('完善知识产权运用促进政策')],
      [unit('完善知识产权运用促进政策', ['运用促进司'])],
    );
    expect(changes.agenciesAdded).toEqual([]);
    expect(changes.agenciesRemoved).toEqual([]);
  });
});

describe('seriesKey', () => {
  it.each([
    ['推动知识产权高质量发展年度工作指引（2021）', '推动知识产权高质量发展'],
    ['推动知识产权高质量发展年度工作指引（2023）', '推动知识产权高质量发展'],
    ['2020年推动知识产权高质量发展任务清单', '推动知识产权高质量发展'],
    ['国家知识产权局2021年工作的总体要求', '国家知识产权局工作的总体要求'],
    ['中华人民共和国专利法(2020修正)', '中华人民共和国专利法'],
    ['中华人民共和国专利法（2008修正）', '中华人民共和国专利法'],
    ['2021年工作要点', '工作要点'],
  ])('%s → %s', (title, key) => {
    expect(seriesKey(title)).toBe(key);
  });
});
