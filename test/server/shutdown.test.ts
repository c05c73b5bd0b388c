/**
 * Graceful shutdown of the real server process: on SIGTERM a request already being served is
 * answered, idle keep-alive connections do not hold the process, and it exits 0.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedIndexDir } from '../helpers/seed-index.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';

/** Well under the server's own shutdown grace period, so exiting by that fallback timer fails the test. */
const PROMPT_EXIT_MS = 5_000;

let indexDir = '';
let running: ChildProcess | null = null;

/** Starts `src/server/main.ts` and resolves once it says it is serving. */
function startServer(): Promise<ServerProcess> {
  return spawnServer({
    indexDir,
    onSpawn: (child) => {
      running = child;
    },
  });
}

beforeAll(async () => {
  indexDir = await seedIndexDir();
});

afterEach(() => {
  if (running && running.exitCode === null) running.kill('SIGKILL');
  running = null;
});

describe('server shutdown on SIGTERM', () => {
  it('answers a request that is in flight, then exits 0', async () => {
    const { child, port, exited } = await startServer();
    // A request whose body is still arriving is in the server's hands (headers read, body parser
    // waiting) and cannot finish before SIGTERM does.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/search?q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"q":');
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end('"x"}'), 500);
      }, 300);
    });
    const started = performance.now();
    const response = await answer;
    expect(response.status).toBeLessThan(500);
    expect(JSON.parse(response.body)).toHaveProperty('error.code');
    expect(await exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(PROMPT_EXIT_MS);
  });

  it('is not held open by idle keep-alive connections', async () => {
    const { child, port, exited } = await startServer();
    const agent = new http.Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    const started = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(PROMPT_EXIT_MS);
    agent.destroy();
  });
});
