import { describe, expect, it } from 'vitest';
import { interleaveByKind } from './query-order.ts';

const items = (kinds: string) => [...kinds].map((kind) => ({ kind }));

describe('interleaveByKind', () => {
  it.each([
    { kinds: '', order: [] },
    { kinds: 'www', order: [0, 1, 2] },
    { kinds: 'wwsst', order: [0, 2, 4, 1, 3] },
    { kinds: 'wwwwss', order: [0, 4, 1, 2, 5, 3] },
    { kinds: 'swsw', order: [0, 1, 2, 3] },
  ])('orders $kinds as $order', ({ kinds, order }) => {
    expect(interleaveByKind(items(kinds))).toEqual(order);
  });

  it('keeps every prefix of the sample’s 150/150/60 split close to its shares', () => {
    const sample = items('w'.repeat(150) + 's'.repeat(150) + 't'.repeat(60));
    const order = interleaveByKind(sample);
    expect([...order].sort((a, b) => a - b)).toEqual(sample.map((_, i) => i));
    for (const cut of [10, 37, 100, 250]) {
      const twoWords = order.slice(0, cut).filter((i) => sample[i]?.kind === 't').length;
      expect(Math.abs(twoWords - cut / 6)).toBeLessThanOrEqual(1);
    }
  });
});
