import { describe, expect, it } from 'vitest';
import { docxToHtml } from '../../src/ingest/docx-text.ts';
import { ingestDocument, isSkipped } from '../../src/ingest/ingest-file.ts';
import type { IngestedDocument } from '../../src/types.ts';
import { makeDocx } from '../helpers/make-docx.ts';

/** A Word notice with a title, Word headings, prose and a task table whose cells hold several paragraphs. */
function noticeDocx(): Promise<Uint8Array> {
  return makeDocx([
    { heading: '2023年知识产权运用促进工作方案', level: 1 },
    { paragraph: '为深入实施知识产权强国建设纲要，推动知识产权转化运用，制定本方案。' },
    { heading: '一、工作目标', level: 2 },
    { paragraph: '到2023年底，知识产权质押融资登记金额稳步增长，惠及更多中小企业。（运用促进司负责）' },
    { heading: '二、重点任务', level: 2 },
    {
      table: [
        [['任务'], ['具体措施'], ['执行部门'], ['完成时间']],
        [
          ['1.扩大质押融资'],
          ['推广知识产权质押融资。', '开展银企对接活动。'],
          ['运用促进司', '各省知识产权局'],
          ['年底'],
        ],
        [['2.培育专利密集型产业'], ['开展专利密集型产品备案认定。'], ['战略规划司'], ['持续推进']],
      ],
    },
  ]);
}

describe('docxToHtml', () => {
  it('refuses a file that is not a Word file with the reason', async () => {
    expect(await docxToHtml(new TextEncoder().encode('PK not a zip'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^unreadable Word file \(/u),
    });
  });

  it('keeps Word headings as headings and writes each table row as one tab-separated line', async () => {
    const result = await docxToHtml(await noticeDocx());
    if (!result.ok) throw new Error(result.reason);
    expect(result.html).toContain('<h2>一、工作目标</h2>');
    expect(result.html).toContain('<div>任务\t具体措施\t执行部门\t完成时间</div>');
    expect(result.html).not.toContain('<table');
  });
});

describe('ingestDocument on a .docx', () => {
  it('reads the title, sections, agencies and one paragraph per table row', async () => {
    const result = await ingestDocument({ source: 'plan.docx', bytes: await noticeDocx() });
    expect(isSkipped(result)).toBe(false);
    const document = result as IngestedDocument;
    expect(document.meta).toMatchObject({ title: '2023年知识产权运用促进工作方案', year: 2023 });
    expect(
      document.paragraphs.map(({ text, section, fields, agencies }) => ({ text, section, fields, agencies })),
    ).toEqual([
      {
        text: '为深入实施知识产权强国建设纲要，推动知识产权转化运用，制定本方案。',
        section: [],
        fields: undefined,
        agencies: [],
      },
      {
        text: '到2023年底，知识产权质押融资登记金额稳步增长，惠及更多中小企业。（运用促进司负责）',
        section: ['一、工作目标'],
        fields: undefined,
        agencies: ['运用促进司'],
      },
      {
        text: '1.扩大质押融资。推广知识产权质押融资。开展银企对接活动。',
        section: ['二、重点任务'],
        fields: { 执行部门: '运用促进司；各省知识产权局', 完成时间: '年底' },
        agencies: ['运用促进司', '各省知识产权局'],
      },
      {
        text: '2.培育专利密集型产业。开展专利密集型产品备案认定。',
        section: ['二、重点任务'],
        fields: { 执行部门: '战略规划司', 完成时间: '持续推进' },
        agencies: ['战略规划司'],
      },
    ]);
  });
});
