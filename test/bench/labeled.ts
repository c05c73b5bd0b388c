/**
 * The labeled seed queries (`test/fixtures/labeled-queries.json`) run against every engine with the
 * laws corpus indexed alongside the seeds — where ranking is hard — and scored with the same
 * Success@10 / MRR@10 code as the keyword tests.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Corpus } from '../../src/types.ts';
import { evaluateQuality, type LabeledQuery, resolveRelevant } from '../helpers/eval-metrics.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/labeled-queries.json');

/** The queries of a fixture file whose relevant paragraphs all exist in `corpus`. */
export function queriesLabelledIn(corpus: Corpus, fixture: string): LabeledQuery[] {
  const all = JSON.parse(readFileSync(fixture, 'utf8')) as LabeledQuery[];
  return all.filter((q) => {
    try {
      resolveRelevant(corpus, q.relevant);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The labeled queries every engine can be asked: those without year/document filters (the peers
 * here index no filter fields) whose relevant paragraphs all exist in the bench corpus.
 */
export function labeledQueries(corpus: Corpus): LabeledQuery[] {
  return queriesLabelledIn(corpus, FIXTURE).filter(
    (q) => !(q.filters && Object.values(q.filters).some((v) => Array.isArray(v) && v.length > 0)),
  );
}

/** Success@10 and MRR@10 of an engine's top 10 per labeled query (same order as the queries). */
export function scoreLabeled(
  corpus: Corpus,
  labeled: LabeledQuery[],
  top10: number[][],
): { success10: number; mrr10: number; queries: number } {
  const byId = new Map(labeled.map((q, i) => [q.id, top10[i] ?? []]));
  const report = evaluateQuality(corpus, labeled, (q) => byId.get(q.id) ?? []);
  return { success10: report.successAtK, mrr10: report.mrrAtK, queries: labeled.length };
}
