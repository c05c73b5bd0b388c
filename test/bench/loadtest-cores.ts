/**
 * Issue 15 "both cores", side by side in one run: the one-screen mix (`oneScreenMix`) at 32
 * connections against the server of a baseline checkout (e.g. main before the semantic worker) and
 * against this checkout's server with the result cache off and on, one after the other over the
 * same index; with `--before CHECKOUT`, that checkout's server too (e.g. main before this branch).
 * This checkout's server is started as `npm run serve` starts it (compiled, the script's V8 flags),
 * `--before`'s the same way (it must have `scripts/run.mjs`), the baseline's under tsx from its
 * sources. Per server: time to "Serving", requests/s, p50/p99, errors, RSS after the run.
 * `--rounds n` runs the servers in turn n times; `--cache on|off` runs this checkout (and `--before`)
 * with the result cache on or off only.
 *
 *   flock /work/coord/heavy.lock npx tsx test/bench/loadtest-cores.ts --index DIR [--base DIR_OF_BASELINE_CHECKOUT] [--base-index DIR] [--before CHECKOUT] [--seconds 30] [--workload lockstep|users] [--keyword-threads 0,1] [--cache both|on|off] [--rounds 1] [--print]
 *
 * `--workload lockstep` (the default) is the one-screen mix as a list every connection walks in
 * the same order, so 32 connections ask the same search within milliseconds of each other — what
 * single flight and the result cache are best at. `--workload users` draws each request as it is
 * sent, the queries by Zipf popularity over ≈ 3,000 queries (`usersMix`): repeats only as often as
 * popularity makes them. The table gives each server's share of searches answered without computing
 * (cached or joined, from `/api/health`).
 *
 * `--keyword-threads 0,1` runs this checkout with each `KEYWORD_THREADS` count, cache off then on
 * (the counts interleaved within each), instead of with the server's default only. Writes the `cores`
 * section of BENCHMARKS.md (`cores-users` for the users workload) unless `--print` (then only prints the table).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../helpers/server-process.ts';
import { machineLine, sampleLoadAverage, writeSection } from './benchmarks-file.ts';
import {
  cannon,
  getJson,
  type LoadFigures,
  mb,
  rssOf,
  type ServerLaunch,
  startServer,
  USERS_POOL_SIZE,
  workloadNamed,
} from './load-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTIONS = 32;
const { values } = parseArgs({
  options: {
    index: { type: 'string' },
    base: { type: 'string' },
    /** The baseline's own copy of the same corpus, when it reads an older index format. */
    'base-index': { type: 'string' },
    seconds: { type: 'string', default: '30' },
    /** Another checkout to run over `--index` (tsx), between the baseline and this one. */
    before: { type: 'string' },
    workload: { type: 'string', default: 'lockstep' },
    /** Comma-separated KEYWORD_THREADS counts to run this checkout with (default: its own default only). */
    'keyword-threads': { type: 'string' },
    /** Print the table without writing BENCHMARKS.md. */
    print: { type: 'boolean', default: false },
    /** This checkout's result cache: `both` (off, then on), `on` or `off`. */
    cache: { type: 'string', default: 'both' },
    /** Rounds of the servers in turn (the runs' order repeated): side-by-side figures with their spread. */
    rounds: { type: 'string', default: '1' },
  },
});
const workload = workloadNamed(values.workload ?? 'lockstep');
if (!['both', 'on', 'off'].includes(values.cache ?? '')) {
  throw new Error(`--cache is both, on or off, not ${values.cache}`);
}
if (!values.index) {
  throw new Error('usage: loadtest-cores.ts --index INDEX_DIR [--base BASELINE_CHECKOUT] [--seconds 30]');
}
const threadCounts = values['keyword-threads']?.split(',').map((count) => count.trim()) ?? [null];
const indexDir = resolve(values.index);
const baseIndexDir = resolve(values['base-index'] ?? values.index);
const seconds = Number(values.seconds);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface ServerRun {
  name: string;
  root: string;
  indexDir: string;
  env: NodeJS.ProcessEnv;
  launch: ServerLaunch;
}

interface ServerFigures extends LoadFigures {
  startupS: number;
  rssStart: number;
  rssAfter: number;
  /** Searches of the measured run answered from the cache or by joining one in flight; null when the cache is off. */
  notComputed: number | null;
}

interface CacheCounts {
  hits: number;
  misses: number;
  joined: number;
}

async function cacheCounts(base: string): Promise<CacheCounts | null> {
  const health = await getJson<{ cache?: CacheCounts }>(base, '/api/health');
  return health.cache ?? null;
}

async function measure(run: ServerRun): Promise<ServerFigures> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const server = await startServer(port, {
    root: run.root,
    indexDir: run.indexDir,
    env: run.env,
    launch: run.launch,
  });
  const startupS = (performance.now() - started) / 1000;
  try {
    const pid = server.pid ?? 0;
    const rssStart = await rssOf(pid);
    const requests = workload.requests(await workload.pools(base));
    log(
      `${run.name}: up in ${startupS.toFixed(1)} s, RSS ${mb(rssStart)}; warm-up, then ${seconds} s at ${CONNECTIONS} connections…`,
    );
    await cannon(base, requests, 8, 3);
    const before = await cacheCounts(base);
    const figures = await cannon(base, requests, CONNECTIONS, seconds);
    const after = await cacheCounts(base);
    const notComputed =
      before && after
        ? (after.hits + after.joined - before.hits - before.joined) /
          Math.max(1, after.hits + after.joined + after.misses - before.hits - before.joined - before.misses)
        : null;
    return { ...figures, startupS, rssStart, rssAfter: await rssOf(pid), notComputed };
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
}

const runs: ServerRun[] = [
  ...(values.base
    ? [
        {
          name: `baseline (${values.base})`,
          root: resolve(values.base),
          indexDir: baseIndexDir,
          env: {},
          launch: 'tsx' as const,
        },
      ]
    : []),
  ...(values.before
    ? [
        {
          name: `before (${values.before}), npm run serve`,
          root: resolve(values.before),
          indexDir,
          // Started as this checkout is (compiled, its script's V8 flags), so the two differ by their code only.
          env: values.cache === 'off' ? { RESULT_CACHE: '0' } : {},
          launch: 'npm-run-serve' as const,
        },
      ]
    : []),
  ...(values.cache === 'on'
    ? [null]
    : values.cache === 'off'
      ? ['0' as const]
      : (['0', null] as const)
  ).flatMap((cache) =>
    threadCounts.map((threads) => ({
      name: `this checkout, npm run serve, result cache ${cache === '0' ? 'off' : 'on'}${threads === null ? '' : `, KEYWORD_THREADS=${threads}`}`,
      root: ROOT,
      indexDir,
      env: {
        ...(cache === null ? {} : { RESULT_CACHE: cache }),
        ...(threads === null ? {} : { KEYWORD_THREADS: threads }),
      },
      launch: 'npm-run-serve' as const,
    })),
  ),
];
const meanLoad = sampleLoadAverage();
const results: [ServerRun, ServerFigures][] = [];
const rounds = Number(values.rounds);
for (let round = 1; round <= rounds; round++) {
  for (const run of runs) {
    const named = rounds > 1 ? { ...run, name: `${run.name} (round ${round})` } : run;
    results.push([named, await measure(named)]);
  }
}

const users = values.workload === 'users';
const workloadLine = users
  ? `${seconds} s of the users workload (per 8 requests on average: 4 keyword and 2 hybrid searches, 1 document, 1 paragraph page, each drawn as it is sent; the query of a search by Zipf popularity, exponent 1, over ${USERS_POOL_SIZE.queries ? Object.values(USERS_POOL_SIZE.queries).reduce((a, b) => a + b, 0) : 0} queries sampled from ${USERS_POOL_SIZE.documents} documents)`
  : `${seconds} s of the one-screen mix (per 8 requests: 4 keyword and 2 hybrid searches, 1 document, 1 paragraph page; queries from the bench's seeded sampler, one list every connection walks in the same order)`;
const share = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(0)} %`);
const body = [
  users
    ? '## Both cores: users workload at 32 connections (`test/bench/loadtest-cores.ts --workload users`)'
    : '## Both cores: one-screen mix at 32 connections (`test/bench/loadtest-cores.ts`)',
  '',
  `${machineLine()} · mean load average during the run ${meanLoad().toFixed(1)} · servers and autocannon share the machine`,
  '',
  `Index \`${indexDir}\`${baseIndexDir === indexDir ? '' : ` (baseline: \`${baseIndexDir}\`, the same corpus in its format)`}; each server started in turn from its checkout (this one and \`--before\` as \`npm run serve\` starts it: compiled, its V8 flags; a baseline under tsx)${rounds > 1 ? `, the servers in turn for ${rounds} rounds` : ''}, warmed up 3 s, then ${workloadLine}. Latency in ms; RSS of the server process (its worker threads included) after the run; "not computed": searches of the measured run answered from the result cache or by joining the same search in flight (\`/api/health\`'s counts).`,
  '',
  '| server | ready s | req/s | p50 ms | p99 ms | requests | errors | non-2xx | not computed | RSS at start | RSS after |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    ([run, f]) =>
      `| ${run.name} | ${f.startupS.toFixed(1)} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50.toFixed(0)} | ${f.p99.toFixed(0)} | ${f.total} | ${f.errors} | ${f.non2xx} | ${share(f.notComputed)} | ${mb(f.rssStart)} | ${mb(f.rssAfter)} |`,
  ),
].join('\n');
process.stdout.write(`${body}\n`);
if (!values.print) {
  await writeSection(users ? 'cores-users' : 'cores', body);
  log('written to BENCHMARKS.md');
}
