import { searchVectors, vectorOfSeq } from '../vector/vector-index.ts';
import type { Scored, SearchContext } from './search-types.ts';
import { requireSemantic } from './semantic-ranking.ts';

/**
 * The paragraphs closest in meaning to the paragraph at `seq` — by default only in other documents,
 * i.e. the same measure in other years — most similar first.
 */
export function similarParagraphs(
  context: SearchContext,
  seq: number,
  options: { limit: number; sameDocument: boolean },
): Scored[] {
  const { vectors } = requireSemantic(context.index);
  const own = context.view.paragraphAt(seq);
  // hnswlib keeps each stored vector (normalized for cosine), so the paragraph is its own query.
  const vector = vectorOfSeq(vectors, seq);
  const filter = (candidate: number) =>
    candidate !== seq && (options.sameDocument || context.view.paragraphAt(candidate).docId !== own.docId);
  return searchVectors(vectors, vector, options.limit, filter).map(({ seq: match, similarity }) => ({
    seq: match,
    score: similarity,
    matchedBy: ['semantic'],
  }));
}
