/**
 * The server's warm-up comparison (`src/lineage/warm-up.ts`): made-up documents that are the same
 * every start and take the paths a real comparison of two laws takes — verbatim, reworded and new
 * units, so continued, modified and uncertain links, new and dropped units, one large group for the
 * greedy assignment — from stored-style scans and from the texts alike.
 */
import { describe, expect, it } from 'vitest';
import { LINEAGE } from '../../src/config.ts';
import { alignDocuments } from '../../src/lineage/compare.ts';
import { warmUpComparison, warmUpUnits } from '../../src/lineage/warm-up.ts';

const options = { thresholds: LINEAGE.thresholds, weights: LINEAGE.score, limits: LINEAGE.candidates };

describe('the warm-up comparison', () => {
  it('makes the same documents every time', () => {
    expect(warmUpUnits(50)).toEqual(warmUpUnits(50));
  });

  it('gives links of every status, and units only one side holds', () => {
    const { from, to } = warmUpUnits(400);
    const { alignment } = alignDocuments(
      { document: { id: 'a' } as never, paragraphs: [], units: from },
      { document: { id: 'b' } as never, paragraphs: [], units: to },
      options,
    );
    const statuses = new Set(alignment.links.map((link) => link.status));
    expect([...statuses].sort()).toEqual(['continued', 'modified', 'uncertain']);
    expect(alignment.onlyFrom.length).toBeGreaterThan(0);
    expect(alignment.onlyTo.length).toBeGreaterThan(0);
  });

  it('runs to the end and says how long it took', () => {
    expect(warmUpComparison(60)).toBeGreaterThan(0);
  });
});
