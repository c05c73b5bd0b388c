import { describe, expect, it } from 'vitest';
import { toSourceLines } from '../../src/ingest/source-line.ts';
import { expandTables } from '../../src/ingest/tables.ts';

const HEADER = '任务清单\t落实举措\t执行部门\t完成时间';

function expand(rows: string[]) {
  return expandTables(toSourceLines(rows.join('\n'))).map(({ text, fields }) => ({ text, fields }));
}

describe('expandTables', () => {
  it('makes one line per row with later columns as fields, a first-cell-only row a heading, and strips <p>/<b>', () => {
    expect(
      expand([
        HEADER,
        '<b>一、全面强化保护</b>\t\t\t',
        '<p>1. 落实意见</p>\t<p>国家局：制定计划。</p> <p>各地区要落实。</p>\t<p>局内：保护司</p> <p>省份：各类省份必做</p>\t<p>年内有阶段性成果</p>',
        '2. 构建格局\t<p>国家局：优化布局。</p>\t局内：保护司  省份：涉及省份必做\t年底',
      ]),
    ).toEqual([
      { text: '一、全面强化保护', fields: undefined },
      {
        text: '1.落实意见。国家局：制定计划。各地区要落实。',
        fields: { 执行部门: '局内：保护司；省份：各类省份必做', 完成时间: '年内有阶段性成果' },
      },
      {
        text: '2.构建格局。国家局：优化布局。',
        fields: { 执行部门: '局内：保护司；省份：涉及省份必做', 完成时间: '年底' },
      },
    ]);
  });

  it('drops repeated header rows and merges a row continued across a page break into its task', () => {
    expect(
      expand([
        HEADER,
        '11. 促进融合\t<p>国家局：深入推进知</p>\t<p>局内：运用促进司</p>\t<p>年内</p>',
        HEADER,
        '\t<p>识产权军民融合试点工作。</p> <p>各地区要开展核算。</p>\t<p>省份：各类省份必做</p>\t',
        '12. 下一项\t<p>国家局：启动工程。</p>\t<p>局内：运用促进司</p>\t年内',
      ]),
    ).toEqual([
      {
        text: '11.促进融合。国家局：深入推进知识产权军民融合试点工作。各地区要开展核算。',
        fields: { 执行部门: '局内：运用促进司；省份：各类省份必做', 完成时间: '年内' },
      },
      { text: '12.下一项。国家局：启动工程。', fields: { 执行部门: '局内：运用促进司', 完成时间: '年内' } },
    ]);
  });

  it('leaves lines alone when the tab-separated run has no header of short column names', () => {
    const lines = ['这是一个很长很长的句子，里面偶然有一个\t制表符。', '第二行\t也有。', '第三行\t也有。'];
    expect(expand(lines).map((line) => line.fields)).toEqual([undefined, undefined, undefined]);
  });
});
