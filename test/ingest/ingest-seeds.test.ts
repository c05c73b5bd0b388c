import { describe, expect, it } from 'vitest';
import type { Paragraph } from '../../src/types.ts';
import { loadSeedCorpus, loadSeedDocuments } from '../helpers/seed-corpus.ts';

const SEED = {
  notice2021: '000_2b34ef53993d7fe3.txt',
  tasks2021: '001_f2b5bd6f9b254a2f.txt',
  taiwanCopy2023: '002_ca027c0f700d14af.txt',
  taskList2020: '003_04412ee2bb764e95.txt',
  plan2021: '004_07740394ff6dd330.txt',
} as const;

function documentOf(source: string) {
  const doc = loadSeedDocuments().find((candidate) => candidate.meta.source === source);
  if (!doc) throw new Error(`seed ${source} not ingested`);
  return doc;
}

function paragraphsOf(source: string): Paragraph[] {
  return documentOf(source).paragraphs;
}

describe('ingestFile on the seeds', () => {
  it('ingests all five seeds in file order, with paragraphs grouped by document', () => {
    const corpus = loadSeedCorpus();
    expect(corpus.documents.map((doc) => doc.source)).toEqual(Object.values(SEED).sort());
    const order = corpus.paragraphs.map((p) => corpus.documents.findIndex((doc) => doc.id === p.docId));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const doc of corpus.documents) {
      expect(doc.paragraphCount).toBe(corpus.paragraphs.filter((p) => p.docId === doc.id).length);
    }
  });

  it.each([
    '首页',
    '字号',
    '京ICP备',
    '公网安备',
    '相關詞條',
    '相关词条',
    '热门词条',
    '基本介绍',
    '联络我们',
    '当前位置',
    '分享：',
    '中文名',
    '](#)',
  ])('leaves no page chrome "%s" in any paragraph', (chrome) => {
    const hits = loadSeedCorpus().paragraphs.filter(
      (p) => p.text.includes(chrome) || p.original.includes(chrome),
    );
    expect(hits.map((p) => p.text)).toEqual([]);
  });

  it.each(['内核技术', '指针纳入', '政策文档', '窗口集成'])('has no IT mis-conversion %s', (wrong) => {
    expect(loadSeedCorpus().paragraphs.filter((p) => p.text.includes(wrong))).toEqual([]);
  });

  it('keeps each paragraph of the repeated body of 002 once', () => {
    const texts = paragraphsOf(SEED.taiwanCopy2023).map((p) => p.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.filter((t) => t.startsWith('（一）发挥知识产权高质量发展指标引导作用'))).toHaveLength(1);
  });

  it('converts 002 to simplified mainland wording', () => {
    const text = paragraphsOf(SEED.taiwanCopy2023)
      .map((p) => p.text)
      .join('\n');
    expect(text).toContain('知识产权质押融资');
    expect(text).toContain('国家知识产权局');
    expect(text).toContain('宏观政策');
    expect(text).not.toMatch(/智慧财产权|巨观|计画|最佳化|國|權|樱喇立/u);
    expect(documentOf(SEED.taiwanCopy2023).meta.title).toBe('推动知识产权高质量发展年度工作指引（2023）');
  });

  it('keeps the untouched source text as original', () => {
    const first = paragraphsOf(SEED.taiwanCopy2023).find((p) => p.text.startsWith('（一）指导思想'));
    expect(first?.original).toMatch(/^\(一\)指導思想。/u);
  });

  it('makes one paragraph per task of the 003 table, with its departments and deadline as fields', () => {
    const paragraphs = paragraphsOf(SEED.taskList2020);
    expect(paragraphs.map((p) => /^(\d+)\./u.exec(p.text)?.[1])).toEqual(
      Array.from({ length: 19 }, (_, i) => String(i + 1)),
    );
    for (const p of paragraphs) {
      expect(p.fields?.执行部门).toBeTruthy();
      expect(p.text).not.toMatch(/<\/?[pb]>|任务清单\t/u);
    }
    const task1 = paragraphs[0];
    expect(task1?.section).toEqual(['一、全面强化知识产权保护']);
    expect(task1?.fields).toEqual({
      执行部门: '局内：保护司；省份：各类省份必做',
      完成时间: '年内有阶段性成果',
    });
    expect(task1?.agencies).toEqual(['保护司']);
  });

  it('merges a 003 task continued across a page break into one paragraph', () => {
    const task11 = paragraphsOf(SEED.taskList2020).find((p) => p.text.startsWith('11.'));
    expect(task11?.text).toContain('深入推进知识产权军民融合试点工作');
    expect(task11?.fields?.执行部门).toContain('省份：引领型、支撑型知识产权强省试点省必做');
    expect(task11?.agencies).toEqual(['运用促进司', '战略规划司']);
  });

  it('lists every agency of the 004 measure about the 反垄断法', () => {
    const measure = paragraphsOf(SEED.plan2021).find((p) => p.text.includes('反垄断法》'));
    expect(measure?.agencies).toEqual(expect.arrayContaining(['市场监管总局', '农业农村部', '知识产权局']));
  });

  it('reads agencies from every （…负责） bracket of a paragraph', () => {
    const p = paragraphsOf(SEED.notice2021).find((candidate) => candidate.text.startsWith('（一）持续推动'));
    expect(p?.agencies).toEqual(['战略规划司', '公共服务司']);
  });

  it.each([
    [
      SEED.notice2021,
      {
        title: '推动知识产权高质量发展年度工作指引（2021）',
        number: '国知发运字〔2021〕3号',
        published: '2021-03-05',
        signed: '2021-03-03',
        year: 2021,
        period: null,
        issuer: '国家知识产权局',
      },
    ],
    [SEED.tasks2021, { year: 2021 }],
    [SEED.taiwanCopy2023, { year: 2023, published: '2023-03-23' }],
    [SEED.taskList2020, { year: 2020, title: '2020年推动知识产权高质量发展任务清单' }],
    [
      SEED.plan2021,
      {
        title: '知识产权强国建设纲要和“十四五”规划实施年度推进计划',
        year: 2021,
        period: '2021–2022',
        published: '2022-01-04',
        signed: '2021-12-27',
        issuer: '国务院知识产权战略实施工作部际联席会议办公室',
      },
    ],
  ])('extracts the metadata of %s', (source, expected) => {
    expect(documentOf(source).meta).toMatchObject(expected);
  });

  it.each([
    [SEED.notice2021, '以习近平新时代中国特色社会主义思想为指导', ['一、总体要求', '（一）指导思想']],
    [SEED.notice2021, '——知识产权保护。', ['一、总体要求', '（三）主要目标', '——知识产权保护']],
    [
      SEED.notice2021,
      '（四）加强知识产权宏观政策研究。',
      ['三、强化知识产权高质量发展政策配套实施', '（四）加强知识产权宏观政策研究'],
    ],
    [SEED.tasks2021, '一、讲政治守纪律', ['一、讲政治守纪律，持续深化全面从严治党']],
    [
      SEED.tasks2021,
      '加快推进相关法律制度建设',
      ['三、高标准严要求，深入落实中央关于全面加强知识产权保护各项决策部署'],
    ],
    [SEED.taiwanCopy2023, '（一）指导思想', ['一 总体要求', '（一）指导思想']],
    [
      SEED.plan2021,
      '3.推进修改《中华人民共和国植物新品种保护条例》',
      ['一、完善知识产权制度', '（一）完善知识产权法律法规规章'],
    ],
  ])('gives the paragraph of %s starting "%s" its section path', (source, start, section) => {
    const p = paragraphsOf(source).find((candidate) => candidate.text.startsWith(start));
    expect(p?.section).toEqual(section);
  });

  it('keeps a heading and its body on one line as one paragraph holding the whole line', () => {
    const p = paragraphsOf(SEED.tasks2021).find((candidate) => candidate.text.startsWith('一、'));
    expect(p?.text).toMatch(/^一、讲政治守纪律，持续深化全面从严治党。要坚持/u);
  });

  it('never makes a heading alone into a paragraph', () => {
    const headings = ['一、总体要求', '（一）指导思想。', '五、工作要求', '工作要求'];
    const texts = loadSeedCorpus().paragraphs.map((p) => p.text);
    for (const heading of headings) expect(texts).not.toContain(heading);
  });

  it('numbers paragraphs from 0 in each document and gives them ids from the document id', () => {
    for (const doc of loadSeedDocuments()) {
      expect(doc.paragraphs.map((p) => p.ordinal)).toEqual(doc.paragraphs.map((_, i) => i));
      for (const p of doc.paragraphs)
        expect(p.id).toMatch(new RegExp(`^${doc.meta.id}-[0-9a-f]{8}(-\\d+)?$`, 'u'));
    }
  });
});
