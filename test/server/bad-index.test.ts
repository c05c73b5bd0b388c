/**
 * A damaged or incompatible `index-data/`: the server process must exit non-zero with one line that
 * says what is wrong and how to rebuild — never a stack trace, never a server that starts anyway.
 * A damaged semantic file is found by the semantic worker after the server listens (it loads in the
 * background): the server then logs one line with the rebuild command, keeps answering keyword
 * searches, says `degraded` in `/api/health` and answers semantic and hybrid requests 503
 * SEMANTIC_UNAVAILABLE — never keyword results passed off as hybrid. A setting that makes no sense
 * (`PORT=abc`, `RATE_LIMIT=60/min`) stops the server the same way, with one line naming it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileChecksum, fileChecksum } from '../../src/persist/file-checksum.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';
import { freePort } from '../helpers/server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Generous: tsx start-up on a busy two-core machine takes seconds. */
const EXIT_TIMEOUT_MS = 30_000;

let goodDir = '';
let workDir = '';

/** The live build folder of an index directory. */
async function liveBuild(indexDir: string): Promise<string> {
  return path.join(indexDir, (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
}

/** Rewrites a JSON file of the live build and its checksum, as an index written by other code would be. */
async function rewriteJson(indexDir: string, file: string, change: (value: Record<string, unknown>) => void) {
  const build = await liveBuild(indexDir);
  const value = JSON.parse(await readFile(path.join(build, file), 'utf8')) as Record<string, unknown>;
  change(value);
  const text = JSON.stringify(value);
  await writeFile(path.join(build, file), text);
  const sums = JSON.parse(await readFile(path.join(build, 'checksums.json'), 'utf8')) as Record<
    string,
    FileChecksum
  >;
  sums[file] = fileChecksum(text);
  await writeFile(path.join(build, 'checksums.json'), JSON.stringify(sums));
}

/** Flips bytes in the middle of a file, keeping its size. */
async function corrupt(file: string): Promise<void> {
  const bytes = await readFile(file);
  for (let i = Math.floor(bytes.length / 2); i < Math.min(bytes.length, bytes.length / 2 + 64); i++) {
    bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
  }
  await writeFile(file, bytes);
}

const CASES: { name: string; damage: (indexDir: string) => Promise<void> }[] = [
  {
    name: 'a truncated paragraphs.bin',
    damage: async (d) => truncate(path.join(await liveBuild(d), 'paragraphs.bin'), 1000),
  },
  {
    name: 'a corrupted keyword index',
    damage: async (d) => corrupt(path.join(await liveBuild(d), 'keyword.bin')),
  },
  {
    name: 'an index from another format version',
    damage: (d) =>
      rewriteJson(d, 'manifest.json', (m) => {
        m.formatVersion = 999;
      }),
  },
  {
    name: 'an index of format version 3 (JSON paragraphs, base64 postings)',
    damage: (d) =>
      rewriteJson(d, 'manifest.json', (m) => {
        m.formatVersion = 3;
      }),
  },
  {
    name: 'an index from another analyzer version',
    damage: (d) =>
      rewriteJson(d, 'manifest.json', (m) => {
        m.analyzerVersion = -1;
      }),
  },
  {
    name: 'a manifest that is not JSON',
    damage: async (d) => writeFile(path.join(await liveBuild(d), 'manifest.json'), '{"formatVer'),
  },
  {
    name: 'a CURRENT naming a missing build',
    damage: (d) => writeFile(path.join(d, 'CURRENT'), 'build-0-0\n'),
  },
  { name: 'no index at all', damage: (d) => rm(d, { recursive: true, force: true }) },
];

/** Damage to the semantic half, which loads after the server listens. */
const SEMANTIC_CASES: { name: string; damage: (indexDir: string) => Promise<void>; reason: RegExp }[] = [
  {
    name: 'a truncated vector index',
    damage: async (d) => truncate(path.join(await liveBuild(d), 'vector', 'hnsw.bin'), 100),
    reason: /hnsw\.bin has 100 bytes/,
  },
  {
    name: 'a corrupted vector index',
    damage: async (d) => corrupt(path.join(await liveBuild(d), 'vector', 'hnsw.bin')),
    reason: /hnsw\.bin is corrupted \(checksum mismatch\)/,
  },
  {
    name: 'a corrupted embedder model',
    damage: async (d) => corrupt(path.join(await liveBuild(d), 'embedder', 'model.bin')),
    reason: /model\.bin is corrupted \(checksum mismatch\)/,
  },
];

/** Starts the real server entry on `indexDir`; resolves with its exit code and stderr. */
function startServer(
  indexDir: string,
  settings: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: indexDir, PORT: '0', HOST: '127.0.0.1', ...settings },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    // A server that starts on a broken index would never exit: stop it and fail the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stderr, killed: signal === 'SIGKILL' });
    });
  });
}

beforeAll(async () => {
  goodDir = await seedIndexDir();
  workDir = await mkdtemp(path.join(tmpdir(), 'bad-index-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('server start-up on a bad index', () => {
  it.concurrent.each(CASES)(
    'exits non-zero with one line and the rebuild command on $name',
    async ({ name, damage }) => {
      const indexDir = path.join(workDir, name.replaceAll(/\W+/gu, '-'));
      await cp(goodDir, indexDir, { recursive: true });
      await damage(indexDir);
      const { code, stderr, killed } = await startServer(indexDir);
      expect(killed, `the server started on ${name}: ${stderr}`).toBe(false);
      expect(code).not.toBe(0);
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      expect(stderr).toContain('npm run index');
      expect(stderr).not.toMatch(/^\s+at /mu);
    },
  );

  it.concurrent.each([
    ['PORT', 'abc'],
    ['RATE_LIMIT', '60/min'],
    ['KEYWORD_THREADS', '-1'],
  ])('exits non-zero with one line naming the setting on %s=%s', async (name, value) => {
    const { code, stderr, killed } = await startServer(goodDir, { [name]: value });
    expect(killed, `the server started with ${name}=${value}: ${stderr}`).toBe(false);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n'), stderr).toEqual([
      expect.stringContaining(`${name}=${value} is not a whole number`),
    ]);
  });

  it.concurrent.each(SEMANTIC_CASES)(
    'serves keyword search and says degraded, loudly, on $name',
    async ({ name, damage, reason }) => {
      const indexDir = path.join(workDir, name.replaceAll(/\W+/gu, '-'));
      await cp(goodDir, indexDir, { recursive: true });
      await damage(indexDir);
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, INDEX_DIR: indexDir, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
      });
      try {
        const started = Date.now();
        // The index starts opening before the app is imported, so the failure can be logged before the
        // server listens: wait for both.
        while (!/semantic half .* failed to load/.test(stderr) || !stderr.includes('Serving')) {
          if (Date.now() - started > EXIT_TIMEOUT_MS || child.exitCode !== null)
            throw new Error(`no failure logged: ${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const failure = stderr.split('\n').find((line) => line.includes('failed to load')) ?? '';
        expect(failure).toMatch(reason);
        expect(failure).toContain('npm run index');
        expect(stderr).not.toMatch(/^\s+at /mu);
        const base = `http://127.0.0.1:${port}`;
        const health = (await (await fetch(`${base}/api/health`)).json()) as Record<string, unknown>;
        expect(health).toMatchObject({ status: 'degraded', semantic: 'failed' });
        expect(health.semanticError).toMatch(reason);
        const hybrid = await fetch(
          `${base}/api/search?${new URLSearchParams({ q: '知识产权', mode: 'hybrid' })}`,
        );
        expect(hybrid.status).toBe(503);
        expect(((await hybrid.json()) as { error: { code: string } }).error.code).toBe(
          'SEMANTIC_UNAVAILABLE',
        );
        const keyword = await fetch(
          `${base}/api/search?${new URLSearchParams({ q: '知识产权', mode: 'keyword' })}`,
        );
        expect(keyword.status).toBe(200);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
