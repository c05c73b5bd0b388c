/**
 * The comparisons an index answers by default, made at build time: for every series (editions of
 * one document, `series.ts`), each edition aligned with each other one, in both directions — what
 * `/api/compare` and the lineage chains ask for. Stored with the options they were made with
 * ({@link comparisonOptionsKey}); a service whose options differ computes its own.
 */
import { createHash } from 'node:crypto';
import { LINEAGE } from '../config.ts';
import type { DocumentMeta, Paragraph } from '../types.ts';
import type { Alignment } from './align.ts';
import { alignDocuments, type CompareOptions } from './compare.ts';
import { groupSeries } from './series.ts';
import type { MeasureUnit } from './units.ts';

/** The options of a comparison that decide its alignment, as a short key (equal keys, equal alignments). */
export function comparisonOptionsKey(
  options: Pick<CompareOptions, 'thresholds' | 'weights' | 'limits'>,
): string {
  const { thresholds, weights, limits } = options;
  return createHash('sha256')
    .update(JSON.stringify({ thresholds, weights, limits }))
    .digest('hex')
    .slice(0, 16);
}

/** The configured comparison options (`LINEAGE` in config), as a lineage service uses them by default. */
export const DEFAULT_COMPARISON = {
  thresholds: LINEAGE.thresholds,
  weights: LINEAGE.score,
  limits: LINEAGE.candidates,
};

/** One ordered pair of editions of a series. */
export interface SeriesPair {
  from: DocumentMeta;
  to: DocumentMeta;
}

/** Every ordered pair of two editions of one series, series by series. */
export function seriesPairs(documents: readonly DocumentMeta[]): SeriesPair[][] {
  const groups: SeriesPair[][] = [];
  for (const group of groupSeries(documents).values()) {
    if (group.length < 2) continue;
    const pairs: SeriesPair[] = [];
    for (const from of group) for (const to of group) if (from !== to) pairs.push({ from, to });
    groups.push(pairs);
  }
  return groups;
}

/**
 * Whether the default comparisons can be made at build time: not when the default options weigh the
 * paragraphs' embeddings (a build cannot know whether a server holds them in its thread, which
 * decides whether they are used).
 */
export function alignmentsStorable(): boolean {
  return DEFAULT_COMPARISON.weights.semantic === 0;
}

/**
 * The alignments of `pairs` under the default options, each made from the two documents' units as
 * a lineage service makes it (a bigram table of its own per comparison).
 */
export function alignPairs(
  pairs: readonly SeriesPair[],
  textOf: (docId: string) => { paragraphs: readonly Paragraph[]; units: readonly MeasureUnit[] },
): Alignment[] {
  return pairs.map(
    ({ from, to }) =>
      alignDocuments(
        { document: from, ...textOf(from.id) },
        { document: to, ...textOf(to.id) },
        DEFAULT_COMPARISON,
      ).alignment,
  );
}
