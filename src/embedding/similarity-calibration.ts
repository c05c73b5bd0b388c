/**
 * Similarity cut-offs calibrated per index from the corpus's own similarity distribution, so no
 * model's cosine scale is hard-coded: the cosine of two unrelated paragraphs is about 0.05 for the
 * corpus model and 0.4 for a BGE transformer. Random pairs of indexed paragraphs are, nearly all,
 * unrelated; a neighbour is worth showing only when it is closer to the query than all but a small
 * share of those pairs are to each other. The quantiles are tunables (config), the values they give
 * are recorded in the index manifest at build time.
 */
import { SIMILARITY_CALIBRATION } from '../config.ts';
import type { SimilarityCalibration } from '../types.ts';
import { gaussianGenerator } from './randomized-svd.ts';

/** Which quantiles of the random-pair similarity become which cut-off, and how many pairs to draw. */
export interface CalibrationOptions {
  pairs: number;
  searchFloorQuantile: number;
  timelineFloorQuantile: number;
  seed: number;
}

/** The `q` quantile (0…1) of ascending `sorted`, by nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at] as number;
}

/**
 * Cut-offs from `options.pairs` seeded random pairs of distinct unit vectors (every pair when there
 * are fewer). `vectorAt(i)` returns vector i of `count`.
 */
export function calibrateSimilarity(
  count: number,
  vectorAt: (i: number) => ArrayLike<number>,
  options: CalibrationOptions = SIMILARITY_CALIBRATION,
): SimilarityCalibration {
  const similarities: number[] = [];
  const cosine = (a: number, b: number) => {
    const x = vectorAt(a);
    const y = vectorAt(b);
    let sum = 0;
    for (let d = 0; d < x.length; d++) sum += (x[d] as number) * (y[d] as number);
    return sum;
  };
  const allPairs = (count * (count - 1)) / 2;
  if (allPairs <= options.pairs) {
    for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) similarities.push(cosine(a, b));
  } else {
    // A uniform generator from the seeded normal one keeps a single source of reproducible randomness.
    const normal = gaussianGenerator(options.seed);
    const uniformIndex = () => Math.min(count - 1, Math.floor(normalCdf(normal()) * count));
    while (similarities.length < options.pairs) {
      const a = uniformIndex();
      const b = uniformIndex();
      if (a !== b) similarities.push(cosine(a, b));
    }
  }
  const sorted = Float64Array.from(similarities).sort();
  return {
    searchFloor: round(quantile(sorted, options.searchFloorQuantile)),
    timelineFloor: round(quantile(sorted, options.timelineFloorQuantile)),
    pairs: sorted.length,
  };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf), mapping a normal draw to a uniform one. */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Four decimals: enough for a cosine cut-off, and a manifest a person can read. */
function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
