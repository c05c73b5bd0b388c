/**
 * Where the time of one search goes: the searcher and the rankings add the duration of each phase
 * to a {@link SearchTiming} the caller hands in (the server turns it into a `Server-Timing` header).
 * Phases never nest, so their durations add up to at most the whole search. Without a timing every
 * helper here just runs the work: nothing is measured that nobody reads.
 */

/** The phases of a search, in the order they run. */
export const SEARCH_PHASES = [
  'parse',
  'keyword',
  'semantic',
  'concept',
  'fuse',
  'snippets',
  'facets',
] as const;

/** One phase of a search (see {@link PHASE_DESCRIPTIONS}). */
export type SearchPhase = (typeof SEARCH_PHASES)[number];

/** What each phase covers, in a few words (the `desc` of its Server-Timing entry). */
export const PHASE_DESCRIPTIONS: Readonly<Record<SearchPhase, string>> = {
  parse: 'normalize + segment + parse the query',
  keyword: 'keyword matches + BM25 + top n',
  semantic: 'query embedding and nearest neighbours',
  concept: 'thesaurus concept coverage',
  fuse: 'rank fusion and the page',
  snippets: 'hits of the page with snippets',
  facets: 'facet counts over every match',
};

/** Milliseconds spent in each phase of one search; a phase that did not run is absent. */
export interface SearchTiming {
  readonly phases: Map<SearchPhase, number>;
}

/** An empty timing for one search. */
export function createSearchTiming(): SearchTiming {
  return { phases: new Map() };
}

/** Runs `work`, adding its duration to `phase` of `timing` (when there is one). */
export function timed<T>(timing: SearchTiming | undefined, phase: SearchPhase, work: () => T): T {
  if (!timing) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    record(timing, phase, performance.now() - started);
  }
}

/** {@link timed} for asynchronous work: the phase lasts until its promise settles (a worker's embedding included). */
export async function timedAsync<T>(
  timing: SearchTiming | undefined,
  phase: SearchPhase,
  work: () => Promise<T>,
): Promise<T> {
  if (!timing) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    record(timing, phase, performance.now() - started);
  }
}

function record(timing: SearchTiming, phase: SearchPhase, ms: number): void {
  timing.phases.set(phase, (timing.phases.get(phase) ?? 0) + ms);
}

/**
 * A duration as `tookMs` reports it: rounded *up* to 0.01 ms, so it is never less than the sum of
 * the phases it covers (each of which the Server-Timing header rounds down).
 */
export function tookMsOf(ms: number): number {
  return Math.ceil(ms * 100) / 100;
}
