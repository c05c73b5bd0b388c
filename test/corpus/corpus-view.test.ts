import { describe, expect, it } from 'vitest';
import { createCorpusView } from '../../src/corpus/corpus-view.ts';
import type { Corpus, Paragraph } from '../../src/types.ts';
import { documentMeta } from '../helpers/document-meta.ts';

function paragraph(docId: string, ordinal: number): Paragraph {
  return {
    id: `${docId}-${ordinal}`,
    docId,
    ordinal,
    section: [],
    text: '段落',
    original: '段落',
    agencies: [],
  };
}

// Paragraphs of b come between those of a, so positions cannot be guessed from the order.
const corpus: Corpus = {
  documents: [documentMeta('a', { year: 2020 }), documentMeta('b', { year: 2021 })],
  paragraphs: [paragraph('a', 0), paragraph('b', 0), paragraph('a', 1), paragraph('b', 1)],
};

describe('createCorpusView', () => {
  const view = createCorpusView(corpus);

  it('gives each seq its document, as an object and as a position in corpus.documents', () => {
    expect(Array.from(view.documentPosition)).toEqual([0, 1, 0, 1]);
    expect([0, 1, 2, 3].map((seq) => view.documentOf(seq).id)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('finds paragraphs by id and a document’s paragraphs in order', () => {
    expect(view.seqOf('b-1')).toBe(3);
    expect(view.seqOf('b-9')).toBeUndefined();
    expect(view.seqsOfDocument('a')).toEqual([0, 2]);
    expect(view.seqsOfDocument('missing')).toEqual([]);
  });

  it('throws on a seq outside the corpus', () => {
    expect(() => view.paragraphAt(4)).toThrow(RangeError);
    expect(() => view.documentOf(4)).toThrow(RangeError);
  });

  it('refuses a paragraph whose document the corpus lacks', () => {
    expect(() => createCorpusView({ documents: [], paragraphs: [paragraph('x', 0)] })).toThrow(
      /names unknown document x/,
    );
  });
});
