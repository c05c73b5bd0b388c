/**
 * Comparisons served from the records a build stored (`src/persist/lineage-records.ts`) are the
 * comparisons computed from the paragraphs, pair by pair of the seeds, in both directions, and so
 * are the lineage chains; the stored ones are really used for the series pairs; and the seeds'
 * stored answers are pinned to the record version, so a change of the answers without a new
 * version (which would let old indexes serve old answers) fails here.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CompareResponse } from '../../src/lineage/compare.ts';
import { createLineageService } from '../../src/lineage/lineage-service.ts';
import { seriesPairs } from '../../src/lineage/series-alignments.ts';
import type { StoredLineage } from '../../src/lineage/stored-lineage.ts';
import { LINEAGE_RECORD_VERSION } from '../../src/persist/lineage-records.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import type { DocumentMeta } from '../../src/types.ts';
import { seedIndex } from '../helpers/seed-index.ts';

// Opened before the tests are collected: the table of pairs below is made from its documents.
const index: LoadedIndex = await seedIndex();
const stored = index.storedLineage as StoredLineage;

const withoutTime = ({ tookMs: _, ...rest }: CompareResponse) => rest;
const title = (document: DocumentMeta) => `${document.year ?? '—'} ${document.title.slice(0, 14)}`;

/** Every ordered pair of two seed documents. */
function orderedPairs(): [DocumentMeta, DocumentMeta][] {
  const { documents } = index.corpus;
  return documents.flatMap((from) =>
    documents.filter((to) => to !== from).map((to): [DocumentMeta, DocumentMeta] => [from, to]),
  );
}

/** A service over the seed index that counts the stored alignments it was served. */
function countingService(): { service: ReturnType<typeof createLineageService>; served: () => number } {
  let served = 0;
  const counting: StoredLineage = {
    unitsOf: (docId) => stored.unitsOf(docId),
    alignmentOf(...args) {
      const alignment = stored.alignmentOf(...args);
      if (alignment) served++;
      return alignment;
    },
  };
  return { service: createLineageService({ ...index, storedLineage: counting }), served: () => served };
}

describe('stored lineage records', () => {
  it('the seed index holds them', () => {
    expect(stored).toBeDefined();
    expect(stored.unitsOf(index.corpus.documents[0]?.id as string)?.length).toBeGreaterThan(10);
  });

  it.each(orderedPairs().map(([from, to]) => ({ from, to, label: `${title(from)} → ${title(to)}` })))(
    'answer $label as the paragraphs do',
    ({ from, to }) => {
      const computed = createLineageService({ ...index, storedLineage: undefined }).compare(from.id, to.id);
      const { service } = countingService();
      expect(withoutTime(service.compare(from.id, to.id) as CompareResponse)).toEqual(
        withoutTime(computed as CompareResponse),
      );
    },
  );

  it('serve every series comparison from the build, and the chains as the paragraphs give them', () => {
    const { service, served } = countingService();
    const pairs = seriesPairs(index.corpus.documents).flat();
    for (const { from, to } of pairs) service.compare(from.id, to.id);
    expect(served()).toBe(pairs.length);
    const computed = createLineageService({ ...index, storedLineage: undefined });
    const member = pairs[0]?.from as DocumentMeta;
    const paragraphs = index.corpus.paragraphs.filter((paragraph) => paragraph.docId === member.id);
    for (const paragraph of paragraphs)
      expect(service.lineage(paragraph.id)).toEqual(computed.lineage(paragraph.id));
  });

  it('are pinned to their version: the seeds’ series comparisons as this version answers them', () => {
    const service = createLineageService({ ...index, storedLineage: undefined });
    const hash = createHash('sha256');
    for (const { from, to } of seriesPairs(index.corpus.documents).flat()) {
      // The alignment and what it is rendered from; the documents' metadata is not the lineage code's.
      const { summary, links, onlyFrom, onlyTo, thresholds } = service.compare(
        from.id,
        to.id,
      ) as CompareResponse;
      hash.update(JSON.stringify({ from: from.id, to: to.id, summary, links, onlyFrom, onlyTo, thresholds }));
    }
    // When this fails the comparisons changed: raise LINEAGE_RECORD_VERSION (older indexes then
    // compute their answers instead of serving the old ones) and pin the new fingerprint here.
    expect({ version: LINEAGE_RECORD_VERSION, answers: hash.digest('hex').slice(0, 16) }).toEqual({
      version: 1,
      answers: '4d9c078b02d7797b',
    });
  });
});
