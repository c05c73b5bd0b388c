import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/seeded-random.ts';

function draw(seed: number, count: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random());
}

describe('seededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(11, 50)).toEqual(draw(11, 50));
  });

  it('gives another sequence for another seed', () => {
    expect(draw(11, 10)).not.toEqual(draw(12, 10));
  });

  it('draws floats in [0, 1) spread over the interval', () => {
    const values = draw(7, 10_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('is mulberry32: its first values for seed 1 are the reference ones', () => {
    // mulberry32(1)() = 0.6270739405881613, the value its published reference gives.
    const words = draw(1, 3).map((value) => value * 2 ** 32);
    expect(words).toEqual([2_693_262_067, 11_749_833, 2_265_367_787]);
  });
});
