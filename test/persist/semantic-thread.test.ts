/**
 * The semantic worker against the in-thread index (hnswlib's graph) on the seeds: the same
 * neighbours and similarities for query texts, stored paragraphs and filters, whether the shared
 * graph is walked in this thread or in the worker; a damaged graph refused at open; a worker that
 * dies answered with a clear error and replaced, never a hung request.
 */
import { cp, mkdtemp, open, readFile, rm, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexLoadError, SearchError } from '../../src/errors.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import type { SemanticThread } from '../../src/persist/semantic-thread.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { seqBitmap } from '../../src/vector/seq-scope.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

const QUERIES = ['知识产权质押融资', '专利转化运用', '数据知识产权保护', '商标'];

let inWorker: OpenedIndex;
let workerOnly: OpenedIndex;
let inThread: OpenedIndex;

beforeAll(async () => {
  const dir = await seedIndexDir();
  [inWorker, workerOnly, inThread] = await Promise.all([
    openIndex(dir),
    openIndex(dir, {}, { walkHere: () => false }),
    openIndex(dir, {}, { semanticIn: 'thread' }),
  ]);
}, 60_000);

afterAll(async () => {
  await inWorker?.close();
  await workerOnly?.close();
  await inThread?.close();
});

/** The two ways a worker-backed index answers: walking the shared graph here, or in the worker. */
const WALKERS = [
  ['walked here', () => inWorker],
  ['walked in the worker', () => workerOnly],
] as const;

const neighbours = (index: OpenedIndex) => {
  if (!index.semantic) throw new Error('the seed index has no embeddings');
  return index.semantic.neighbours;
};

describe('the semantic worker', () => {
  it('holds the graph and embedder in the worker, not in this thread', () => {
    expect(inWorker.semantic?.local).toBeNull();
    expect(inThread.semantic?.local).not.toBeNull();
    expect(neighbours(inWorker).info).toEqual(inWorker.manifest.embedder);
    expect(inWorker.semantic?.calibration).toEqual(inThread.semantic?.calibration);
  });

  it('walks the shared graph here while the worker has no task, in the worker when told so', async () => {
    const here = neighbours(inWorker) as SemanticThread;
    const worker = neighbours(workerOnly) as SemanticThread;
    const [hereBefore, workerBefore] = [{ ...here.walks }, { ...worker.walks }];
    await here.nearestToText('知识产权', 5);
    await worker.nearestToText('知识产权', 5);
    expect(here.walks).toEqual({ ...hereBefore, here: hereBefore.here + 1 });
    expect(worker.walks).toEqual({ ...workerBefore, inWorker: workerBefore.inWorker + 1 });
  });

  describe.each(WALKERS)('%s', (_walked, index) => {
    it.each(QUERIES)('finds the same neighbours with the same similarities for %s', async (query) => {
      const [worker, thread] = await Promise.all([
        neighbours(index()).nearestToText(query, 30),
        neighbours(inThread).nearestToText(query, 30),
      ]);
      expect(worker).toHaveLength(30);
      expect(worker).toEqual(thread);
    });

    it.each([0, 57, 205])(
      'finds the same neighbours of stored paragraph %i, and the same vector',
      async (seq) => {
        const scope = { exclude: [seq, seq + 1] as const };
        expect(await neighbours(index()).nearestToSeq(seq, 10, scope)).toEqual(
          await neighbours(inThread).nearestToSeq(seq, 10, scope),
        );
        expect(await neighbours(index()).vectorOf(seq)).toEqual(await neighbours(inThread).vectorOf(seq));
      },
    );

    it('returns only seqs the scope admits (a bitmap and an excluded range)', async () => {
      const count = index().corpus.paragraphs.length;
      const allowed = seqBitmap(count, (seq) => seq % 3 === 0);
      const scope = { allowed, exclude: [0, 30] as const };
      const matches = await neighbours(index()).nearestToText('知识产权', 40, scope);
      expect(matches).toEqual(await neighbours(inThread).nearestToText('知识产权', 40, scope));
      expect(matches).toHaveLength(40);
      for (const { seq } of matches) {
        expect(seq % 3).toBe(0);
        expect(seq).toBeGreaterThanOrEqual(30);
      }
    });
  });

  it.each([
    ['a year', { years: [2021] }],
    ['an agency', { agencies: ['财政部'] }],
  ])(
    'answers semantic and hybrid searches filtered by %s as the in-thread index does',
    async (_name, filters) => {
      const worker = createSearcher(inWorker, { resultCache: false });
      const thread = createSearcher(inThread, { resultCache: false });
      for (const mode of ['semantic', 'hybrid'] as const) {
        const request = { query: '知识产权质押融资', mode, limit: 20, offset: 0, filters };
        const [fromWorker, fromThread] = await Promise.all([worker.search(request), thread.search(request)]);
        expect(fromWorker.hits.length).toBeGreaterThan(0);
        expect({ ...fromWorker, tookMs: 0 }).toEqual({ ...fromThread, tookMs: 0 });
        for (const hit of fromWorker.hits) {
          if ('years' in filters) expect(filters.years).toContain(hit.year);
          else expect(hit.agencies).toEqual(expect.arrayContaining(filters.agencies));
        }
      }
    },
  );

  it.each([false, true])(
    'answers similar paragraphs (sameDocument %s) as the in-thread index does',
    async (sameDocument) => {
      const id = inWorker.corpus.paragraphs[40]?.id ?? '';
      const options = { limit: 8, sameDocument };
      const fromWorker = await createSearcher(inWorker).similar(id, options);
      expect(fromWorker).toEqual(await createSearcher(inThread).similar(id, options));
      expect(fromWorker?.map((hit) => hit.id)).not.toContain(id);
    },
  );

  it('gets through queued tasks while this thread is busy, not one per turn of its event loop', async () => {
    const queries = Array.from({ length: 16 }, (_, i) => QUERIES[i % QUERIES.length] as string);
    let answered = 0;
    const pending = queries.map((query) =>
      neighbours(workerOnly)
        .nearestToText(query, 10)
        .then((matches) => {
          answered++;
          return matches;
        }),
    );
    // A loaded server's main thread: busy for a long stretch while the tasks are in the worker.
    const until = performance.now() + 400;
    while (performance.now() < until) {}
    // One turn of this thread's event loop: the worker's answers to every task are waiting in it.
    // (Posting the next task only when the last answer was handled here answered one per turn.)
    await new Promise<void>((done) => setImmediate(done));
    expect(answered).toBe(queries.length);
    const answers = await Promise.all(pending);
    expect(answers[0]).toEqual(await neighbours(inThread).nearestToText(queries[0] as string, 10));
  });

  it('fails the requests of a worker that dies with a clear error, then answers from a replacement', async () => {
    const dir = await seedIndexDir();
    const opened = await openIndex(dir, {}, { walkHere: () => false });
    try {
      const thread = neighbours(opened) as SemanticThread;
      const [worker] = thread.threads;
      expect(worker).toBeDefined();
      // Terminated first, then asked in the same tick: piscina still counts the worker as idle and
      // hands it the task, which it never runs. Asked first, a quiet machine answers before it dies.
      const dying = worker?.terminate();
      const pending = thread.nearestToText('知识产权', 5);
      await dying;
      const failure = await pending.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SearchError);
      expect((failure as SearchError).code).toBe('INTERNAL');
      expect((failure as SearchError).message).toMatch(/semantic search failed in its worker thread/u);
      expect(await thread.nearestToText('知识产权', 5)).toEqual(
        await neighbours(inThread).nearestToText('知识产权', 5),
      );
    } finally {
      await opened.close();
    }
  }, 60_000);
});

describe('openIndex with a damaged graph', () => {
  let copy = '';
  beforeAll(async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), 'semantic-thread-'));
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  async function damagedCopy(damage: (file: string) => Promise<void>): Promise<string> {
    const dir = await mkdtemp(path.join(copy, 'index-'));
    await cp(await seedIndexDir(), dir, { recursive: true });
    const build = (await readFile(path.join(dir, 'CURRENT'), 'utf8')).trim();
    await damage(path.join(dir, build, 'vector', 'hnsw.bin'));
    return dir;
  }

  it.each<[string, (file: string) => Promise<void>, RegExp]>([
    [
      'one byte changed',
      async (file) => {
        const handle = await open(file, 'r+');
        const byte = Buffer.alloc(1);
        await handle.read(byte, 0, 1, 100);
        byte[0] = (byte[0] ?? 0) ^ 0xff;
        await handle.write(byte, 0, 1, 100);
        await handle.close();
      },
      /vector\/hnsw\.bin is corrupted \(checksum mismatch\).*npm run index/su,
    ],
    ['truncated', (file) => truncate(file, 1000), /vector\/hnsw\.bin has 1000 bytes.*npm run index/su],
  ])(
    'refuses a graph file %s, checked in the worker, with the rebuild command',
    async (_name, damage, message) => {
      const dir = await damagedCopy(damage);
      const opening = openIndex(dir);
      await expect(opening).rejects.toThrow(IndexLoadError);
      await expect(opening).rejects.toThrow(message);
    },
    60_000,
  );
});
