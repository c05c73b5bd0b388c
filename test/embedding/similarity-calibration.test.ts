import { describe, expect, it } from 'vitest';
import { calibrateSimilarity } from '../../src/embedding/similarity-calibration.ts';

/** Unit vectors at angles spread over a quarter circle: pair cosines fill (0, 1]. */
function fan(count: number): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const angle = (i / (count - 1)) * (Math.PI / 2);
    return [Math.cos(angle), Math.sin(angle)];
  });
}

const OPTIONS = { pairs: 5_000, searchFloorQuantile: 0.9, timelineFloorQuantile: 0.99, seed: 7 };

describe('calibrateSimilarity', () => {
  it('reads the cut-offs as quantiles of the pair cosines, every pair of a small corpus', () => {
    const vectors = fan(50); // 1,225 pairs: all of them are used
    const calibration = calibrateSimilarity(vectors.length, (i) => vectors[i] as number[], OPTIONS);
    expect(calibration.pairs).toBe(1_225);
    expect(calibration.timelineFloor).toBeGreaterThan(calibration.searchFloor);
    expect(calibration.searchFloor).toBeGreaterThan(0.9);
    expect(calibration.timelineFloor).toBeLessThanOrEqual(1);
  });

  it('samples a fixed number of pairs of a large corpus, the same ones for the same seed', () => {
    const vectors = fan(1_000);
    const at = (i: number) => vectors[i] as number[];
    const first = calibrateSimilarity(vectors.length, at, OPTIONS);
    expect(first.pairs).toBe(5_000);
    expect(calibrateSimilarity(vectors.length, at, OPTIONS)).toEqual(first);
  });

  it('follows the embedder’s scale: vectors crowded together get higher cut-offs', () => {
    const spread = fan(200);
    const crowded = spread.map(([x, y]) => {
      const v = [1, 0.2 * (x as number), 0.2 * (y as number)];
      const norm = Math.hypot(...v);
      return v.map((c) => c / norm);
    });
    const a = calibrateSimilarity(200, (i) => spread[i] as number[], OPTIONS);
    const b = calibrateSimilarity(200, (i) => crowded[i] as number[], OPTIONS);
    expect(b.searchFloor).toBeGreaterThan(a.searchFloor);
  });
});
