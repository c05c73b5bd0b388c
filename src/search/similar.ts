import { type SeqScope, seqBitmap } from '../vector/seq-scope.ts';
import { MATCHED_ONLY_BY } from './fuse.ts';
import type { Scored, SearchContext } from './search-types.ts';
import { requireSemantic } from './semantic-ranking.ts';

/**
 * The paragraphs closest in meaning to the paragraph at `seq` — by default only in other documents,
 * i.e. the same measure in other years — most similar first.
 */
export async function similarParagraphs(
  context: SearchContext,
  seq: number,
  options: { limit: number; sameDocument: boolean },
): Promise<Scored[]> {
  const { neighbours } = requireSemantic(context.index);
  // hnswlib keeps each stored vector (normalized for cosine), so the paragraph is its own query.
  const matches = await neighbours.nearestToSeq(seq, options.limit, similarScope(context, seq, options));
  return matches.map(({ seq: match, similarity }) => ({
    seq: match,
    score: similarity,
    matchedBy: MATCHED_ONLY_BY.semantic,
  }));
}

/** Everything but the paragraph itself, or but its whole document: as data the semantic worker can take. */
function similarScope(context: SearchContext, seq: number, options: { sameDocument: boolean }): SeqScope {
  if (options.sameDocument) return { exclude: [seq, seq + 1] };
  const docId = context.view.documentOf(seq).id;
  const own = context.view.seqsOfDocument(docId);
  const first = own[0] ?? seq;
  const last = own[own.length - 1] ?? seq;
  // A document's paragraphs are consecutive seqs (one array in document order): one excluded range.
  if (last - first + 1 === own.length) return { exclude: [first, last + 1] };
  const { documentPosition } = context.view;
  const position = documentPosition[seq];
  return {
    allowed: seqBitmap(documentPosition.length, (candidate) => documentPosition[candidate] !== position),
  };
}
