import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile, isSkipped } from '../../src/ingest/ingest-file.ts';
import type { IngestedDocument } from '../../src/types.ts';
import { SEEDS_DIR } from '../helpers/seed-corpus.ts';

const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);

function ingestText(source: string, text: string, sidecar?: unknown): IngestedDocument {
  const result = ingestFile({ source, bytes: new TextEncoder().encode(text), sidecar });
  if (isSkipped(result)) throw new Error(`${source} skipped: ${result.reason}`);
  return result;
}

function ingestFixture(name: string): IngestedDocument {
  const result = ingestFile({ source: name, bytes: readFileSync(new URL(name, FIXTURES)) });
  if (isSkipped(result)) throw new Error(`${name} skipped: ${result.reason}`);
  return result;
}

describe('ingestFile', () => {
  it.each(readdirSync(SEEDS_DIR).sort())('gives %s the same ids and output on two ingests', (name) => {
    const bytes = readFileSync(`${SEEDS_DIR}${name}`);
    const first = ingestFile({ source: name, bytes });
    const second = ingestFile({ source: name, bytes: new Uint8Array(bytes) });
    expect(second).toEqual(first);
  });

  it('derives the document id from the source path alone', () => {
    const doc = ingestText('004_07740394ff6dd330.txt', '2021年工作。');
    expect(doc.meta.id).toBe('7b8c95732b0c');
    expect(doc.paragraphs[0]?.id).toMatch(/^7b8c95732b0c-[0-9a-f]{8}$/u);
  });

  it('renames only the edited paragraph when one paragraph changes', () => {
    const before = ingestText(
      'a.txt',
      '2021年工作。\n第一段没有变化。\n第二段原来的样子。\n第三段没有变化。',
    );
    const after = ingestText('a.txt', '2021年工作。\n第一段没有变化。\n第二段改过的样子。\n第三段没有变化。');
    const changed = before.paragraphs.map((p, i) => p.id !== after.paragraphs[i]?.id);
    expect(changed).toEqual([false, false, true, false]);
  });

  it('keeps a repeated paragraph once and gives every paragraph a distinct id', () => {
    const doc = ingestText('b.txt', '2021年工作。\n甲。\n乙。\n甲。');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['2021年工作。', '甲。', '乙。']);
    expect(new Set(doc.paragraphs.map((p) => p.id)).size).toBe(3);
  });

  it('indexes a document without any year, with year null and a warning', () => {
    const doc = ingestText(
      'no-year.txt',
      '关于加强保护的意见\n各地要加强知识产权保护工作，完善工作机制，落实保护责任。',
    );
    expect(doc.meta.year).toBeNull();
    expect(doc.warnings).toEqual(['no-year.txt: no year found; indexed with year null']);
  });

  it('lets a sidecar override extracted fields', () => {
    const doc = ingestText('c.txt', '2021年工作要点\n做好2021年知识产权工作。', {
      title: '另一个标题',
      year: 2020,
      period: '2020–2021',
    });
    expect(doc.meta).toMatchObject({ title: '另一个标题', year: 2020, period: '2020–2021' });
    expect(doc.warnings).toEqual([]);
  });

  it.each([
    [{ year: '2021' }, /year/u],
    [{ published: '2021/03/05' }, /published/u],
    [{ colour: 'red' }, /colour|Unrecognized/u],
    [[1, 2], /root|object/u],
  ])('ignores an invalid sidecar %j with a warning naming the problem', (sidecar, problem) => {
    const doc = ingestText('d.txt', '2021年工作要点\n做好2021年知识产权工作。', sidecar);
    expect(doc.meta.year).toBe(2021);
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings[0]).toMatch(/^d\.txt: sidecar ignored: /u);
    expect(doc.warnings[0]).toMatch(problem);
  });

  it('skips a file with no text left, with the reason', () => {
    expect(
      ingestFile({
        source: '_index.md',
        bytes: new TextEncoder().encode('---\nbookCollapseSection: true\n---\n'),
      }),
    ).toEqual({
      source: '_index.md',
      reason: 'no text (only front matter, headings or page chrome)',
    });
  });

  it('makes each law article one paragraph with its clauses and items, its chapter as section', () => {
    const doc = ingestFixture('law-sample.md');
    expect(doc.meta).toMatchObject({
      title: '中华人民共和国示例法',
      year: 2020,
      issuer: '全国人民代表大会常务委员会',
    });
    expect(doc.paragraphs.map((p) => [p.section, p.text])).toEqual([
      [[], '2020年5月14日第十三届全国人民代表大会常务委员会第十九次会议通过'],
      [['第一章 总则'], '第一条 为了保护知识产权，制定本法。'],
      [
        ['第一章 总则'],
        '第二条 本法所称知识产权，包括下列权利：（一）专利权；（二）商标权。国家依法保护知识产权。',
      ],
      [['第二章 保护'], '第三条 侵犯知识产权的，依法承担责任。'],
      [['第二章 保护'], '第三条之一 情节严重的，从重处罚。'],
      [['第二章 保护'], '示例表1000元以下的部分40元'],
    ]);
  });

  it('reads an HTML page: drops scripts, navigation and footer, keeps headings as sections and decodes entities', () => {
    const doc = ingestFixture('web-page.html');
    expect(doc.meta).toMatchObject({
      title: '示例工作要点（2022）',
      year: 2022,
      published: '2022-02-10',
      number: '示例〔2022〕7号',
      issuer: '国家知识产权局',
    });
    const texts = doc.paragraphs.map((p) => p.text).join('\n');
    expect(texts).not.toMatch(/首页|var nav|color|当前位置|相关链接|ICP|主办单位|中国政府网|&/u);
    const measure = doc.paragraphs.find((p) => p.text.startsWith('（一）加强保护'));
    expect(measure).toMatchObject({
      section: ['一、总体要求', '（一）加强保护'],
      text: '（一）加强保护。做好“十四五”规划实施工作。（保护司、运用促进司负责）',
      agencies: ['保护司', '运用促进司'],
    });
  });
});
