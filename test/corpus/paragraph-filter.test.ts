import { describe, expect, it } from 'vitest';
import { createCorpusView } from '../../src/corpus/corpus-view.ts';
import { paragraphFilter } from '../../src/corpus/paragraph-filter.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../../src/types.ts';
import { documentMeta } from '../helpers/document-meta.ts';

function doc(id: string, year: number | null): DocumentMeta {
  return documentMeta(id, { year, paragraphCount: 2 });
}

function paragraph(docId: string, ordinal: number, agencies: string[]): Paragraph {
  return { id: `${docId}-${ordinal}`, docId, ordinal, section: [], text: '段落', original: '段落', agencies };
}

const corpus: Corpus = {
  documents: [doc('a', 2020), doc('b', 2021), doc('c', null)],
  paragraphs: [
    paragraph('a', 0, ['知识产权局']),
    paragraph('a', 1, ['知识产权局', '市场监管总局']),
    paragraph('b', 0, ['市场监管总局']),
    paragraph('b', 1, []),
    paragraph('c', 0, ['知识产权局']),
    paragraph('c', 1, []),
  ],
};
const view = createCorpusView(corpus);
const all = [0, 1, 2, 3, 4, 5];

describe('paragraphFilter', () => {
  it('filters nothing when no filter is set', () => {
    expect(paragraphFilter(view, {})).toBeUndefined();
  });

  it.each([
    ['years', { years: [2021] }, [2, 3]],
    ['several years', { years: [2020, 2021] }, [0, 1, 2, 3]],
    ['documents', { docIds: ['c'] }, [4, 5]],
    ['agencies', { agencies: ['市场监管总局'] }, [1, 2]],
    ['years and agencies together', { years: [2020], agencies: ['市场监管总局'] }, [1]],
  ])('keeps only the paragraphs matching %s', (_name, filters, expected) => {
    const keep = paragraphFilter(view, filters);
    expect(all.filter((seq) => keep?.(seq))).toEqual(expected);
  });
});
