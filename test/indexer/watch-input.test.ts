/**
 * Watch mode: after the first build, files added, changed or removed in the input folder lead to
 * an incremental build; a burst of files makes one build (debounced), and stopping the watch ends it.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../indexer/build-index.ts';
import type { BuildOptions, BuildSummary } from '../../indexer/build-types.ts';
import { createProgress } from '../../indexer/progress.ts';
import { watchInput } from '../../indexer/watch-input.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';

let root = '';
let options: BuildOptions;
const builds: BuildSummary[] = [];
const stop = new AbortController();
let watching: Promise<void>;

async function waitForBuilds(count: number): Promise<void> {
  for (let waited = 0; builds.length < count; waited += 100) {
    if (waited > 30_000) throw new Error(`only ${builds.length} builds after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'watch-input-'));
  const inputDir = path.join(root, 'input');
  options = {
    inputDir,
    outDir: path.join(root, 'index-data'),
    embedder: 'none',
    progress: createProgress(process.stderr, true),
  };
  await mkdir(inputDir, { recursive: true });
  await copyFile(path.join(SEEDS_DIR, '000_2b34ef53993d7fe3.txt'), path.join(inputDir, 'a.txt'));
  await buildIndex(options);
  watching = watchInput(options, (summary) => builds.push(summary), stop.signal);
  // chokidar's initial scan is done once watchInput has logged; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
}, 60_000);

afterAll(async () => {
  stop.abort();
  await watching;
  await rm(root, { recursive: true, force: true });
});

describe('watchInput', () => {
  it('makes one incremental build for a burst of added files', async () => {
    for (const name of ['001_f2b5bd6f9b254a2f.txt', '002_ca027c0f700d14af.txt', '003_04412ee2bb764e95.txt']) {
      await copyFile(path.join(SEEDS_DIR, name), path.join(options.inputDir, name));
    }
    await waitForBuilds(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(builds).toHaveLength(1);
    expect(builds[0]?.incremental?.added).toEqual([
      '001_f2b5bd6f9b254a2f.txt',
      '002_ca027c0f700d14af.txt',
      '003_04412ee2bb764e95.txt',
    ]);
    const current = (await readFile(path.join(options.outDir, 'CURRENT'), 'utf8')).trim();
    expect(builds[0]?.buildDir).toBe(path.join(options.outDir, current));
  }, 40_000);

  it('builds again when a file is removed, and ignores files that are not documents', async () => {
    await copyFile(
      path.join(SEEDS_DIR, '000_2b34ef53993d7fe3.txt'),
      path.join(options.inputDir, 'notes.xlsx'),
    );
    await unlink(path.join(options.inputDir, '002_ca027c0f700d14af.txt'));
    await waitForBuilds(2);
    expect(builds[1]?.incremental).toMatchObject({
      added: [],
      changed: [],
      removed: ['002_ca027c0f700d14af.txt'],
    });
  }, 40_000);
});
