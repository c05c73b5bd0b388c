import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/seeded-random.ts';
import { LibstdcxxHeap } from '../../src/vector/libstdcxx-heap.ts';

/** The heap's arrays after `operations`, for comparing with libstdc++'s layout. */
function layoutAfter(operations: (heap: LibstdcxxHeap) => void) {
  const heap = new LibstdcxxHeap();
  operations(heap);
  return {
    keys: Array.from(heap.keys.subarray(0, heap.size)),
    values: Array.from(heap.values.subarray(0, heap.size)),
  };
}

describe('LibstdcxxHeap', () => {
  it('pops keys largest first, through growth past its first storage', () => {
    const random = seededRandom(3);
    const heap = new LibstdcxxHeap();
    const keys = Array.from({ length: 5_000 }, () => Math.floor(random() * 1_000));
    for (const [i, key] of keys.entries()) heap.push(key, i);
    const popped: number[] = [];
    while (heap.size > 0) {
      popped.push(heap.keys[0] as number);
      heap.pop();
    }
    expect(popped).toEqual([...keys].sort((a, b) => b - a));
  });

  // The layouts std::priority_queue<std::pair<float, unsigned>, std::vector<…>, CompareByFirst> (hnswlib's
  // comparator: keys only) leaves behind, printed from its underlying vector by a short program built
  // with g++ 12.2 (Debian 12's libstdc++): equal keys stay where push_heap's and pop_heap's holes left them.
  it.each([
    ['pushes 3, 1, 3, 2, 3', [3, 1, 3, 2, 3], 0, { keys: [3, 3, 3, 1, 2], values: [0, 4, 2, 1, 3] }],
    ['pushes 3, 1, 3, 2, 3, pops once', [3, 1, 3, 2, 3], 1, { keys: [3, 3, 2, 1], values: [2, 4, 3, 1] }],
    ['pushes 5, 5, 5, 5, pops twice', [5, 5, 5, 5], 2, { keys: [5, 5], values: [1, 3] }],
    [
      'pushes 2, 2, 1, 2, 2, 1, 2, 2, 3, 2, pops three times',
      [2, 2, 1, 2, 2, 1, 2, 2, 3, 2],
      3,
      { keys: [2, 2, 2, 2, 2, 1, 1], values: [3, 0, 7, 1, 4, 5, 2] },
    ],
  ] as const)('%s: libstdc++’s layout', (_name, pushed, pops, layout) => {
    const after = layoutAfter((heap) => {
      for (const [i, key] of pushed.entries()) heap.push(key, i);
      for (let i = 0; i < pops; i++) heap.pop();
    });
    expect(after).toEqual(layout);
  });
});
