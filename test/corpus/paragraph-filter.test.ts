import { describe, expect, it } from 'vitest';
import { createCorpusView } from '../../src/corpus/corpus-view.ts';
import { paragraphFilter } from '../../src/corpus/paragraph-filter.ts';
import { agencyCorpus } from '../helpers/agency-corpus.ts';

const view = createCorpusView(agencyCorpus);
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
