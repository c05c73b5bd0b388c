/**
 * Retrieval quality over a labeled query set: Success@k and MRR@k. Relevant paragraphs are named
 * by their source file and a distinctive substring of their text (paragraph ids are hashes of the
 * text, so naming them by id would break on any edit).
 */
import type { Corpus, SearchFilters } from '../../src/types.ts';

/** A paragraph a query should find: its document's source and a substring only it contains. */
export interface RelevantParagraph {
  source: string;
  contains: string;
}

/** One labeled query. */
export interface LabeledQuery {
  id: string;
  query: string;
  /** What the query exercises: exact, multi-word, phrase, traditional, filter, paraphrase… */
  kind: string;
  filters?: SearchFilters;
  relevant: RelevantParagraph[];
}

/** Quality of a ranking over a query set, with the per-query first relevant rank (null: not in the top k). */
export interface QualityReport {
  successAtK: number;
  mrrAtK: number;
  perQuery: { id: string; query: string; firstRelevantRank: number | null }[];
}

/** The seqs of the corpus paragraphs a relevance label names; throws when a label names none. */
export function resolveRelevant(corpus: Corpus, relevant: RelevantParagraph[]): Set<number> {
  const sourceOf = new Map(corpus.documents.map((document) => [document.id, document.source]));
  const seqs = new Set<number>();
  for (const label of relevant) {
    let found = false;
    corpus.paragraphs.forEach((paragraph, seq) => {
      if (sourceOf.get(paragraph.docId) === label.source && paragraph.text.includes(label.contains)) {
        seqs.add(seq);
        found = true;
      }
    });
    if (!found) throw new Error(`No paragraph of ${label.source} contains "${label.contains}".`);
  }
  return seqs;
}

/**
 * Success@k (share of queries with a relevant paragraph in the top k) and MRR@k (mean of
 * 1 / rank of the first relevant paragraph, 0 past k) for a search function returning seqs best first.
 */
export function evaluateQuality(
  corpus: Corpus,
  queries: LabeledQuery[],
  search: (query: LabeledQuery) => number[],
  k = 10,
): QualityReport {
  const perQuery = queries.map((query) => {
    const relevant = resolveRelevant(corpus, query.relevant);
    const ranked = search(query).slice(0, k);
    const index = ranked.findIndex((seq) => relevant.has(seq));
    return { id: query.id, query: query.query, firstRelevantRank: index === -1 ? null : index + 1 };
  });
  const count = Math.max(1, perQuery.length);
  return {
    successAtK: perQuery.filter((entry) => entry.firstRelevantRank !== null).length / count,
    mrrAtK:
      perQuery.reduce((sum, entry) => sum + (entry.firstRelevantRank ? 1 / entry.firstRelevantRank : 0), 0) /
      count,
    perQuery,
  };
}
