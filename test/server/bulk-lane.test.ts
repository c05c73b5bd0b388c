import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientGoneError, SearchError } from '../../src/errors.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { createBulkLane } from '../../src/server/bulk-lane.ts';
import { type ServedApp, serveApp } from '../helpers/serve-app.ts';
import { emptySearcher } from '../helpers/stub-searcher.ts';

/** A stand-in response: the lane only listens for its `close`. */
const fakeResponse = () => new EventEmitter() as unknown as Response & EventEmitter;

/** A job that runs until `finish()` is called. */
function heldJob(log: string[], name: string) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    run: async () => {
      log.push(`${name} start`);
      await done;
      log.push(`${name} end`);
      return name;
    },
    finish: () => finish(),
  };
}

describe('createBulkLane', () => {
  it('runs one job at a time, in arrival order', async () => {
    const lane = createBulkLane({ maxWaiting: 10, sliceMs: 0 });
    const log: string[] = [];
    const [a, b] = [heldJob(log, 'a'), heldJob(log, 'b')];
    const results = [lane.run(a.run, fakeResponse()), lane.run(b.run, fakeResponse())];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['a start']);
    expect(lane.load()).toEqual({ waiting: 1, running: 1 });
    a.finish();
    b.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('drops a waiting job whose client has gone, unrun', async () => {
    const lane = createBulkLane({ maxWaiting: 10, sliceMs: 0 });
    const log: string[] = [];
    const [a, b] = [heldJob(log, 'a'), heldJob(log, 'b')];
    const gone = fakeResponse();
    const first = lane.run(a.run, fakeResponse());
    const second = lane.run(b.run, gone);
    gone.emit('close');
    a.finish();
    await first;
    await expect(second).rejects.toBeInstanceOf(ClientGoneError);
    expect(log).toEqual(['a start', 'a end']);
  });

  it.each([
    [
      'lets the event loop turn between two jobs once a slice is spent (0 ms)',
      0,
      ['first', 'timer', 'second'],
    ],
    ['runs short jobs back to back while its slice lasts (1 s)', 1_000, ['first', 'second', 'timer']],
  ])('%s: a timer set in the first job fires at its place', async (_name, sliceMs, expected) => {
    const lane = createBulkLane({ maxWaiting: 10, sliceMs });
    const log: string[] = [];
    const first = lane.run(async () => {
      setTimeout(() => log.push('timer'), 0);
      busy(5);
      log.push('first');
    }, fakeResponse());
    const second = lane.run(async () => {
      log.push('second');
    }, fakeResponse());
    await Promise.all([first, second]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(expected);
  });

  it('refuses a job with BUSY when the queue is full', async () => {
    const lane = createBulkLane({ maxWaiting: 1, sliceMs: 0 });
    const log: string[] = [];
    const [a, b, c] = [heldJob(log, 'a'), heldJob(log, 'b'), heldJob(log, 'c')];
    const running = lane.run(a.run, fakeResponse());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = lane.run(b.run, fakeResponse());
    const refused = lane.run(c.run, fakeResponse());
    await expect(refused).rejects.toMatchObject({ code: 'BUSY' });
    await expect(refused).rejects.toBeInstanceOf(SearchError);
    a.finish();
    b.finish();
    await Promise.all([running, waiting]);
  });
});

/** Blocks the event loop for `ms`, as a timeline over a common word does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Spinning on purpose: this stands for CPU-bound ranking.
  }
}

/** A timeline that holds its lane until `release()`; one-screen searches answer at once. */
let release = () => {};
let timelinesStarted = 0;
const held = new Promise<void>((resolve) => {
  release = resolve;
});
const searcher: Searcher = {
  ...emptySearcher(),
  timeline: async () => {
    timelinesStarted++;
    await held;
    return { query: '', mode: 'keyword', first: null, years: [], possible: [] };
  },
};

let app: ServedApp;
beforeAll(async () => {
  app = await serveApp(createApp(searcher, { rateLimit: false, bulkMaxWaiting: 1 }));
});
afterAll(() => app.close());

describe('bulk requests in the app', () => {
  it('sends timelines, exports and long pages through the lane, and serves one screen beside it', async () => {
    const running = app.get('/api/timeline?q=专利');
    while (timelinesStarted === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const waiting = app.get('/api/timeline?q=商标');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The lane is full: one running, one waiting.
    for (const path of ['/api/timeline?q=版权', '/api/export?q=专利', '/api/search?q=专利&limit=100']) {
      const response = await app.get(path);
      expect([path, response.status, (await response.json()).error.code]).toEqual([path, 503, 'BUSY']);
    }
    for (const [path, status] of [
      ['/api/search?q=专利', 200],
      ['/api/search?q=专利&limit=20', 200],
      ['/api/paragraphs/x', 404],
    ] as const) {
      expect([path, (await app.get(path)).status]).toEqual([path, status]);
    }
    release();
    expect((await running).status).toBe(200);
    expect((await waiting).status).toBe(200);
  });
});
