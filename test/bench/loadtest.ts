/**
 * `npm run loadtest`: autocannon against the real server on loopback over the laws-corpus index.
 *
 * 1. 30 s at 50 connections of a mix: keyword, hybrid and timeline searches, document and paragraph
 *    pages — requests per second, p50/p99 latency, errors (must be 0), server RSS before and after.
 * 2. Cheap requests (keyword top 10, paragraph pages) alone, then again while heavy ones (semantic and
 *    hybrid with limit=100, timelines) run alongside: the p99 of the cheap ones in both.
 *
 * The index is built first when missing or stale (`npm run index -- --if-stale`). Environment:
 * LOADTEST_INDEX (index folder, default a temp folder), LAWS_DIR, LOADTEST_SECONDS (default 30).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { SERVER } from '../../src/config.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../../src/types.ts';
import { machineLine, sampleLoadAverage, writeSection } from './benchmarks-file.ts';
import { LAWS_DIR } from './laws-corpus.ts';
import { sampleQueries } from './queries.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const INDEX_DIR = resolve(process.env.LOADTEST_INDEX ?? join(tmpdir(), 'policy-search-laws-index'));
const SECONDS = Number(process.env.LOADTEST_SECONDS ?? 30);
const CONNECTIONS = 50;
/** The interference phases are shorter: they compare two runs, not the steady state. */
const INTERFERENCE_SECONDS = Math.max(5, Math.round(SECONDS / 2));
/** Documents whose paragraphs seed the query mix: enough for a few hundred distinct queries. */
const SAMPLE_DOCUMENTS = 80;

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

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((ready) => probe.listen(0, '127.0.0.1', ready));
  const { port } = probe.address() as AddressInfo;
  await new Promise((closed) => probe.close(closed));
  return port;
}

/** Starts the server entry on loopback with no rate limit; resolves once it is serving. */
async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, INDEX_DIR, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT: '0' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  await new Promise<void>((ready, fail) => {
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('Serving')) ready();
    });
    child.on('exit', (code) => fail(new Error(`server exited (${code}): ${stderr}`)));
  });
  return child;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`${path} → ${response.status}`);
  return (await response.json()) as T;
}

/** Request paths of each kind, drawn from documents the server itself lists. */
interface RequestPools {
  keyword: string[];
  hybrid: string[];
  timeline: string[];
  document: string[];
  paragraph: string[];
  heavy: string[];
}

async function requestPools(base: string): Promise<RequestPools> {
  const { documents } = await getJson<{ documents: DocumentMeta[] }>(base, '/api/documents');
  const step = Math.max(1, Math.floor(documents.length / SAMPLE_DOCUMENTS));
  const picked = documents.filter((_, i) => i % step === 0).slice(0, SAMPLE_DOCUMENTS);
  const corpus: Corpus = { documents: picked, paragraphs: [] };
  for (const doc of picked) {
    const full = await getJson<{ paragraphs: Paragraph[] }>(
      base,
      `/api/documents/${encodeURIComponent(doc.id)}`,
    );
    corpus.paragraphs.push(...full.paragraphs.map((p) => ({ ...p, docId: doc.id })));
  }
  const queries = sampleQueries(corpus).map((q) => encodeURIComponent(q.query));
  const paragraphIds = corpus.paragraphs.map((p) => encodeURIComponent(p.id));
  return {
    keyword: queries.map((q) => `/api/search?mode=keyword&q=${q}`),
    hybrid: queries.map((q) => `/api/search?mode=hybrid&q=${q}`),
    timeline: queries.map((q) => `/api/timeline?mode=keyword&q=${q}`),
    document: picked.map((d) => `/api/documents/${encodeURIComponent(d.id)}`),
    paragraph: paragraphIds.slice(0, 300).map((id) => `/api/paragraphs/${id}`),
    heavy: queries.flatMap((q) => [
      `/api/search?mode=semantic&limit=100&q=${q}`,
      `/api/search?mode=hybrid&limit=100&q=${q}`,
      `/api/timeline?mode=hybrid&q=${q}`,
    ]),
  };
}

/** Interleaves pools by weight into one request sequence, which each connection walks in a loop. */
function mix(parts: [string[], number][], length: number): { method: 'GET'; path: string }[] {
  const out: { method: 'GET'; path: string }[] = [];
  const cursors = parts.map(() => 0);
  // One round of slots: each pool appears as often as its weight.
  const slots = parts.flatMap(([, weight], index) => Array.from({ length: weight }, () => index));
  for (let i = 0; out.length < length && slots.length > 0; i++) {
    const index = slots[i % slots.length] ?? 0;
    const pool = parts[index]?.[0] ?? [];
    const cursor = cursors[index] ?? 0;
    cursors[index] = cursor + 1;
    const path = pool[cursor % Math.max(1, pool.length)];
    if (path) out.push({ method: 'GET', path });
    else if (i > length * slots.length) break;
  }
  return out;
}

interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function cannon(
  url: string,
  requests: { method: 'GET'; path: string }[],
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const result = await autocannon({ url, connections, duration: seconds, requests, timeout: 30 });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

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
  const server = await startServer(port);
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
    const rssEnd = await rssOf(pid);

    const row = (name: string, f: LoadFigures) =>
      `| ${name} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50.toFixed(0)} | ${f.p99.toFixed(0)} | ${f.total} | ${f.errors} | ${f.timeouts} | ${f.non2xx} |`;
    const body = [
      '## Load (`npm run loadtest`)',
      '',
      `${machineLine()} · mean load average during the run ${meanLoad().toFixed(1)} · server and autocannon share the machine`,
      '',
      `Server: \`src/server/main.ts\` on 127.0.0.1 over the index of \`${LAWS_DIR}\` (${health.documents} documents, ${health.paragraphs} paragraphs, corpus embedder), rate limit off; started in ${(startupMs / 1000).toFixed(1)} s. Queries drawn by the bench's seeded sampler from ${pools.document.length} documents the server lists.`,
      `Mix (per 10 requests): 4 keyword searches, 2 hybrid searches, 2 keyword timelines, 1 document, 1 paragraph (default limit 20). Latency in ms.`,
      `Timelines, exports and pages over 20 hits take turns in the bulk lane (\`src/server/bulk-lane.ts\`, ${SERVER.bulkSliceMs} ms slices): the mixed run's p99 is mostly timelines waiting their turn behind 40 connections of one-screen requests.`,
      '',
      '| run | req/s | p50 ms | p99 ms | requests | errors | timeouts | non-2xx |',
      '|---|---|---|---|---|---|---|---|',
      row(`mixed, ${CONNECTIONS} connections, ${SECONDS} s`, load),
      row(`cheap alone (keyword top 10, paragraph), 10 conn., ${INTERFERENCE_SECONDS} s`, cheapAlone),
      row(`cheap beside heavy, 10 conn., ${INTERFERENCE_SECONDS} s`, cheapBeside),
      row(`heavy (semantic/hybrid limit=100, hybrid timeline), 10 conn.`, heavyBeside),
      '',
      `Server RSS: ${mb(rssStart)} at start, ${mb(rssBefore)} after warm-up, ${mb(rssAfter)} after the ${SECONDS} s run, ${mb(rssEnd)} at the end.`,
      `Cheap-request p99 alone vs beside heavy requests: ${cheapAlone.p99.toFixed(0)} ms → ${cheapBeside.p99.toFixed(0)} ms.`,
    ].join('\n');
    process.stdout.write(`${body}\n`);
    await writeSection('loadtest', body);
    log('written to BENCHMARKS.md');
    const failures = [load, cheapAlone, cheapBeside, heavyBeside].reduce(
      (n, f) => n + f.errors + f.non2xx,
      0,
    );
    if (failures > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
