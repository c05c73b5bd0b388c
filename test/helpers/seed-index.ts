/**
 * The seed index, built once and shared: every test file (each in its own worker) asks for it, the
 * first one builds it under a lock, the others wait and reuse it. The folder is keyed by a hash of
 * the code and the seeds, so a later run with unchanged sources reuses it too, and a change rebuilds.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../indexer/build-index.ts';
import { createProgress } from '../../indexer/progress.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher, type Searcher } from '../../src/search/searcher.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Absolute path of the seeds folder the index is built from. */
export const SEEDS_DIR = path.join(ROOT, 'seeds');
const SOURCE_FOLDERS = ['src', 'indexer', 'seeds'];
const CACHE_ROOT = path.join(os.tmpdir(), 'policy-search-seed-index');
/** A lock older than this belongs to a build that died; building the seeds takes seconds. */
const STALE_LOCK_MS = 120_000;
const POLL_MS = 100;

let indexDirPromise: Promise<string> | null = null;
let loadedPromise: Promise<LoadedIndex> | null = null;

/** The folder of the shared seed index (built with the corpus embedder), building it if needed. */
export function seedIndexDir(): Promise<string> {
  indexDirPromise ??= ensureBuilt();
  return indexDirPromise;
}

/**
 * The shared seed index, opened once per test file with its semantic half in this thread (no worker
 * per test file; `test/persist/semantic-thread.test.ts` checks the worker answers the same).
 */
export function seedIndex(): Promise<LoadedIndex> {
  loadedPromise ??= seedIndexDir().then((dir) => openIndex(dir, {}, { semanticIn: 'thread' }));
  return loadedPromise;
}

/** A searcher over the shared seed index. */
export async function seedSearcher(): Promise<Searcher> {
  return createSearcher(await seedIndex());
}

async function ensureBuilt(): Promise<string> {
  const indexDir = path.join(CACHE_ROOT, await sourceHash());
  const lock = `${indexDir}.lock`;
  await mkdir(CACHE_ROOT, { recursive: true });
  for (;;) {
    if (await exists(path.join(indexDir, 'CURRENT'))) return indexDir;
    try {
      await mkdir(lock);
    } catch {
      await removeIfStale(lock);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    try {
      if (!(await exists(path.join(indexDir, 'CURRENT')))) {
        await buildIndex({
          inputDir: SEEDS_DIR,
          outDir: indexDir,
          embedder: 'corpus',
          progress: createProgress(process.stderr, true),
        });
      }
      return indexDir;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of SOURCE_FOLDERS) {
    const entries = await readdir(path.join(ROOT, folder), { recursive: true, withFileTypes: true });
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) {
      hash.update(path.relative(ROOT, file));
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function removeIfStale(lock: string): Promise<void> {
  const info = await stat(lock).catch(() => null);
  if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
}
