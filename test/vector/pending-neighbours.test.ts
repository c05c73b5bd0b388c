/**
 * A semantic half still loading: calls wait for the load (bounded), answer from it once loaded,
 * and are refused with SEMANTIC_LOADING after the wait or SEMANTIC_UNAVAILABLE after a failed load.
 */
import { describe, expect, it } from 'vitest';
import { SearchError } from '../../src/errors.ts';
import type { NeighbourSearch } from '../../src/vector/neighbour-search.ts';
import { pendingNeighbourSearch } from '../../src/vector/pending-neighbours.ts';

const INFO = { kind: 'corpus', model: 'test', dimensions: 2 } as const;

/** A loaded half that answers every call with seq 7. */
const loadedHalf: NeighbourSearch = {
  info: INFO,
  size: 10,
  nearestToText: async () => [{ seq: 7, similarity: 0.9 }],
  nearestToSeq: async () => [{ seq: 7, similarity: 0.8 }],
  vectorOf: async () => new Float32Array([1, 0]),
};

/** A load the test ends when it chooses. */
function controlledLoad() {
  let resolve!: (search: NeighbourSearch) => void;
  let reject!: (error: Error) => void;
  const loading = new Promise<NeighbourSearch>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { loading, resolve, reject };
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SearchError) return error.code;
    throw error;
  }
  return 'answered';
}

describe('pendingNeighbourSearch', () => {
  it('says loading, then answers a call that arrived during the load once the load ends', async () => {
    const load = controlledLoad();
    const pending = pendingNeighbourSearch(load.loading, { info: INFO, size: 10, waitMs: 5_000 });
    expect(pending.status()).toEqual({ state: 'loading' });
    expect(pending.info).toEqual(INFO);
    expect(pending.size).toBe(10);
    const answer = pending.nearestToText('知识产权', 5);
    load.resolve(loadedHalf);
    expect(await answer).toEqual([{ seq: 7, similarity: 0.9 }]);
    expect(await pending.settled).toEqual({ state: 'ready' });
    expect(pending.status()).toEqual({ state: 'ready' });
    expect(await pending.nearestToSeq(3, 5)).toEqual([{ seq: 7, similarity: 0.8 }]);
    expect([...(await pending.vectorOf(3))]).toEqual([1, 0]);
  });

  it('refuses with SEMANTIC_LOADING once a call has waited its bound and the load goes on', async () => {
    const load = controlledLoad();
    const pending = pendingNeighbourSearch(load.loading, { info: INFO, size: 10, waitMs: 20 });
    const started = performance.now();
    expect(await codeOf(pending.nearestToText('知识产权', 5))).toBe('SEMANTIC_LOADING');
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(pending.status()).toEqual({ state: 'loading' });
    load.resolve(loadedHalf);
    expect(await codeOf(pending.nearestToText('知识产权', 5))).toBe('answered');
  });

  it.each([
    ['a call waiting when the load fails', true],
    ['a call made after the load failed', false],
  ])('refuses %s with SEMANTIC_UNAVAILABLE naming the reason', async (_case, before) => {
    const load = controlledLoad();
    const pending = pendingNeighbourSearch(load.loading, { info: INFO, size: 10, waitMs: 5_000 });
    const waiting = before ? pending.nearestToSeq(1, 5) : null;
    load.reject(new Error('vector/hnsw.bin is corrupted (checksum mismatch)'));
    if (!waiting) await pending.settled;
    const call = waiting ?? pending.nearestToSeq(1, 5);
    await expect(call).rejects.toMatchObject({
      code: 'SEMANTIC_UNAVAILABLE',
      message: expect.stringMatching(/hnsw\.bin is corrupted.*mode=keyword/),
    });
    expect(pending.status()).toEqual({
      state: 'failed',
      reason: 'vector/hnsw.bin is corrupted (checksum mismatch)',
    });
  });
});
