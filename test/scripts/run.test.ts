/**
 * scripts/run.mjs, what the npm scripts run: an entry point of the sources, compiled, in one process
 * with no loader. The server started this way loads its semantic worker from the compiled tree too
 * (test/cli/search.test.ts checks the CLI's hits and scores against the in-process searcher;
 * test/embedding/threaded-embedder.test.ts that a compiled worker is started without tsx).
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../src/types.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';
import { spawnServer } from '../helpers/server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

let indexDir = '';
let server: ChildProcess | null = null;

beforeAll(async () => {
  indexDir = await seedIndexDir();
});

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});

describe('node scripts/run.mjs', () => {
  it.each([
    ['no entry', []],
    ['an entry outside src/ and indexer/', ['test/bench/cold-start.ts']],
    ['a file that does not exist', ['src/cli/nothing.ts']],
    ['a JavaScript path', ['src/cli/search.js']],
  ])('refuses %s with its usage and exit code 2', async (_case, args) => {
    const failure = await run(process.execPath, ['scripts/run.mjs', ...args], { cwd: ROOT }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/^Usage: node scripts\/run\.mjs/u);
  });

  it('passes the entry its own arguments', async () => {
    const { stdout } = await run(process.execPath, ['scripts/run.mjs', 'indexer/main.ts', '--help'], {
      cwd: ROOT,
    });
    expect(stdout).toMatch(/^Usage: npm run index/u);
  });

  it('starts the server compiled, and its compiled semantic worker answers hybrid searches', async () => {
    const { port } = await spawnServer({
      indexDir,
      entry: ['scripts/run.mjs', 'src/server/main.ts'],
      onSpawn: (child) => {
        server = child;
      },
      timeoutMs: START_TIMEOUT_MS,
    });
    const response = await fetch(`http://127.0.0.1:${port}/api/search?q=知识产权质押融资&mode=hybrid`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SearchResponse;
    expect(body.mode).toBe('hybrid');
    expect(body.hits.some((hit) => hit.matchedBy.includes('semantic'))).toBe(true);
  });
});
