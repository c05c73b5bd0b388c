/**
 * scripts/run.mjs, what the npm scripts run: an entry point of the sources, compiled, in one process
 * with no loader. The server started this way loads its semantic worker from the compiled tree too
 * (test/cli/search.test.ts checks the CLI's hits and scores against the in-process searcher;
 * test/embedding/threaded-embedder.test.ts that a compiled worker is started without tsx).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../src/types.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

let indexDir = '';
let server: ChildProcess | null = null;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

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
    const port = await freePort();
    const child = spawn(process.execPath, ['scripts/run.mjs', 'src/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: indexDir, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = child;
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), START_TIMEOUT_MS);
      child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('Serving')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`server exited during start-up: ${stderr}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/api/search?q=知识产权质押融资&mode=hybrid`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SearchResponse;
    expect(body.mode).toBe('hybrid');
    expect(body.hits.some((hit) => hit.matchedBy.includes('semantic'))).toBe(true);
  });
});
