/**
 * Issue 15 "both cores", side by side in one run: the one-screen mix (`oneScreenMix`) at 32
 * connections against the server of a baseline checkout (e.g. main before the semantic worker) and
 * against this checkout's server with the result cache off and on, one after the other over the
 * same index; with `--before CHECKOUT`, that checkout's server too (e.g. main before this branch).
 * This checkout's server is started as `npm run serve` starts it (compiled, the script's V8 flags);
 * the baseline and `--before` under tsx from their sources. Per server: time to "Serving",
 * requests/s, p50/p99, errors, RSS after the run.
 *
 *   flock /work/coord/heavy.lock npx tsx test/bench/loadtest-cores.ts --index DIR --base DIR_OF_BASELINE_CHECKOUT [--base-index DIR] [--before CHECKOUT] [--seconds 30]
 *
 * Writes the `cores` section of BENCHMARKS.md.
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
  oneScreenMix,
  requestPools,
  rssOf,
  type ServerLaunch,
  startServer,
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
  },
});
if (!values.index || !values.base) {
  throw new Error('usage: loadtest-cores.ts --index INDEX_DIR --base BASELINE_CHECKOUT [--seconds 30]');
}
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
    const requests = oneScreenMix(await requestPools(base));
    await getJson(base, '/api/health');
    log(
      `${run.name}: up in ${startupS.toFixed(1)} s, RSS ${mb(rssStart)}; warm-up, then ${seconds} s at ${CONNECTIONS} connections…`,
    );
    await cannon(base, requests, 8, 3);
    const figures = await cannon(base, requests, CONNECTIONS, seconds);
    return { ...figures, startupS, rssStart, rssAfter: await rssOf(pid) };
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
}

const runs: ServerRun[] = [
  {
    name: `baseline (${values.base})`,
    root: resolve(values.base),
    indexDir: baseIndexDir,
    env: {},
    launch: 'tsx',
  },
  ...(values.before
    ? [
        {
          name: `before (${values.before})`,
          root: resolve(values.before),
          indexDir,
          env: {},
          launch: 'tsx' as const,
        },
      ]
    : []),
  {
    name: 'this checkout, npm run serve, result cache off',
    root: ROOT,
    indexDir,
    env: { RESULT_CACHE: '0' },
    launch: 'npm-run-serve',
  },
  {
    name: 'this checkout, npm run serve, result cache on',
    root: ROOT,
    indexDir,
    env: {},
    launch: 'npm-run-serve',
  },
];
const meanLoad = sampleLoadAverage();
const results: [ServerRun, ServerFigures][] = [];
for (const run of runs) results.push([run, await measure(run)]);

const body = [
  '## Both cores: one-screen mix at 32 connections (`test/bench/loadtest-cores.ts`)',
  '',
  `${machineLine()} · mean load average during the run ${meanLoad().toFixed(1)} · servers and autocannon share the machine`,
  '',
  `Index \`${indexDir}\`${baseIndexDir === indexDir ? '' : ` (baseline: \`${baseIndexDir}\`, the same corpus in its format)`}; each server started in turn from its checkout (this one as \`npm run serve\` starts it: compiled, its V8 flags; the others under tsx), warmed up 3 s, then ${seconds} s of the one-screen mix (per 8 requests: 4 keyword and 2 hybrid searches, 1 document, 1 paragraph page; queries from the bench's seeded sampler). Latency in ms; RSS of the server process (its worker threads included) after the run.`,
  '',
  '| server | ready s | req/s | p50 ms | p99 ms | requests | errors | non-2xx | RSS at start | RSS after |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    ([run, f]) =>
      `| ${run.name} | ${f.startupS.toFixed(1)} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50.toFixed(0)} | ${f.p99.toFixed(0)} | ${f.total} | ${f.errors} | ${f.non2xx} | ${mb(f.rssStart)} | ${mb(f.rssAfter)} |`,
  ),
].join('\n');
process.stdout.write(`${body}\n`);
await writeSection('cores', body);
log('written to BENCHMARKS.md');
