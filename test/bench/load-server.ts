/**
 * What the load tests share: a server entry started on loopback over an index, request pools drawn
 * from the documents it lists, a weighted request mix, one autocannon run, and the server's RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { seededRandom } from '../../src/seeded-random.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../../src/types.ts';
import { type SampledQuery, sampleQueries } from './queries.ts';

/** Documents whose paragraphs seed the query mix: enough for a few hundred distinct queries. */
const SAMPLE_DOCUMENTS = 80;

/** How to start a server: under tsx from the sources (the default), or as `npm run serve` does. */
export type ServerLaunch = 'tsx' | 'npm-run-serve';

/**
 * The node flags of the checkout's `npm run serve` script (package.json), so the bench runs the
 * server with whatever V8 flags the script gives it.
 */
async function npmRunServeFlags(root: string): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(`${root}/package.json`, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const flags = /\bnode((?: --[\w-]+(?:=\S+)?)*) scripts\/run\.mjs src\/server\/main\.ts/u.exec(
    scripts?.serve ?? '',
  );
  if (!flags) throw new Error(`${root}: no "serve" script that runs scripts/run.mjs src/server/main.ts`);
  return flags[1]?.trim().split(' ').filter(Boolean) ?? [];
}

/**
 * Starts the server entry of the checkout at `root` on loopback over `indexDir` with no rate limit
 * (plus `env`); resolves once it is serving. `launch: 'npm-run-serve'` runs it as `npm run serve`
 * does (compiled JavaScript, the script's V8 flags and GLIBC_TUNABLES) for the memory it would hold.
 */
export async function startServer(
  port: number,
  options: {
    root: string;
    indexDir: string;
    env?: NodeJS.ProcessEnv;
    launch?: ServerLaunch;
    /** Node/V8 flags after the launch's own (so they override them). */
    nodeArgs?: string[];
  },
): Promise<ChildProcess> {
  const served = options.launch === 'npm-run-serve';
  const [flags, entry] = served
    ? [await npmRunServeFlags(options.root), ['scripts/run.mjs', 'src/server/main.ts']]
    : [['--import', 'tsx'], ['src/server/main.ts']];
  const args = [...flags, ...(options.nodeArgs ?? []), ...entry];
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    env: {
      ...process.env,
      ...(served ? { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } : {}),
      ...options.env,
      INDEX_DIR: options.indexDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT: '0',
    },
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
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

/** GET `path` as JSON; throws on a non-2xx answer. */
export async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`${path} → ${response.status}`);
  return (await response.json()) as T;
}

/** Request paths of each kind, drawn from documents the server itself lists. */
export interface RequestPools {
  keyword: string[];
  hybrid: string[];
  timeline: string[];
  document: string[];
  paragraph: string[];
  heavy: string[];
}

/** How large a sample {@link requestPools} draws: documents, and queries of each kind. */
export interface PoolSize {
  documents: number;
  queries?: Readonly<Record<SampledQuery['kind'], number>>;
}

/** Request paths of each kind, from documents the server lists (80 documents, ≈ 360 queries by default). */
export async function requestPools(
  base: string,
  size: PoolSize = { documents: SAMPLE_DOCUMENTS },
): Promise<RequestPools> {
  const { documents } = await getJson<{ documents: DocumentMeta[] }>(base, '/api/documents');
  const step = Math.max(1, Math.floor(documents.length / size.documents));
  const picked = documents.filter((_, i) => i % step === 0).slice(0, size.documents);
  const corpus: Corpus = { documents: picked, paragraphs: [] };
  for (const doc of picked) {
    const full = await getJson<{ paragraphs: Paragraph[] }>(
      base,
      `/api/documents/${encodeURIComponent(doc.id)}`,
    );
    corpus.paragraphs.push(...full.paragraphs.map((p) => ({ ...p, docId: doc.id })));
  }
  const queries = sampleQueries(corpus, size.queries).map((q) => encodeURIComponent(q.query));
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
export function mix(parts: [string[], number][], length: number): { method: 'GET'; path: string }[] {
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

/** One autocannon run's figures (latency in ms). */
export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Requests autocannon sends: fixed paths walked in a loop, or one request whose path a generator sets. */
export type LoadRequests = { method: 'GET'; path: string }[] | autocannon.Request[];

/** Runs `requests` in a loop on `connections` connections for `seconds`. */
export async function cannon(
  url: string,
  requests: LoadRequests,
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

/** Bytes as whole megabytes. */
export const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

/**
 * The one-screen mix: what a researcher's page asks most — per 8 requests 4 keyword and 2 hybrid
 * searches (default limit 20, one screen), 1 document and 1 paragraph page; no bulk-lane work.
 */
export function oneScreenMix(pools: RequestPools): { method: 'GET'; path: string }[] {
  return mix(
    [
      [pools.keyword, 4],
      [pools.hybrid, 2],
      [pools.document, 1],
      [pools.paragraph, 1],
    ],
    2_000,
  );
}

/** How many distinct queries the users workload draws on (each asked in keyword and hybrid mode). */
export const USERS_POOL_SIZE: PoolSize = {
  documents: 400,
  queries: { word: 1_200, substring: 1_200, 'two-words': 600 },
};

/** The Zipf exponent of the users workload: query logs' popularity is close to 1/rank. */
export const USERS_ZIPF_EXPONENT = 1;

/**
 * The users workload: the one-screen mix's kinds in the same proportions (4 keyword, 2 hybrid,
 * 1 document, 1 paragraph per 8), but each request drawn at random as it is sent, the query of a
 * search by a Zipf popularity over the pool's queries. Connections do not walk one list in
 * lockstep, and a search repeats as often as its popularity makes it, not as the list's order does.
 */
export function usersMix(pools: RequestPools, seed = 20_261_202): autocannon.Request[] {
  const random = seededRandom(seed);
  // `keyword` and `hybrid` hold the same queries in the same order; popularity ranks are a seeded
  // shuffle of them, so the sample's order does not decide what is popular.
  const byRank = Array.from({ length: pools.keyword.length }, (_, i) => i);
  for (let i = byRank.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [byRank[i], byRank[j]] = [byRank[j] as number, byRank[i] as number];
  }
  const cumulative = new Float64Array(byRank.length);
  let sum = 0;
  for (let rank = 0; rank < byRank.length; rank++) {
    sum += 1 / (rank + 1) ** USERS_ZIPF_EXPONENT;
    cumulative[rank] = sum;
  }
  const popularQuery = (): number => {
    const target = random() * sum;
    let low = 0;
    let high = byRank.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return byRank[low] as number;
  };
  const any = (pool: string[]) => pool[Math.floor(random() * pool.length)] as string;
  const nextPath = (): string => {
    const slot = Math.floor(random() * 8);
    if (slot < 4) return pools.keyword[popularQuery()] as string;
    if (slot < 6) return pools.hybrid[popularQuery()] as string;
    return slot === 6 ? any(pools.document) : any(pools.paragraph);
  };
  return [{ method: 'GET', path: '/', setupRequest: (request) => ({ ...request, path: nextPath() }) }];
}

/** A named load: how its request pools are drawn, and the requests made of them. */
export interface Workload {
  pools(base: string): Promise<RequestPools>;
  requests(pools: RequestPools): LoadRequests;
}

/**
 * The load benches' workloads: `lockstep`, the one-screen mix as one list every connection walks
 * in the same order (32 connections ask the same search within milliseconds — what single flight
 * and the result cache are best at), and `users` ({@link usersMix}).
 */
export const WORKLOADS: Readonly<Record<string, Workload>> = {
  lockstep: { pools: (base) => requestPools(base), requests: oneScreenMix },
  users: { pools: (base) => requestPools(base, USERS_POOL_SIZE), requests: (pools) => usersMix(pools) },
};

/** The workload named `name`; throws, naming the choices, for an unknown one. */
export function workloadNamed(name: string): Workload {
  const workload = WORKLOADS[name];
  if (!workload) throw new Error(`--workload: one of ${Object.keys(WORKLOADS).join(', ')}`);
  return workload;
}
