/**
 * Precision of the timeline's measure check (src/meaning/states-measure.ts) on
 * test/fixtures/timeline-evidence.json: paragraphs found by meaning at laws scale, each read and
 * judged for whether it states the measure. Of the pairs the check admits, the share judged to state
 * it — the figure the check's gap was chosen by — and how many of the stating pairs it admits.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TIMELINE_EVIDENCE } from '../../src/config.ts';
import { measureCheck } from '../../src/meaning/states-measure.ts';
import type { Corpus } from '../../src/types.ts';
import { resolveLabels } from './labelled-sets.ts';

/** One judged pair: a measure name and a paragraph (named by source and substring). */
interface JudgedPair {
  query: string;
  source: string;
  contains: string;
  states: boolean;
}

/** The check's figures at one gap. */
export interface CheckPrecision {
  maxGap: number | null;
  admitted: number;
  admittedStating: number;
  stating: number;
  precision: number;
}

/** Gaps reported beside the configured one: one sentence with no gap limit (null), and a few limits. */
const GAPS: (number | null)[] = [null, 16, 8, 4, 0];

/** Precision of the check at the configured gap and at the others, or null when the pairs' documents are not indexed. */
export function timelineCheckPrecision(corpus: Corpus): CheckPrecision[] | null {
  const file = resolve(import.meta.dirname, '../fixtures/timeline-evidence.json');
  const { pairs } = JSON.parse(readFileSync(file, 'utf8')) as { pairs: JudgedPair[] };
  const sources = new Set(corpus.documents.map((document) => document.source));
  if (!pairs.every((pair) => sources.has(pair.source))) return null;
  const texts = pairs.map((pair) => {
    const [seq] = resolveLabels(corpus, [pair]);
    return corpus.paragraphs[seq as number]?.text ?? '';
  });
  const gaps = [TIMELINE_EVIDENCE.maxGap, ...GAPS.filter((gap) => gap !== TIMELINE_EVIDENCE.maxGap)];
  return gaps.map((maxGap) => {
    let admitted = 0;
    let admittedStating = 0;
    pairs.forEach((pair, i) => {
      if (!measureCheck(pair.query, { maxGap: maxGap ?? Number.MAX_SAFE_INTEGER })(texts[i] as string))
        return;
      admitted++;
      if (pair.states) admittedStating++;
    });
    return {
      maxGap,
      admitted,
      admittedStating,
      stating: pairs.filter((pair) => pair.states).length,
      precision: admitted > 0 ? admittedStating / admitted : 1,
    };
  });
}
