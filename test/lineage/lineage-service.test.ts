/**
 * The lineage service's alignment cache: a repeated comparison is served from it and equals a
 * fresh computation; the cache lives and dies with its searcher, so a live reload (a new searcher
 * over a new build) never serves an alignment of the old one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LINEAGE } from '../../src/config.ts';
import { type CompareResponse, compareDocuments } from '../../src/lineage/compare.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { DocumentMeta } from '../../src/types.ts';
import { docIdOfSource } from '../helpers/lineage-baseline.ts';
import { seedIndex } from '../helpers/seed-index.ts';

let index: LoadedIndex;
let from: DocumentMeta;
let to: DocumentMeta;

beforeAll(async () => {
  index = await seedIndex();
  const byId = (id: string) => index.corpus.documents.find((document) => document.id === id) as DocumentMeta;
  from = byId(docIdOfSource(index, '000_2b34ef53993d7fe3.txt'));
  to = byId(docIdOfSource(index, '002_ca027c0f700d14af.txt'));
}, 120_000);

const withoutTime = ({ tookMs: _, ...rest }: CompareResponse) => rest;

/** The comparison computed from scratch: units cut and profiled with a table of its own, nothing cached. */
function freshComparison(a: DocumentMeta, b: DocumentMeta): CompareResponse {
  const text = (document: DocumentMeta) => ({
    document,
    paragraphs: index.corpus.paragraphs.filter((paragraph) => paragraph.docId === document.id),
  });
  return compareDocuments(text(a), text(b), {
    thresholds: LINEAGE.thresholds,
    weights: LINEAGE.score,
    limits: LINEAGE.candidates,
  });
}

describe('lineage service: compare', () => {
  it('answers a repeated comparison from its cached alignment, equal to a fresh computation', () => {
    const service = createSearcher(index).lineage();
    const first = service.compare(from.id, to.id) as CompareResponse;
    const second = service.compare(from.id, to.id) as CompareResponse;
    expect(first.links.length).toBeGreaterThan(10);
    expect(withoutTime(second)).toEqual(withoutTime(first));
    expect(withoutTime(first)).toEqual(withoutTime(freshComparison(from, to)));
    // The same alignment rendered twice: its link changes are the very objects the cache holds.
    expect(second.links[0]?.changes).toBe(first.links[0]?.changes);
  });

  it('caches each direction apart, the reverse equal to its own fresh computation', () => {
    const service = createSearcher(index).lineage();
    service.compare(from.id, to.id);
    const reverse = service.compare(to.id, from.id) as CompareResponse;
    expect(reverse.from.id).toBe(to.id);
    expect(withoutTime(reverse)).toEqual(withoutTime(freshComparison(to, from)));
  });

  it('shares the cache with lineage chains: a chain after a comparison reads the same alignment', () => {
    const service = createSearcher(index).lineage();
    const comparison = service.compare(to.id, from.id) as CompareResponse;
    const paragraphId = comparison.links.find((link) => link.status !== 'uncertain')?.from[0]
      ?.paragraphId as string;
    const linkedTo = new Set(
      comparison.links
        .filter((link) => link.from.some((unit) => unit.paragraphId === paragraphId))
        .flatMap((link) => link.to.map((unit) => unit.paragraphId)),
    );
    const entry = service.lineage(paragraphId)?.chain.find((edition) => edition.docId === from.id);
    expect(entry?.units.length).toBeGreaterThan(0);
    for (const unit of entry?.units ?? []) expect(linkedTo).toContain(unit.paragraphId);
  });

  it('keeps one cache per searcher, so a new searcher (a live reload) aligns afresh', () => {
    const searcher = createSearcher(index);
    expect(searcher.lineage()).toBe(searcher.lineage());
    const before = searcher.lineage().compare(from.id, to.id) as CompareResponse;
    const reloaded = createSearcher(index).lineage();
    expect(reloaded).not.toBe(searcher.lineage());
    const after = reloaded.compare(from.id, to.id) as CompareResponse;
    expect(after.links[0]?.changes).not.toBe(before.links[0]?.changes);
    expect(withoutTime(after)).toEqual(withoutTime(before));
  });

  it('answers null for an unknown document, either side', () => {
    const service = createSearcher(index).lineage();
    expect(service.compare('nope', to.id)).toBeNull();
    expect(service.compare(from.id, 'nope')).toBeNull();
  });
});
