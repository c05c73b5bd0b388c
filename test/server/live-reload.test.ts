/**
 * Live reload of the real server under load: while clients keep searching, a new build is made and
 * switched in; every request is answered 200, health shows the new build's id and time, and the
 * new document is found — no restart, no dropped request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS_DIR } from '../helpers/seed-index.ts';
import { freePort, spawnServer } from '../helpers/server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Clients searching at once while the build switches. */
const CLIENTS = 8;
/** How long the clients go on after the new build is served. */
const AFTER_SWAP_MS = 1_000;
const QUERIES = ['知识产权', '质押融资', '专利', '商标'].map(encodeURIComponent);

let workDir = '';
let inputDir = '';
let indexDir = '';
let server: ChildProcess | null = null;

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

function indexer(): Promise<{ code: number | null; stderr: string }> {
  return run(['indexer/main.ts', '--input', inputDir, '--out', indexDir, '--embedder', 'corpus', '--quiet']);
}

async function startServer(port: number, args: string[] = []): Promise<{ log: () => string }> {
  const started = await spawnServer({
    indexDir,
    port,
    args,
    onSpawn: (child) => {
      server = child;
    },
  });
  return { log: started.stderr };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'live-reload-'));
  inputDir = path.join(workDir, 'input');
  indexDir = path.join(workDir, 'index');
  for (const name of ['000_2b34ef53993d7fe3.txt', '001_f2b5bd6f9b254a2f.txt', '002_ca027c0f700d14af.txt']) {
    await cp(path.join(SEEDS_DIR, name), path.join(inputDir, name));
  }
  const built = await indexer();
  if (built.code !== 0) throw new Error(built.stderr);
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(workDir, { recursive: true, force: true });
});

describe('live reload under load', () => {
  it('answers every request while a new build is switched in, then serves the new build', async () => {
    const port = await freePort();
    const { log } = await startServer(port);
    const base = `http://127.0.0.1:${port}`;
    const health = async () => (await fetch(`${base}/api/health`)).json() as Promise<Record<string, unknown>>;
    const first = await health();

    const failures: string[] = [];
    const buildsSeen = new Set<unknown>();
    let answered = 0;
    let swappedAt = 0;
    const client = async (id: number) => {
      for (let i = 0; swappedAt === 0 || Date.now() - swappedAt < AFTER_SWAP_MS; i++) {
        const url =
          i % 5 === 4
            ? `${base}/api/health`
            : `${base}/api/search?q=${QUERIES[(id + i) % QUERIES.length]}&limit=10`;
        try {
          const response = await fetch(url);
          const body = (await response.json()) as Record<string, unknown>;
          if (response.status !== 200) failures.push(`${response.status} ${url} ${JSON.stringify(body)}`);
          if ('buildId' in body) buildsSeen.add(body.buildId);
          answered++;
        } catch (error) {
          failures.push(`${url}: ${(error as Error).message}`);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));

    await cp(
      path.join(SEEDS_DIR, '004_07740394ff6dd330.txt'),
      path.join(inputDir, '004_07740394ff6dd330.txt'),
    );
    const built = await indexer();
    expect(built.code).toBe(0);
    for (let waited = 0; (await health()).buildId === first.buildId; waited += 100) {
      if (waited > 20_000) throw new Error(`the server did not pick up the new build: ${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    swappedAt = Date.now();
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(100);
    const second = await health();
    expect(second).toMatchObject({
      status: 'ok',
      documents: 4,
      buildId: expect.stringMatching(/^build-\d+-\d+$/u),
    });
    expect(second.builtAt).not.toBe(first.builtAt);
    expect([...buildsSeen]).toEqual(expect.arrayContaining([first.buildId, second.buildId]));
    const documents = (await (await fetch(`${base}/api/documents`)).json()) as {
      documents: { source: string }[];
    };
    expect(documents.documents.map((document) => document.source)).toContain('004_07740394ff6dd330.txt');
    expect(log()).toMatch(/Serving build build-\d+-\d+ \(4 documents/u);
  }, 120_000);
});

describe('npm start -- --watch', () => {
  it('indexes a file dropped into the input folder and serves it without a restart', async () => {
    if (server && server.exitCode === null) server.kill('SIGTERM');
    const port = await freePort();
    const { log } = await startServer(port, ['--watch']);
    const base = `http://127.0.0.1:${port}`;
    const documents = async () =>
      (
        (await (await fetch(`${base}/api/documents`)).json()) as { documents: { source: string }[] }
      ).documents.map((document) => document.source);
    const before = await documents();
    // The watching indexer starts with a build of its own (nothing changed) before it watches.
    for (let waited = 0; !log().includes('Watching'); waited += 100) {
      if (waited > 30_000) throw new Error(`the indexer did not start watching: ${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await cp(path.join(SEEDS_DIR, '003_04412ee2bb764e95.txt'), path.join(inputDir, 'dropped.txt'));
    for (let waited = 0; (await documents()).length === before.length; waited += 200) {
      if (waited > 60_000) throw new Error(`the dropped file was not served: ${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await documents()).toEqual([...before, 'dropped.txt'].sort());
    expect(log()).toMatch(/incremental from build-\d+-\d+: 1 added/u);
  }, 120_000);
});
