/**
 * The paragraphs of an opened build read on demand (src/persist/paragraph-file.ts): every field of
 * every paragraph, read one by one or a range at a time, equals the paragraph the build was made
 * from; ids find their seqs; a damaged or later-shortened file is refused with a clear message.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryFileError, decodeBinaryFile, encodeBinaryFile } from '../../src/persist/binary-file.ts';
import { openParagraphFile, type ParagraphFile } from '../../src/persist/paragraph-file.ts';
import { PARAGRAPHS_FILE_KIND, paragraphSections } from '../../src/persist/paragraph-store.ts';
import type { DocumentMeta, Paragraph } from '../../src/types.ts';
import { documentMeta } from '../helpers/document-meta.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';

let workDir = '';
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'paragraph-file-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

let written = 0;
/** Writes `paragraphs.bin` for the corpus and opens it on demand, as the loader does. */
async function store(paragraphs: Paragraph[], documents: DocumentMeta[]): Promise<ParagraphFile> {
  const file = path.join(workDir, `paragraphs-${written++}.bin`);
  const bytes = new Uint8Array(
    Buffer.concat(encodeBinaryFile(PARAGRAPHS_FILE_KIND, paragraphSections(paragraphs, documents))),
  );
  await writeFile(file, bytes);
  return openParagraphFile(
    file,
    decodeBinaryFile(bytes, PARAGRAPHS_FILE_KIND, { verify: true }),
    bytes,
    documents,
  );
}

function paragraph(docId: string, ordinal: number, text: string, extra: Partial<Paragraph> = {}): Paragraph {
  return {
    id: `${docId}-${ordinal}`,
    docId,
    ordinal,
    section: [],
    text,
    original: text,
    agencies: [],
    ...extra,
  };
}

const documents = [
  documentMeta('a', { year: 2020 }),
  documentMeta('b', { year: 2021 }),
  documentMeta('c', { year: null }),
];
/** Cases the columns treat apart: originals that differ (astral characters too), fields, empty strings, shared tables. */
const tiny: Paragraph[] = [
  paragraph('a', 0, '第一条 总则', { section: ['第一章'], original: '第一條　總則' }),
  paragraph('a', 1, '知识产权质押融资', { agencies: ['省财政厅', '省知识产权局'] }),
  paragraph('a', 2, '', { original: '' }),
  paragraph('b', 0, '表格行', {
    fields: { 执行部门: '省科技厅', 完成时间: '2025年' },
    agencies: ['省科技厅'],
  }),
  paragraph('b', 1, '𠀀字', { original: '𠀀字（原文）', section: ['第一章'] }),
  paragraph('c', 0, 'latin PCT', { id: 'c-0-2', agencies: ['省财政厅', '省知识产权局'] }),
];

describe('openParagraphFile', () => {
  it.each([
    ['a tiny corpus of every case', () => ({ paragraphs: tiny, documents })],
    ['the seeds', () => loadSeedCorpus()],
  ])('reads every paragraph of %s back, field by field and whole', async (_name, corpusOf) => {
    const corpus = corpusOf();
    const source = await store(corpus.paragraphs, corpus.documents);
    expect(source.count).toBe(corpus.paragraphs.length);
    corpus.paragraphs.forEach((expected, seq) => {
      expect(source.text(seq)).toBe(expected.text);
      expect(source.id(seq)).toBe(expected.id);
      expect(source.section(seq)).toEqual(expected.section);
      expect(source.agencies(seq)).toEqual(expected.agencies);
      expect(source.read(seq, seq + 1)).toEqual([expected]);
      expect(source.seqOf(expected.id)).toBe(seq);
      expect(corpus.documents[source.documentPosition[seq] as number]?.id).toBe(expected.docId);
    });
    expect(source.read(0, source.count)).toEqual(corpus.paragraphs);
    source.close();
  });

  it.each([
    [0, 0],
    [0, 3],
    [1, 5],
    [3, 4],
    [4, 6],
  ])('reads the range %i–%i in one go, equal to the same slice', async (start, end) => {
    const source = await store(tiny, documents);
    expect(source.read(start, end)).toEqual(tiny.slice(start, end));
    source.close();
  });

  it.each([
    ['a tiny corpus of every case', () => ({ paragraphs: tiny, documents })],
    ['the seeds', () => loadSeedCorpus()],
  ])(
    'reads the same texts and paragraphs of %s before and after its texts are decoded into one string',
    async (_name, corpusOf) => {
      const corpus = corpusOf();
      const source = await store(corpus.paragraphs, corpus.documents);
      const before = corpus.paragraphs.map((_, seq) => source.text(seq));
      const wholeBefore = source.read(0, source.count);
      source.decodeTexts();
      source.decodeTexts();
      expect(corpus.paragraphs.map((_, seq) => source.text(seq))).toEqual(before);
      expect(before).toEqual(corpus.paragraphs.map((p) => p.text));
      expect(source.read(0, source.count)).toEqual(wholeBefore);
      expect(source.text(-1)).toBe('');
      expect(source.text(source.count)).toBe('');
      source.close();
    },
  );

  it('reads ids by seq before its id table is made (on the first lookup by id) and after', async () => {
    const source = await store(tiny, documents);
    const ids = tiny.map((_, seq) => source.id(seq));
    expect(ids).toEqual(tiny.map((p) => p.id));
    expect([...ids].reverse().map((id) => source.seqOf(id))).toEqual([5, 4, 3, 2, 1, 0]);
    expect(tiny.map((_, seq) => source.id(seq))).toEqual(ids);
    source.close();
  });

  it('finds no seq for an unknown id, and refuses seqs outside the corpus', async () => {
    const source = await store(tiny, documents);
    for (const id of ['a-9', '', 'c-0', 'a-0x']) expect(source.seqOf(id)).toBeUndefined();
    expect(() => source.read(5, 7)).toThrow(RangeError);
    expect(() => source.id(6)).toThrow(RangeError);
    expect(source.text(6)).toBe('');
    source.close();
  });

  it('says so when the file was closed or has been shortened since it was opened', async () => {
    const closed = await store(tiny, documents);
    closed.close();
    expect(() => closed.read(0, 1)).toThrow(/the paragraph file was closed/);
    // What is in memory still answers.
    expect(closed.text(0)).toBe('第一条 总则');
    const shortened = await store(tiny, documents);
    await truncate(path.join(workDir, `paragraphs-${written - 1}.bin`), 100);
    expect(() => shortened.read(0, 1)).toThrow(/paragraphs\.bin is shorter than when it was opened/);
    shortened.close();
  });

  it('refuses columns that disagree: originals out of seq order', async () => {
    const sections = paragraphSections(tiny, documents).map(([name, data]): [string, typeof data] =>
      name === 'originalOf' ? [name, Int32Array.from([1, -1, -1, -1, 0, -1])] : [name, data],
    );
    const bytes = new Uint8Array(Buffer.concat(encodeBinaryFile(PARAGRAPHS_FILE_KIND, sections)));
    const file = decodeBinaryFile(bytes, PARAGRAPHS_FILE_KIND, { verify: true });
    expect(() => openParagraphFile('unused', file, bytes, documents)).toThrow(BinaryFileError);
    expect(() => openParagraphFile('unused', file, bytes, documents)).toThrow(/refers outside its tables/);
  });
});
