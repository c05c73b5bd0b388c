/**
 * `npm run loadtest`: autocannon against the real server on loopback over the laws-corpus index.
 *
 * 1. 30 s at 50 connections of a mix: keyword, hybrid and timeline searches, document and paragraph
 *    pages — requests per second, p50/p99 latency, errors (must be 0), server RSS before and after.
 * 2. Cheap requests (keyword top 10, paragraph pages) alone, then again while heavy ones (semantic and
 *    hybrid with limit=100, timelines) run alongside: the p99 of the cheap ones in both.
 * 3. The one-screen mix (`oneScreenMix`: keyword and hybrid searches, document and paragraph pages)
 *    at 32 connections: the issue-15 "both cores" figure.
 *
 * The index is built first when missing or stale (`npm run index -- --if-stale`). Environment:
 * LOADTEST_INDEX (index folder, default a temp folder), LAWS_DIR, LOADTEST_SECONDS (default 30),
 * LOADTEST_CACHE=off (serve with the result cache off: every request computed).
 */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER } from '../../src/config.ts';
import { freePort } from '../helpers/server-process.ts';
import { machineLine, sampleLoadAverage, writeSection } from './benchmarks-file.ts';
import { LAWS_DIR } from './laws-corpus.ts';
import {
  cannon,
  getJson,
  type LoadFigures,
  mb,
  mix,
  oneScreenMix,
  requestPools,
  rssOf,
  startServer,
} from './load-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const INDEX_DIR = resolve(process.env.LOADTEST_INDEX ?? join(tmpdir(), 'policy-search-laws-index'));
const SECONDS = Number(process.env.LOADTEST_SECONDS ?? 30);
const CONNECTIONS = 50;
/** The one-screen phase's connections (issue 15: requests/s at 32 connections). */
const ONE_SCREEN_CONNECTIONS = 32;
const CACHE_OFF = process.env.LOADTEST_CACHE === 'off';
/** The server's environment beyond index, port and rate limit. */
const SERVER_ENV: NodeJS.ProcessEnv = CACHE_OFF ? { RESULT_CACHE: '0' } : {};
/** The interference phases are shorter: they compare two runs, not the steady state. */
const INTERFERENCE_SECONDS = Math.max(5, Math.round(SECONDS / 2));

const log = (line: string) => process.stderr.write(`${line}\n`);

function run(command: string[], env: NodeJS.ProcessEnv = {}): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...command], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', done);
  });
}

async function main(): Promise<void> {
  log(`index: ${INDEX_DIR} (building from ${LAWS_DIR} if missing or stale)`);
  const built = await run([
    'indexer/main.ts',
    '--input',
    LAWS_DIR,
    '--out',
    INDEX_DIR,
    '--embedder',
    'corpus',
    '--if-stale',
    '--quiet',
  ]);
  if (built !== 0) throw new Error(`the indexer failed (${built})`);

  const meanLoad = sampleLoadAverage();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const server = await startServer(port, { root: ROOT, indexDir: INDEX_DIR, env: SERVER_ENV });
  const startupMs = performance.now() - started;
  const pid = server.pid ?? 0;
  try {
    const pools = await requestPools(base);
    const health = await getJson<{ documents?: number; paragraphs?: number; embedder?: unknown }>(
      base,
      '/api/health',
    );
    const rssStart = await rssOf(pid);
    log(`server up in ${(startupMs / 1000).toFixed(1)} s, RSS ${mb(rssStart)}; warm-up…`);
    const mixed = mix(
      [
        [pools.keyword, 4],
        [pools.hybrid, 2],
        [pools.timeline, 2],
        [pools.document, 1],
        [pools.paragraph, 1],
      ],
      2_000,
    );
    await cannon(base, mixed, 10, 3);
    const rssBefore = await rssOf(pid);
    log(`mixed load: ${SECONDS} s at ${CONNECTIONS} connections…`);
    const load = await cannon(base, mixed, CONNECTIONS, SECONDS);
    const rssAfter = await rssOf(pid);

    const cheap = mix(
      [
        [pools.keyword.map((p) => `${p}&limit=10`), 3],
        [pools.paragraph, 1],
      ],
      1_000,
    );
    const heavy = mix([[pools.heavy, 1]], 1_000);
    log(`cheap alone: ${INTERFERENCE_SECONDS} s…`);
    const cheapAlone = await cannon(base, cheap, 10, INTERFERENCE_SECONDS);
    log(`cheap beside heavy: ${INTERFERENCE_SECONDS} s…`);
    const [cheapBeside, heavyBeside] = await Promise.all([
      cannon(base, cheap, 10, INTERFERENCE_SECONDS),
      cannon(base, heavy, 10, INTERFERENCE_SECONDS),
    ]);
    log(`one-screen mix: ${SECONDS} s at ${ONE_SCREEN_CONNECTIONS} connections…`);
    const oneScreen = await cannon(base, oneScreenMix(pools), ONE_SCREEN_CONNECTIONS, SECONDS);
    const rssEnd = await rssOf(pid);

    const row = (name: string, f: LoadFigures) =>
      `| ${name} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50.toFixed(0)} | ${f.p99.toFixed(0)} | ${f.total} | ${f.errors} | ${f.timeouts} | ${f.non2xx} |`;
    const body = [
      '## Load (`npm run loadtest`)',
      '',
      `${machineLine()} · mean load average during the run ${meanLoad().toFixed(1)} · server and autocannon share the machine`,
      '',
      `Server: \`src/server/main.ts\` on 127.0.0.1 over the index of \`${LAWS_DIR}\` (${health.documents} documents, ${health.paragraphs} paragraphs, corpus embedder), rate limit off, result cache ${CACHE_OFF ? 'off' : 'on'}; started in ${(startupMs / 1000).toFixed(1)} s. Queries drawn by the bench's seeded sampler from ${pools.document.length} documents the server lists.`,
      `Mix (per 10 requests): 4 keyword searches, 2 hybrid searches, 2 keyword timelines, 1 document, 1 paragraph (default limit 20). Latency in ms.`,
      `Timelines, exports and pages over 20 hits take turns in the bulk lane (\`src/server/bulk-lane.ts\`, ${SERVER.bulkSliceMs} ms slices): the mixed run's p99 is mostly timelines waiting their turn behind 40 connections of one-screen requests.`,
      '',
      '| run | req/s | p50 ms | p99 ms | requests | errors | timeouts | non-2xx |',
      '|---|---|---|---|---|---|---|---|',
      row(`mixed, ${CONNECTIONS} connections, ${SECONDS} s`, load),
      row(`cheap alone (keyword top 10, paragraph), 10 conn., ${INTERFERENCE_SECONDS} s`, cheapAlone),
      row(`cheap beside heavy, 10 conn., ${INTERFERENCE_SECONDS} s`, cheapBeside),
      row(`heavy (semantic/hybrid limit=100, hybrid timeline), 10 conn.`, heavyBeside),
      row(
        `one-screen mix (4 keyword, 2 hybrid, 1 document, 1 paragraph), ${ONE_SCREEN_CONNECTIONS} conn., ${SECONDS} s`,
        oneScreen,
      ),
      '',
      `Server RSS: ${mb(rssStart)} at start, ${mb(rssBefore)} after warm-up, ${mb(rssAfter)} after the ${SECONDS} s run, ${mb(rssEnd)} at the end.`,
      `Cheap-request p99 alone vs beside heavy requests: ${cheapAlone.p99.toFixed(0)} ms → ${cheapBeside.p99.toFixed(0)} ms.`,
    ].join('\n');
    process.stdout.write(`${body}\n`);
    await writeSection('loadtest', body);
    log('written to BENCHMARKS.md');
    const failures = [load, cheapAlone, cheapBeside, heavyBeside, oneScreen].reduce(
      (n, f) => n + f.errors + f.non2xx,
      0,
    );
    if (failures > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
