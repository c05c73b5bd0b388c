import { describe, expect, it } from 'vitest';
import { buildKeywordIndex } from '../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import labeled from '../fixtures/labeled-queries.json' with { type: 'json' };
import { evaluateQuality, type LabeledQuery } from '../helpers/eval-metrics.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';

const queries = labeled as LabeledQuery[];

describe('searchKeyword on the labeled seed queries', () => {
  const corpus = loadSeedCorpus();
  const index = buildKeywordIndex(corpus);
  const report = evaluateQuality(corpus, queries, (query) =>
    searchKeyword(index, parseQuery(query.query), query.filters ?? {}).matches.map((match) => match.seq),
  );

  it('covers at least 25 queries of every kind', () => {
    expect(queries.length).toBeGreaterThanOrEqual(25);
    expect(new Set(queries.map((query) => query.kind))).toEqual(
      new Set(['exact', 'multi-word', 'phrase', 'proximity', 'traditional', 'filter']),
    );
  });

  it('finds a relevant paragraph in the top 10 for every query (Success@10 = 1)', () => {
    expect(report.perQuery.filter((entry) => entry.firstRelevantRank === null)).toEqual([]);
    expect(report.successAtK).toBe(1);
  });

  it('ranks a relevant paragraph first for every query (MRR@10 = 1, as reached)', () => {
    expect(report.perQuery.filter((entry) => entry.firstRelevantRank !== 1)).toEqual([]);
    expect(report.mrrAtK).toBe(1);
  });
});
