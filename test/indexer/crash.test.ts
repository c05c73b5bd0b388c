/**
 * SIGKILL the indexer at points spread over a build (each phase, and at random moments while it
 * writes): the build that was live before still loads and serves, and the next build succeeds.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEEDS = path.join(ROOT, 'seeds');
/** Progress lines the indexer prints as it enters each phase; a kill is triggered by one of them. */
const PHASES = [
  'Building the keyword index',
  'Training the corpus embedder',
  'Building the vector index',
  'Writing the index',
  'Writing the index',
];
/** Random extra wait after the trigger line, so the kill lands somewhere inside the phase. */
const MAX_JITTER_MS = 60;
/** The jitters' seed: random each run, logged, and set by `CRASH_SEED=<n>` to replay a failure. */
const JITTER_SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));

let workDir = '';
let outDir = '';
let liveBefore = '';

function indexer(): ReturnType<typeof spawn> {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'indexer/main.ts',
      '--input',
      SEEDS,
      '--out',
      outDir,
      '--embedder',
      'corpus',
      '--full',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** Runs the indexer and SIGKILLs it `jitterMs` after it prints `trigger`; resolves how it ended. */
function killDuring(
  trigger: string,
  jitterMs: number,
): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = indexer();
    let stderr = '';
    let armed = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (!armed && stderr.includes(trigger)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ signal, code }));
  });
}

async function currentBuild(): Promise<string> {
  return (await readFile(path.join(outDir, 'CURRENT'), 'utf8')).trim();
}

/** Opens the index and runs one search, as the server would at start-up. */
async function serves(): Promise<{ builtAt: string; total: number }> {
  const index = await openIndex(outDir);
  try {
    const response = await createSearcher(index).search({
      query: '知识产权',
      mode: 'hybrid',
      limit: 5,
      offset: 0,
      filters: {},
    });
    return { builtAt: index.manifest.builtAt, total: response.total };
  } finally {
    // The semantic worker holds the build's graph until closed.
    await index.close();
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'indexer-crash-'));
  outDir = path.join(workDir, 'index-data');
  await cp(await seedIndexDir(), outDir, { recursive: true });
  liveBefore = await currentBuild();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('indexer killed mid-build', () => {
  it('leaves a loadable index after every kill, and the next build succeeds', async () => {
    const before = await serves();
    expect(before.total).toBeGreaterThan(0);
    console.log(`crash test: jitter seed ${JITTER_SEED} (replay with CRASH_SEED=${JITTER_SEED})`);
    const random = seededRandom(JITTER_SEED);
    for (const phase of PHASES) {
      const jitter = Math.floor(random() * MAX_JITTER_MS);
      const ended = await killDuring(phase, jitter);
      const what = `killed ${jitter} ms after "${phase}" (exit ${ended.code}, signal ${ended.signal}; CRASH_SEED=${JITTER_SEED})`;
      const after = await serves().catch((error: Error) => {
        throw new Error(`${what}: the index no longer loads: ${error.message}`);
      });
      expect(after.total, what).toBe(before.total);
      // Killed before the switch: the previous build is still live. Killed after it: the new build is complete.
      if ((await currentBuild()) === liveBefore) expect(after.builtAt, what).toBe(before.builtAt);
    }

    const finished = await new Promise<number | null>((resolve, reject) => {
      const child = indexer();
      child.stderr?.resume();
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
    expect(finished).toBe(0);
    expect(await currentBuild()).not.toBe(liveBefore);
    const rebuilt = await serves();
    expect(rebuilt.builtAt).not.toBe(before.builtAt);
    expect(rebuilt.total).toBe(before.total);
    // The remains of the killed builds (all older than the finished one) are removed by the switch.
    const builds = (await readdir(outDir)).filter((name) => name.startsWith('build-'));
    expect(builds).toEqual([await currentBuild()]);
  });
});
