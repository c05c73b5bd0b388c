import { describe, expect, it } from 'vitest';
import { collectSuggestEntries } from '../../src/suggest/suggest-entries.ts';
import type { Corpus, Paragraph } from '../../src/types.ts';
import { documentMeta } from '../helpers/document-meta.ts';

function corpusOf(
  texts: { text: string; agencies?: string[] }[],
  titles = ['甲文件', '乙文件', '甲文件'],
): Corpus {
  const paragraphs: Paragraph[] = texts.map((row, ordinal) => ({
    id: `p${ordinal}`,
    docId: `d${ordinal % titles.length}`,
    ordinal,
    section: [],
    text: row.text,
    original: row.text,
    agencies: row.agencies ?? [],
  }));
  return {
    documents: titles.map((title, i) => documentMeta(`d${i}`, { year: 2020 + i, title })),
    paragraphs,
  };
}

const texts = [
  { text: '推进知识产权质押融资工作。', agencies: ['银保监会'] },
  { text: '扩大知识产权质押融资规模（知识产权局负责）。', agencies: ['知识产权局'] },
  { text: '探索知识产权质押融资新模式。', agencies: ['知识产权局'] },
  { text: '加强商标保护。' },
];

describe('collectSuggestEntries', () => {
  const entries = collectSuggestEntries(corpusOf(texts));
  const term = (text: string) => entries.term.find((entry) => entry.text === text);

  it('counts words in paragraphs, not occurrences, and keeps words of two or more paragraphs', () => {
    expect(term('知识产权')).toEqual({ text: '知识产权', count: 3 });
    expect(term('商标')).toBeUndefined();
  });

  it('finds multi-word measures that recur in three paragraphs', () => {
    expect(term('知识产权质押融资')).toEqual({ text: '知识产权质押融资', count: 3 });
    expect(term('推进知识产权')).toBeUndefined();
  });

  it('takes no term from the （…负责） brackets, whose names are agencies', () => {
    expect(entries.term.some((entry) => entry.text.includes('负责'))).toBe(false);
    expect(term('知识产权局')).toBeUndefined();
  });

  it('counts agencies by paragraph and titles by document, most frequent first', () => {
    expect(entries.agency).toEqual([
      { text: '知识产权局', count: 2 },
      { text: '银保监会', count: 1 },
    ]);
    expect(entries.title).toEqual([
      { text: '甲文件', count: 2 },
      { text: '乙文件', count: 1 },
    ]);
  });

  it('lists terms most frequent first', () => {
    const counts = entries.term.map((entry) => entry.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
