import { describe, expect, it } from 'vitest';
import { createCorpusView } from '../../src/corpus/corpus-view.ts';
import { computeFacets, MAX_DOCUMENT_FACETS } from '../../src/search/facets.ts';
import {
  agencyCorpus as corpus,
  twoParagraphDocument as doc,
  agencyParagraph as paragraph,
} from '../helpers/agency-corpus.ts';

const view = createCorpusView(corpus);
const all = [0, 1, 2, 3, 4, 5];

describe('computeFacets', () => {
  it('counts years ascending, and documents and agencies by count', () => {
    const facets = computeFacets(view, all);
    expect(facets.years).toEqual([
      { year: 2020, count: 2 },
      { year: 2021, count: 2 },
    ]);
    expect(facets.documents.map(({ id, count }) => [id, count])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
    expect(facets.agencies).toEqual([
      { name: '知识产权局', count: 3 },
      { name: '市场监管总局', count: 2 },
    ]);
  });

  it('lists only the largest documents when a result set spans more than the cap', () => {
    const many = Array.from({ length: MAX_DOCUMENT_FACETS + 20 }, (_, i) => doc(`d${i}`, 2020));
    const wide = createCorpusView({
      documents: many,
      paragraphs: many.flatMap((d, i) =>
        Array.from({ length: i === 7 ? 3 : 1 }, (_, ordinal) => paragraph(d.id, ordinal, [])),
      ),
    });
    const seqs = wide.corpus.paragraphs.map((_, seq) => seq);
    const facets = computeFacets(wide, seqs);
    expect(facets.documents).toHaveLength(MAX_DOCUMENT_FACETS);
    expect(facets.documents[0]).toMatchObject({ id: 'd7', count: 3 });
    expect(facets.years).toEqual([{ year: 2020, count: seqs.length }]);
  });

  it('counts a paragraph once per agency even when it names the agency twice', () => {
    const twice = createCorpusView({
      documents: [doc('a', 2020)],
      paragraphs: [paragraph('a', 0, ['知识产权局', '知识产权局']), paragraph('a', 1, ['知识产权局'])],
    });
    expect(computeFacets(twice, [0, 1]).agencies).toEqual([{ name: '知识产权局', count: 2 }]);
  });

  it('counts paragraphs that share one agency list (as an opened build shares them) like paragraphs with lists of their own', () => {
    const shared = ['市场监管总局', '知识产权局', '市场监管总局'];
    const sharing = createCorpusView({
      documents: [doc('a', 2020), doc('b', 2021)],
      paragraphs: [
        paragraph('a', 0, shared),
        paragraph('a', 1, []),
        paragraph('b', 0, shared),
        paragraph('b', 1, ['知识产权局']),
      ],
    });
    const own = createCorpusView({
      documents: sharing.corpus.documents,
      paragraphs: sharing.corpus.paragraphs.map((p) => ({ ...p, agencies: [...p.agencies] })),
    });
    for (const seqs of [[0, 1, 2, 3], [2, 3], [0]]) {
      expect(computeFacets(sharing, seqs)).toEqual(computeFacets(own, seqs));
    }
    expect(computeFacets(sharing, [0, 1, 2, 3]).agencies).toEqual([
      { name: '知识产权局', count: 3 },
      { name: '市场监管总局', count: 2 },
    ]);
  });

  it('counts only the given result set', () => {
    expect(computeFacets(view, [2]).documents).toEqual([{ id: 'b', title: '文件b', count: 1 }]);
  });
});
