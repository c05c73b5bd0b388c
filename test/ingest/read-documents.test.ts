import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocuments } from '../../indexer/read-documents.ts';
import type { IngestInput } from '../../src/ingest/ingest-file.ts';
import { ingestDocument, ingestFile, isSkipped } from '../../src/ingest/ingest-file.ts';

// A GBK file: the line 国家知识产权局, then the line 2021年工作。
const GBK_TITLE = [0xb9, 0xfa, 0xbc, 0xd2, 0xd6, 0xaa, 0xca, 0xb6, 0xb2, 0xfa, 0xc8, 0xa8, 0xbe, 0xd6];
const GBK_FILE = new Uint8Array([
  ...GBK_TITLE,
  0x0a,
  ...new TextEncoder().encode('2021'),
  0xc4,
  0xea, // 年
  0xb9,
  0xa4,
  0xd7,
  0xf7, // 工作
  0xa1,
  0xa3, // 。
  0x0a,
]);

let dir = '';

async function collect(inputDir: string): Promise<IngestInput[]> {
  const files: IngestInput[] = [];
  for await (const file of readDocuments(inputDir)) files.push(file);
  return files;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'read-documents-'));
  mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(path.join(dir, 'b-gbk.txt'), GBK_FILE);
  writeFileSync(
    path.join(dir, 'a-binary.txt'),
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]),
  );
  writeFileSync(path.join(dir, 'sub', 'deeper', 'law.md'), '# 某某条例\n\n第一条 为了测试，制定本条例。\n');
  writeFileSync(path.join(dir, 'sub', 'page.html'), '<html><body><p>2022年工作要点。</p></body></html>');
  writeFileSync(
    path.join(dir, 'sub', 'page.html.meta.json'),
    JSON.stringify({ year: 2022, number: '测试〔2022〕1号' }),
  );
  writeFileSync(path.join(dir, 'notes.xlsx'), 'not a document type');
  writeFileSync(path.join(dir, 'scan.PDF'), 'a PDF by its name');
  writeFileSync(path.join(dir, 'broken.txt'), '2020年工作。');
  writeFileSync(path.join(dir, 'broken.txt.meta.json'), '{ not json');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readDocuments', () => {
  it('yields every .txt/.md/.html/.htm/.pdf/.docx file (any case), recursively, sorted, with /-separated relative sources', async () => {
    const files = await collect(dir);
    expect(files.map((file) => file.source)).toEqual([
      'a-binary.txt',
      'b-gbk.txt',
      'broken.txt',
      'scan.PDF',
      'sub/deeper/law.md',
      'sub/page.html',
    ]);
  });

  it('passes the parsed sidecar beside a file, and a note when it is not valid JSON', async () => {
    const files = await collect(dir);
    expect(files.find((file) => file.source === 'sub/page.html')?.sidecar).toEqual({
      year: 2022,
      number: '测试〔2022〕1号',
    });
    expect(files.find((file) => file.source === 'broken.txt')?.sidecarError).toMatch(/not valid JSON/u);
  });
});

describe('ingestFile on files read from a folder', () => {
  it('decodes a GBK file, skips a binary file and a damaged PDF with their reasons, and never throws', async () => {
    const results = await Promise.all((await collect(dir)).map((file) => ingestDocument(file)));
    expect(results.find((result) => 'reason' in result && result.source === 'scan.PDF')).toEqual({
      source: 'scan.PDF',
      reason: expect.stringMatching(/^unreadable PDF \(/u),
    });
    const binary = results.find((result) => 'reason' in result && result.source === 'a-binary.txt');
    expect(binary).toEqual({ source: 'a-binary.txt', reason: 'binary file (contains NUL bytes)' });
    const gbk = results.find((result) => !isSkipped(result) && result.meta.source === 'b-gbk.txt');
    expect(gbk && !isSkipped(gbk) ? gbk.paragraphs.map((p) => p.text) : null).toEqual(['2021年工作。']);
    expect(gbk && !isSkipped(gbk) ? gbk.meta : null).toMatchObject({ title: '国家知识产权局', year: 2021 });
  });

  it('applies a sidecar over the text and reports an unreadable one as a warning', async () => {
    const files = await collect(dir);
    const page = ingestFile(files.find((file) => file.source === 'sub/page.html') as IngestInput);
    expect(isSkipped(page) ? null : page.meta).toMatchObject({ year: 2022, number: '测试〔2022〕1号' });
    const broken = ingestFile(files.find((file) => file.source === 'broken.txt') as IngestInput);
    expect(isSkipped(broken) ? [] : broken.warnings).toEqual([
      expect.stringMatching(/^broken\.txt: .*not valid JSON/u),
    ]);
  });
});
