import { describe, expect, it } from 'vitest';
import { createCorpusView } from '../../src/corpus/corpus-view.ts';
import { computeFacets, MAX_DOCUMENT_FACETS } from '../../src/search/facets.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { Corpus, Facets } from '../../src/types.ts';
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

  it('answers a search after one that failed (a seq of no document) as if it came first', () => {
    const fresh = createCorpusView(corpus);
    const expected = computeFacets(createCorpusView(corpus), [1, 2, 4]);
    expect(() => computeFacets(fresh, [0, 1, 99])).toThrow(RangeError);
    expect(computeFacets(fresh, [1, 2, 4])).toEqual(expected);
  });

  // Random corpora, each searched many times in a row over one view (the counts are reused between
  // searches), against counting written out plainly.
  it.each([
    { seed: 1, documents: 5, paragraphs: 40, agencies: 3 },
    { seed: 2, documents: 130, paragraphs: 600, agencies: 70 },
    { seed: 3, documents: 40, paragraphs: 2_000, agencies: 12 },
  ])('counts like a plain count: seed $seed, $documents documents, $agencies agencies', (shape) => {
    const random = seededRandom(shape.seed);
    const pick = (n: number) => Math.floor(random() * n);
    const names = Array.from({ length: shape.agencies }, (_, i) => `机构${(i * 7919) % 1000}`);
    const documents = Array.from({ length: shape.documents }, (_, i) =>
      doc(`d${i}`, random() < 0.2 ? null : 2000 + pick(5)),
    );
    // Shared arrays as an opened build has them, and lists of their own with the same names.
    const sharedLists = Array.from({ length: 6 }, () =>
      Array.from({ length: pick(4) }, () => names[pick(names.length)] as string),
    );
    const docOf = Array.from({ length: shape.paragraphs }, () => pick(shape.documents)).sort((a, b) => a - b);
    const random_corpus: Corpus = {
      documents,
      paragraphs: docOf.map((position, seq) => {
        const list =
          random() < 0.5
            ? (sharedLists[pick(sharedLists.length)] as string[])
            : Array.from({ length: pick(3) }, () => names[pick(names.length)] as string);
        return paragraph(`d${position}`, seq, list);
      }),
    };
    const randomView = createCorpusView(random_corpus);
    for (let search = 0; search < 30; search++) {
      const seqs = random_corpus.paragraphs
        .map((_, seq) => seq)
        .filter(() => random() < (search % 3) / 3 + 0.05);
      expect(computeFacets(randomView, seqs)).toEqual(plainFacets(random_corpus, seqs));
    }
  });
});

/** Facets counted the plain way: Maps, then sorted by count, then by name (titles, agency names). */
function plainFacets(corpus: Corpus, seqs: number[]): Facets {
  const collator = new Intl.Collator('zh');
  const years = new Map<number, number>();
  const documents = new Map<string, number>();
  const agencies = new Map<string, number>();
  for (const seq of seqs) {
    const p = corpus.paragraphs[seq];
    if (!p) throw new Error(`no paragraph ${seq}`);
    const document = corpus.documents.find((d) => d.id === p.docId);
    if (!document) throw new Error(`no document ${p.docId}`);
    documents.set(document.id, (documents.get(document.id) ?? 0) + 1);
    if (document.year !== null) years.set(document.year, (years.get(document.year) ?? 0) + 1);
    for (const agency of new Set(p.agencies)) agencies.set(agency, (agencies.get(agency) ?? 0) + 1);
  }
  const position = new Map(corpus.documents.map((d, i) => [d.id, i]));
  const title = (id: string) => corpus.documents[position.get(id) as number]?.title ?? '';
  return {
    years: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count })),
    documents: [...documents]
      .sort(
        ([a, m], [b, n]) =>
          n - m ||
          collator.compare(title(a), title(b)) ||
          (position.get(a) as number) - (position.get(b) as number),
      )
      .slice(0, MAX_DOCUMENT_FACETS)
      .map(([id, count]) => ({ id, title: title(id), count })),
    agencies: [...agencies]
      .sort(([a, m], [b, n]) => n - m || collator.compare(a, b))
      .slice(0, 50)
      .map(([name, count]) => ({ name, count })),
  };
}
