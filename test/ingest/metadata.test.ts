import { describe, expect, it } from 'vitest';
import { applySidecar, documentNumber, extractMetadata, parseDate } from '../../src/ingest/metadata.ts';
import { toSourceLines } from '../../src/ingest/source-line.ts';

function extract(text: string, source = 'doc.txt', frontMatter: Record<string, string> = {}) {
  const lines = toSourceLines(text);
  return extractMetadata({ source, allLines: lines, lines, frontMatter });
}

describe('parseDate', () => {
  it.each([
    ['2021年3月3日', '2021-03-03'],
    ['发布时间：2021-03-05', '2021-03-05'],
    ['2022.1.4', '2022-01-04'],
    ['2021年2月30日', null],
    ['没有日期', null],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });
});

describe('documentNumber', () => {
  it.each([
    ['国知发运字〔2021〕3号', '国知发运字〔2021〕3号'],
    ['国办发[2020] 12号', '国办发[2020]12号'],
    ['〔2021〕3号', null],
    ['2021年3号文件', null],
  ])('reads %s as %s', (text, number) => {
    expect(documentNumber(text)).toBe(number);
  });
});

describe('extractMetadata', () => {
  it('reads the issued document title, number, dates and issuer of a notice', () => {
    expect(
      extract(
        '某局关于印发《某工作要点（2022）》的通知\n发布时间：2022-02-10\n某发〔2022〕7号\n各单位：\n现印发。\n某局\n2022年2月8日\n某工作要点（2022）',
      ),
    ).toEqual({
      title: '某工作要点（2022）',
      year: 2022,
      period: null,
      published: '2022-02-10',
      signed: '2022-02-08',
      issuer: '某局',
      number: '某发〔2022〕7号',
    });
  });

  it('takes the work year from the first year of a period', () => {
    expect(extract('年度推进计划\n明确2021—2022年度重点任务和措施。')).toMatchObject({
      year: 2021,
      period: '2021–2022',
    });
  });

  it('takes the year from the opening sentence when there is no title line', () => {
    expect(extract('某局2021年工作的总体要求是：坚持稳中求进。')).toMatchObject({
      title: '某局2021年工作的总体要求',
      year: 2021,
    });
  });

  it('reads a law: title from front matter, date and year from the file name, issuer from the enactment line', () => {
    expect(
      extract(
        '# 中华人民共和国某法\n1999年8月30日 全国人民代表大会常务委员会第十一次会议通过',
        '法/某法(2020-05-14).md',
        {
          title: '某法',
        },
      ),
    ).toMatchObject({
      title: '某法',
      year: 2020,
      published: '2020-05-14',
      issuer: '全国人民代表大会常务委员会',
    });
  });

  it('finds no year in a text without one', () => {
    expect(extract('关于加强保护的意见\n各地要加强保护。').year).toBeNull();
  });
});

describe('applySidecar', () => {
  const meta = extract('2021年工作要点\n做好工作。');

  it('overrides only the fields it names', () => {
    expect(applySidecar(meta, { issuer: '某局', year: null })).toEqual({
      meta: { ...meta, issuer: '某局', year: null },
      warnings: [],
    });
  });

  it('leaves metadata alone and warns when the sidecar is invalid', () => {
    const result = applySidecar(meta, { signed: 'yesterday' });
    expect(result.meta).toBe(meta);
    expect(result.warnings).toEqual([expect.stringMatching(/^sidecar ignored: signed: /u)]);
  });
});
