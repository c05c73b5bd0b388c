/**
 * Suggestions updated from stored counts equal suggestions counted over the whole new corpus: for
 * documents added, removed and changed, on a small fixture where measures cross the thresholds
 * (a run in two paragraphs is no measure; a third makes it one, a removal unmakes it).
 */
import { describe, expect, it } from 'vitest';
import { buildCorpusSuggestions, updateSuggestions } from '../../src/suggest/build-suggestions.ts';
import { countDelta, countSuggestions, emptyCounts } from '../../src/suggest/suggest-counts.ts';
import { collectSuggestEntries } from '../../src/suggest/suggest-entries.ts';
import { searchSuggestions } from '../../src/suggest/suggest-index.ts';
import { normalizeText } from '../../src/text/normalize.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../../src/types.ts';
import { documentMeta } from '../helpers/document-meta.ts';

interface FixtureDocument {
  id: string;
  title: string;
  paragraphs: { text: string; agencies?: string[] }[];
}

const A: FixtureDocument = {
  id: 'a',
  title: '知识产权质押融资工作方案',
  paragraphs: [
    { text: '推进知识产权质押融资工作。', agencies: ['银保监会'] },
    { text: '扩大知识产权质押融资规模（知识产权局负责）。', agencies: ['知识产权局'] },
  ],
};
const B: FixtureDocument = {
  id: 'b',
  title: '商标保护通知',
  paragraphs: [
    { text: '探索知识产权质押融资新模式。', agencies: ['知识产权局'] },
    { text: '加强商标保护，打击商标恶意注册。' },
    { text: '加强商标保护。' },
  ],
};
const C: FixtureDocument = {
  id: 'c',
  title: '知识产权质押融资工作方案',
  paragraphs: [
    { text: '完善知识产权质押融资风险分担机制。', agencies: ['财政部', '知识产权局'] },
    { text: '加强商标保护和地理标志保护。' },
  ],
};
/** C read again after an edit: one paragraph changed, one added. */
const C2: FixtureDocument = {
  ...C,
  paragraphs: [
    { text: '完善专利质押融资风险分担机制。', agencies: ['财政部'] },
    { text: '加强商标保护和地理标志保护。' },
    { text: '推进地理标志保护工程。', agencies: ['市场监管总局'] },
  ],
};

function corpusOf(documents: FixtureDocument[]): Corpus {
  const metas: DocumentMeta[] = [];
  const paragraphs: Paragraph[] = [];
  for (const document of documents) {
    metas.push(documentMeta(document.id, { year: 2021, title: document.title }));
    document.paragraphs.forEach((row, ordinal) => {
      const text = normalizeText(row.text);
      paragraphs.push({
        id: `${document.id}-${ordinal}`,
        docId: document.id,
        ordinal,
        section: [],
        text,
        original: row.text,
        agencies: row.agencies ?? [],
      });
    });
  }
  return { documents: metas, paragraphs };
}

function countsOf(documents: FixtureDocument[]) {
  const corpus = corpusOf(documents);
  return countSuggestions(corpus.documents, corpus.paragraphs);
}

describe('updateSuggestions', () => {
  it.each([
    { change: 'a document added', before: [A, B], removed: [], added: [C] },
    { change: 'a document removed', before: [A, B, C], removed: [C], added: [] },
    { change: 'a document changed', before: [A, B, C], removed: [C], added: [C2] },
    { change: 'two added, one removed', before: [B], removed: [B], added: [A, C] },
    { change: 'every document removed', before: [A, B], removed: [A, B], added: [] },
    { change: 'the first document of an empty corpus', before: [], removed: [], added: [A] },
  ])('gives the suggestions a full count gives: $change', ({ before, removed, added }) => {
    const after = [...before.filter((document) => !removed.includes(document)), ...added];
    const previous = buildCorpusSuggestions(corpusOf(before)).counts;
    expect(previous).toBeDefined();
    const updated = updateSuggestions(
      previous ?? ({} as never),
      countDelta(countsOf(added), countsOf(removed)),
    );
    const full = buildCorpusSuggestions(corpusOf(after));
    expect(updated.entries).toEqual(collectSuggestEntries(corpusOf(after)));
    expect(updated.counts).toEqual(full.counts);
    for (const prefix of ['知', '知识产权', '质押', '商标', '地理', '财政', '工作方案']) {
      expect(searchSuggestions(updated, prefix, 8)).toEqual(searchSuggestions(full, prefix, 8));
    }
  });

  it('makes a run a measure when a third paragraph holds it, and unmakes it when one goes', () => {
    const measure = '知识产权质押融资';
    const term = (documents: FixtureDocument[]) =>
      collectSuggestEntries(corpusOf(documents)).term.find((entry) => entry.text === measure);
    // The fixture is meant to cross the threshold: A holds the run twice, B once, C once.
    expect(term([A])).toBeUndefined();
    const previous = buildCorpusSuggestions(corpusOf([A])).counts ?? ({} as never);
    const withB = updateSuggestions(previous, countDelta(countsOf([B]), emptyCounts()));
    expect(withB.entries.term.find((entry) => entry.text === measure)).toEqual(term([A, B]));
    expect(term([A, B])?.count).toBe(3);
    const withoutA = updateSuggestions(
      withB.counts ?? ({} as never),
      countDelta(emptyCounts(), countsOf([A])),
    );
    expect(withoutA.entries.term.find((entry) => entry.text === measure)).toBeUndefined();
  });
});
