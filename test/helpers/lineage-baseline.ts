/**
 * The baseline a comparison is measured against: for each paragraph of the earlier document, the
 * top-1 of "similar paragraphs" (GET /api/paragraphs/:id/similar) in the later document, kept when
 * its similarity reaches a fixed threshold. It links paragraphs, not measures.
 */
import type { CompareResponse } from '../../src/lineage/compare.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { paragraphPairKey, unitsOfSide } from './lineage-gold.ts';

/** The fixed threshold: the corpus embedder's former timeline threshold (same measure, other year), a fixed 0.5. */
export const BASELINE_THRESHOLD = 0.5;

/** The id of the seed document read from `source`. */
export function docIdOfSource(index: LoadedIndex, source: string): string {
  const document = index.corpus.documents.find((doc) => doc.source === source);
  if (!document) throw new Error(`no document ${source}`);
  return document.id;
}

/** Paragraph pairs the baseline links between the two documents of `response`. */
export async function baselineParagraphPairs(
  searcher: Searcher,
  response: CompareResponse,
  threshold: number,
): Promise<Set<string>> {
  const pairs = new Set<string>();
  const fromParagraphs = new Set(unitsOfSide(response, 'from').map((unit) => unit.paragraphId));
  for (const paragraphId of fromParagraphs) {
    const hits = (await searcher.similar(paragraphId, { limit: 100, sameDocument: false })) ?? [];
    const top = hits.find((hit) => hit.docId === response.to.id);
    if (top && top.score >= threshold) pairs.add(paragraphPairKey(paragraphId, top.id));
  }
  return pairs;
}
