/**
 * First-year accuracy of the timeline: for each measure of test/fixtures/first-year-gold.json, does
 * the timeline's `first` name the year in which the corpus first states it? The gold years were found
 * in the corpus text itself (every paragraph holding the measure's name, read, with its document's
 * year as the ingestion assigns it), once for the seeds alone and once for the laws plus the seeds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Searcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';

/** One measure and its first year in each corpus. */
export interface FirstYearGold {
  measure: string;
  seeds: { firstYear: number };
  laws: { firstYear: number; source: string; contains: string };
}

/** One mode's result over the gold set. */
export interface FirstYearReport {
  mode: SearchMode;
  right: number;
  total: number;
  /** Measures the timeline got wrong: what it said against the gold year. */
  wrong: { measure: string; said: number | null; gold: number }[];
}

/** The gold measures. */
export function firstYearGold(): FirstYearGold[] {
  const file = resolve(import.meta.dirname, '../fixtures/first-year-gold.json');
  return JSON.parse(readFileSync(file, 'utf8')) as FirstYearGold[];
}

/** How many measures the timeline of `mode` dates right, on the seeds alone or with the laws. */
export async function firstYearAccuracy(
  searcher: Searcher,
  mode: SearchMode,
  corpus: 'seeds' | 'laws',
): Promise<FirstYearReport> {
  const gold = firstYearGold();
  const wrong: FirstYearReport['wrong'] = [];
  for (const entry of gold) {
    const timeline = await searcher.timeline(entry.measure, mode);
    const said = timeline.first?.year ?? null;
    const goldYear = entry[corpus].firstYear;
    if (said !== goldYear) wrong.push({ measure: entry.measure, said, gold: goldYear });
  }
  return { mode, right: gold.length - wrong.length, total: gold.length, wrong };
}
