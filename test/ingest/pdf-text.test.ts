import { describe, expect, it } from 'vitest';
import { ingestDocument, isSkipped } from '../../src/ingest/ingest-file.ts';
import { pdfToText } from '../../src/ingest/pdf-text.ts';
import type { IngestedDocument } from '../../src/types.ts';
import { layParagraph, makeScannedPdf, makeTextPdf, type PlacedText } from '../helpers/make-pdf.ts';

const BODY = { left: 72, width: 444, size: 12 };
const TABLE_COLUMNS = [72, 200, 400, 480];

/** A two-page notice as ministries publish it: headline, 文号, wrapped prose, page numbers, then a task table. */
async function noticePdf(): Promise<Uint8Array> {
  const first: PlacedText[] = [
    { text: '国家知识产权局关于印发《2022年知识产权工作要点》的通知', x: 60, y: 760, size: 16 },
    { text: '国知发运字〔2022〕7号', x: 230, y: 730, size: 12 },
  ];
  let y = 690;
  for (const text of [
    '各省、自治区、直辖市知识产权局：',
    '为全面加强知识产权保护，推动知识产权高质量发展，现将2022年知识产权工作要点印发给你们，请结合实际认真贯彻落实，确保各项任务按期完成并取得实效。',
    '一、总体要求',
    '坚持以习近平新时代中国特色社会主义思想为指导，深入实施知识产权强国建设纲要，完善知识产权质押融资风险分担机制，扩大知识产权质押融资规模。',
  ]) {
    const laid = layParagraph(text, y, BODY);
    first.push(...laid.placed);
    y = laid.bottom - 8;
  }
  first.push({ text: '- 1 -', x: 285, y: 40, size: 10 });

  const cell = (column: number, text: string, row: number): PlacedText => ({
    text,
    x: TABLE_COLUMNS[column] as number,
    y: 740 - row * 16,
    size: 10,
  });
  const second: PlacedText[] = [
    { text: '附件：重点任务分工', x: 72, y: 770, size: 12 },
    cell(0, '任务', 0),
    cell(1, '具体措施', 0),
    cell(2, '执行部门', 0),
    cell(3, '完成时间', 0),
    cell(0, '一、强化知识产权保护', 1),
    cell(0, '1.完善保护制度', 2),
    cell(1, '加快专利法实施细则修改，完善', 2),
    cell(2, '条法司', 2),
    cell(3, '年底', 2),
    cell(1, '惩罚性赔偿制度。', 3),
    cell(0, '2.推进质押融资', 4),
    cell(1, '扩大知识产权质押融资规模。', 4),
    cell(2, '运用促进司', 4),
    cell(3, '持续推进', 4),
    { text: '- 2 -', x: 285, y: 40, size: 10 },
  ];
  return makeTextPdf([first, second]);
}

async function ingestPdf(bytes: Uint8Array, source = 'notice.pdf') {
  return ingestDocument({ source, bytes });
}

describe('pdfToText', () => {
  it('refuses a file that is not a PDF with the reason', async () => {
    const result = await pdfToText(new TextEncoder().encode('%PDF-1.4 truncated'));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^unreadable PDF \(/u) });
  });

  it('reports a scanned PDF (pictures, no text layer) instead of returning nothing', async () => {
    const result = await pdfToText(await makeScannedPdf(2));
    expect(result).toEqual({
      ok: false,
      reason: 'scanned PDF: no text layer (0 characters on 2 pages); run OCR on it first',
    });
  });

  it('joins wrapped lines, drops page numbers and writes the table as tab-separated rows', async () => {
    const result = await pdfToText(await noticePdf());
    if (!result.ok) throw new Error(result.reason);
    const lines = result.text.split('\n');
    expect(lines).toContain(
      '为全面加强知识产权保护，推动知识产权高质量发展，现将2022年知识产权工作要点印发给你们，请结合实际认真贯彻落实，确保各项任务按期完成并取得实效。',
    );
    expect(lines).toContain('任务\t具体措施\t执行部门\t完成时间');
    expect(lines).toContain('\t惩罚性赔偿制度。\t\t');
    expect(lines.some((line) => /^-\s*\d\s*-$/u.test(line))).toBe(false);
    expect(result.pages).toBe(2);
  });
});

describe('ingestDocument on a PDF', () => {
  it('skips a scanned PDF with its reason and never throws', async () => {
    expect(await ingestPdf(await makeScannedPdf(1), 'scan.pdf')).toEqual({
      source: 'scan.pdf',
      reason: 'scanned PDF: no text layer (0 characters on 1 page); run OCR on it first',
    });
  });

  it('reads metadata, sections, and one paragraph per table row with its 执行部门 and 完成时间', async () => {
    const result = await ingestPdf(await noticePdf());
    expect(isSkipped(result)).toBe(false);
    const document = result as IngestedDocument;
    expect(document.meta).toMatchObject({
      title: '2022年知识产权工作要点',
      number: '国知发运字〔2022〕7号',
      year: 2022,
    });
    const rows = document.paragraphs.filter((paragraph) => paragraph.fields);
    expect(rows.map(({ text, fields }) => ({ text, fields }))).toEqual([
      {
        text: '1.完善保护制度。加快专利法实施细则修改，完善惩罚性赔偿制度。',
        fields: { 执行部门: '条法司', 完成时间: '年底' },
      },
      {
        text: '2.推进质押融资。扩大知识产权质押融资规模。',
        fields: { 执行部门: '运用促进司', 完成时间: '持续推进' },
      },
    ]);
    expect(rows[0]?.section).toContain('一、强化知识产权保护');
    expect(rows[0]?.agencies).toContain('条法司');
    const prose = document.paragraphs.find((paragraph) => paragraph.text.startsWith('坚持以'));
    expect(prose?.section).toEqual(['一、总体要求']);
  });
});
