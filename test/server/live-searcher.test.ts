/**
 * The live searcher over real builds on disk: a new build is served after reload, the one that
 * failed to load is refused with a log line while the old one keeps serving, and health names the build.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../indexer/build-index.ts';
import { createProgress } from '../../indexer/progress.ts';
import { currentBuildName } from '../../src/persist/index-store.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { type LiveSearcher, openLiveSearcher } from '../../src/server/live-searcher.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';

const QUERY = { query: '知识产权', mode: 'keyword', limit: 5, offset: 0, filters: {} } as const;

let workDir = '';
let inputDir = '';
let indexDir = '';
let live: LiveSearcher;
const logged: string[] = [];
/** What each open was for: the first build may load its semantic half in the background, reloads may not. */
const purposes: string[] = [];
/** Every index opened, each with a keyword search thread, as the server opens them. */
const opened: OpenedIndex[] = [];

async function build(): Promise<void> {
  await buildIndex({
    inputDir,
    outDir: indexDir,
    embedder: 'none',
    progress: createProgress(process.stderr, true),
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'live-searcher-'));
  inputDir = path.join(workDir, 'input');
  indexDir = path.join(workDir, 'index');
  await cp(path.join(SEEDS_DIR, '000_2b34ef53993d7fe3.txt'), path.join(inputDir, 'a.txt'), {
    recursive: true,
  });
  await build();
  live = await openLiveSearcher({
    currentBuild: () => currentBuildName(indexDir),
    open: (purpose) => {
      purposes.push(purpose);
      return openIndex(indexDir, {}, { keywordThreads: 1 }).then((index) => {
        opened.push(index);
        return index;
      });
    },
    log: (line) => logged.push(line),
    retireAfterMs: 10,
  });
}, 60_000);

afterAll(async () => {
  await live?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('openLiveSearcher', () => {
  it('reports no change while CURRENT names the build it serves', async () => {
    expect(await live.reload()).toBe('unchanged');
    expect(live.searcher.summary().buildId).toBe(await currentBuildName(indexDir));
  });

  it('refuses a build that fails to load, logs why, and keeps serving the old one', async () => {
    const before = live.buildId();
    const documentsBefore = live.searcher.documents().length;
    // A copy of the live build with a damaged paragraphs file, switched in by hand.
    const broken = 'build-9999999999999-1';
    await cp(path.join(indexDir, before), path.join(indexDir, broken), { recursive: true });
    await writeFile(path.join(indexDir, broken, 'paragraphs.bin'), 'damaged');
    await writeFile(path.join(indexDir, 'CURRENT'), `${broken}\n`);
    expect(await live.reload()).toBe('refused');
    expect(logged.at(-1)).toMatch(
      /^Refused the new build build-9999999999999-1: .*(?:checksum|bytes).* Still serving build-/u,
    );
    expect(live.buildId()).toBe(before);
    expect(live.searcher.documents()).toHaveLength(documentsBefore);
    expect((await live.searcher.search(QUERY)).total).toBeGreaterThan(0);
    // Not retried while CURRENT still names it.
    expect(await live.reload()).toBe('unchanged');
    await writeFile(path.join(indexDir, 'CURRENT'), `${before}\n`);
    await rm(path.join(indexDir, broken), { recursive: true });
  });

  it('serves a new build after reload, with its documents, its build id and an empty result cache', async () => {
    const before = live.buildId();
    const oldSearcherTotal = (await live.searcher.search(QUERY)).total;
    // Asked again: answered from the old build's cache.
    expect((await live.searcher.search(QUERY)).total).toBe(oldSearcherTotal);
    expect(live.searcher.summary().cache?.hits).toBeGreaterThan(0);
    await cp(path.join(SEEDS_DIR, '001_f2b5bd6f9b254a2f.txt'), path.join(inputDir, 'b.txt'));
    await build();
    expect(await live.reload()).toBe('swapped');
    expect(live.buildId()).not.toBe(before);
    expect(live.buildId()).toBe((await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
    expect(live.searcher.documents().map((document) => document.source)).toEqual(['a.txt', 'b.txt']);
    // The same request on the new build: computed afresh (a miss), not the old build's cached answer.
    expect((await live.searcher.search(QUERY)).total).toBeGreaterThan(oldSearcherTotal);
    expect(live.searcher.summary().cache).toMatchObject({ hits: 0, misses: 1, entries: 1 });
    expect(logged.at(-1)).toMatch(
      /^Serving build build-\d+-\d+ \(2 documents, \d+ paragraphs\), replacing /u,
    );
  });

  it('closes the keyword search threads of a replaced build once it retires, and searches the new one in its own', async () => {
    const [first] = opened;
    const current = opened.at(-1);
    expect(opened.length).toBeGreaterThan(1);
    await current?.keywordThreads?.started;
    // Retired 10 ms after the swap: its pool is destroyed then.
    await expect.poll(() => first?.keywordThreads?.threads.length, { timeout: 5_000 }).toBe(0);
    const answered = current?.keywordThreads?.answered ?? 0;
    await live.searcher.search({ ...QUERY, query: '专利' });
    expect(current?.keywordThreads?.answered).toBe(answered + 1);
    expect(current?.keywordThreads?.threads).toHaveLength(1);
  });

  it('opened the first build for start-up and every later one as a reload (opened whole)', () => {
    expect(purposes[0]).toBe('start');
    expect(purposes.length).toBeGreaterThan(1);
    expect(purposes.slice(1).every((purpose) => purpose === 'reload')).toBe(true);
  });
});
