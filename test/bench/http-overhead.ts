/**
 * What the HTTP request path costs on top of the search itself (issue 15, "a lean request path").
 * One child process opens the index and serves, on loopback:
 *  - the real application as `main.ts` serves it (`createApp` behind `createHttpServer`): the search
 *    on the lean path (src/server/lean-path.ts: no Express, helmet's and CORS's recorded headers,
 *    request timeout, Server-Timing, the bulk lane);
 *  - the same application with the lean path off (`leanPath: false`): every request through Express
 *    and the default middleware (helmet, CORS, rate limit with its loopback skip, request timeout,
 *    JSON body parser) — the request path before the lean one;
 *  - the same search route in a bare Express app (no middleware, plain `res.json`): what Express
 *    and the route cost before any middleware;
 *  - a bare `node:http` server answering a fixed 2-byte JSON body: the transport floor;
 *  - a bare `node:http` server answering, for each query, the very JSON body the real app sends for
 *    it (serialized once at start): the floor for moving a one-screen answer of 10–60 kB;
 *  - the route's own work with no framework: a bare `node:http` server that validates the query
 *    string with the route's `parseSearchParams`, searches and serializes — what the route would
 *    cost if Express (routing, `req`/`res` decoration, `res.send`) cost nothing.
 * The parent sends, for every query of the bench's fixed sample (keyword mode, one screen of 20):
 * one in-process search (timed inside the child around `searcher.search`, asked over IPC), then the
 * same search over HTTP to both apps, then one bare round trip — interleaved, in a rotating order,
 * so the paths share the machine's state. The HTTP client is `node:http` with one keep-alive socket.
 *
 *   flock /work/coord/heavy.lock npx tsx test/bench/http-overhead.ts /work/idx/tools-laws [--passes 5] [--label after]
 *
 * Prints the medians and p99 of each path and the gap between HTTP and in-process (the goal:
 * p50 gap ≤ 0.7 ms); with `--write` it also writes the `bench-http-overhead-<label>` section of
 * BENCHMARKS.md. `--cpu-prof` profiles the child (written to /tmp/http-overhead-prof).
 * `--one-process` runs client and servers in one process (see the comment where it is read).
 * `--before DIR` also forks the child of another checkout's copy of this bench (e.g. `/work/main`, run
 * from there with its own sources) and measures its seven paths too, the two checkouts taking turns
 * pass by pass (after, before; before, after; …): before and after in one run, each pass as this
 * bench alone runs it. The gap goal is read per checkout (its app − its own in-process search).
 * `--before-first` starts the other checkout's server process first (the first one started was often
 * the slower in A/A runs, on every path). (Alternating the two processes request by request was tried: every request then found its process
 * idle since the one before, and the gaps of both — the same code in an A/A run — rose by ≈ 0.3 ms.)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { parseSearchParams } from '../../src/contract/params.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { createBulkLane } from '../../src/server/bulk-lane.ts';
import { errorHandler } from '../../src/server/error-handler.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { searchRoutes } from '../../src/server/routes/search.ts';
import { machineLine, writeSection } from './benchmarks-file.ts';
import { sampleQueries } from './queries.ts';
import { type LatencySummary, summarizeLatency } from './stats.ts';

const LIMIT = 20;
const WARMUP_PASSES = 1;

/** What the child tells the parent once it serves. */
interface Ready {
  kind: 'ready';
  queries: string[];
  ports: {
    app: number;
    appExpress: number;
    bareExpress: number;
    bareNode: number;
    bareNodeBody: number;
    routeNoFramework: number;
  };
  paragraphs: number;
  builtAt: string;
}

/** The child's answer to one timed in-process search. */
interface Timed {
  kind: 'timed';
  ms: number;
}

/** The servers of one process, and its own in-process search. */
interface Served {
  ready: Ready;
  searchInProcess(query: string): Promise<number>;
  close(): Promise<void>;
}

async function serve(indexDir: string): Promise<Served> {
  const index = await openIndex(indexDir);
  const searcher = createSearcher(index, { resultCache: false });
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  };
  // The real app as `main.ts` builds it (default options: rate limit on, loopback skipped), minus the page.
  const app = createHttpServer(createApp(searcher, { logError: () => {} }));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const appExpress = createHttpServer(createApp(searcher, { logError: () => {}, leanPath: false }));
  await new Promise<void>((resolve) => appExpress.listen(0, '127.0.0.1', resolve));
  const bare = express();
  bare.use(searchRoutes(searcher, createBulkLane({ maxWaiting: 64, sliceMs: 5 })));
  bare.use(errorHandler(() => {}));
  const bareExpress = await listen(bare);
  const body = Buffer.from('{}');
  const bareNode = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  const queries = sampleQueries(index.corpus).map(({ query }) => query);
  // Each query's answer as the real app would send it, serialized before any timing starts.
  const bodies = new Map<string, Buffer>();
  for (const query of queries) {
    const answer = await searcher.search({ query, mode: 'keyword', limit: LIMIT, offset: 0, filters: {} });
    bodies.set(query, Buffer.from(JSON.stringify(answer)));
  }
  const bareNodeBody = await listen((req, res) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('q') ?? '';
    const answer = bodies.get(query) ?? body;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': answer.length,
    });
    res.end(answer);
  });
  const routeNoFramework = await listen((req, res) => {
    // The query string as Express's default parser gives it: a repeated key becomes an array.
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of new URL(req.url ?? '/', 'http://localhost').searchParams) {
      const seen = query[key];
      query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    void searcher.search(parseSearchParams(query, 'keyword')).then((answer) => {
      const json = Buffer.from(JSON.stringify(answer));
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': json.length,
      });
      res.end(json);
    });
  });
  const port = (server: { address(): unknown }) => (server.address() as AddressInfo).port;
  return {
    ready: {
      kind: 'ready',
      queries,
      ports: {
        app: port(app),
        appExpress: port(appExpress),
        bareExpress: port(bareExpress),
        bareNode: port(bareNode),
        bareNodeBody: port(bareNodeBody),
        routeNoFramework: port(routeNoFramework),
      },
      paragraphs: index.corpus.paragraphs.length,
      builtAt: index.manifest.builtAt,
    },
    async searchInProcess(query) {
      const started = performance.now();
      await searcher.search({ query, mode: 'keyword', limit: LIMIT, offset: 0, filters: {} });
      return performance.now() - started;
    },
    async close() {
      for (const server of [app, appExpress, bareExpress, bareNode, bareNodeBody, routeNoFramework])
        server.close();
      await index.close();
    },
  };
}

/** The server process: serves, answers timed in-process searches over IPC. */
async function child(indexDir: string): Promise<void> {
  const served = await serve(indexDir);
  process.on('message', async (message: { kind: 'search'; query: string } | { kind: 'exit' }) => {
    if (message.kind === 'exit') {
      await served.close();
      process.exit(0);
    }
    process.send?.({ kind: 'timed', ms: await served.searchInProcess(message.query) } satisfies Timed);
  });
  process.send?.(served.ready);
}

/** One GET on a kept-alive socket: milliseconds from sending to the last byte of the body (then checked to be JSON). */
function get(
  agent: Agent,
  port: number,
  pathAndQuery: string,
  retries = 1,
): Promise<{ ms: number; timing?: string; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: pathAndQuery, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new Error(`${pathAndQuery}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`));
          return;
        }
        // The clock stops at the last byte: parsing the body is the client's work, not the request path's.
        const ms = performance.now() - started;
        const text = Buffer.concat(chunks).toString('utf8');
        JSON.parse(text);
        const { date, 'server-timing': timing, 'content-length': _length, ...headers } = res.headers;
        // What must be the same before and after: the headers and body without their times.
        const answer = `${JSON.stringify(headers)}\n${text.replace(/"tookMs":[\d.e+-]+/, '"tookMs":0')}`;
        resolve({ ms, answer, ...(typeof timing === 'string' ? { timing } : {}) });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while idle (its keep-alive timeout, 5 s, runs out while
      // the other checkout takes its pass) may be reused in the moment it closes: the GET is sent again
      // on a fresh socket, timed from there.
      if (error.code === 'ECONNRESET' && retries > 0)
        get(agent, port, pathAndQuery, retries - 1).then(resolve, reject);
      else reject(error);
    });
    req.end();
  });
}

function nextMessage<T>(worker: ChildProcess): Promise<T> {
  return new Promise((resolve) => worker.once('message', (message) => resolve(message as T)));
}

/** The `total` duration of a Server-Timing header, when the server sends one. */
/** Every `name;…dur=x` entry of a Server-Timing header. */
function serverPhases(header: string | undefined): [string, number][] {
  return [...(header ?? '').matchAll(/(?:^|,)\s*([\w-]+)(?:;[^,]*?)?;\s*dur=([\d.]+)/g)].map((match) => [
    match[1] as string,
    Number(match[2]),
  ]);
}

function serverTotal(header: string | undefined): number | null {
  const match = header?.match(/(?:^|,)\s*total;(?:[^,]*;)?\s*dur=([\d.]+)/);
  return match ? Number(match[1]) : null;
}

/** One checkout's server process as the parent sees it. */
interface Side {
  readonly worker: ChildProcess | null;
  readonly local: Served | null;
  readonly ready: Ready;
  readonly agents: Record<Exclude<Path, 'inProcess'>, Agent>;
}

type Path =
  | 'inProcess'
  | 'app'
  | 'appExpress'
  | 'bareExpress'
  | 'bareNode'
  | 'bareNodeBody'
  | 'routeNoFramework';

const ALL_PATHS: readonly Path[] = [
  'inProcess',
  'app',
  'appExpress',
  'bareExpress',
  'bareNode',
  'bareNodeBody',
  'routeNoFramework',
];

/** The p50 of each pass's samples of a path. */
function passMedians(samples: readonly number[], passes: number): number[] {
  const perPass = samples.length / passes;
  return Array.from(
    { length: passes },
    (_, pass) => summarizeLatency(samples.slice(pass * perPass, (pass + 1) * perPass)).p50,
  );
}

async function parent(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      passes: { type: 'string', default: '5' },
      label: { type: 'string', default: 'now' },
      write: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'one-process': { type: 'boolean', default: false },
      before: { type: 'string' },
      'before-first': { type: 'boolean', default: false },
    },
  });
  const indexDir = path.resolve(positionals[0] ?? process.env.INDEX_DIR ?? 'index-data');
  const passes = Number(values.passes);
  const execArgv = ['--import', 'tsx'];
  if (values['cpu-prof']) execArgv.push('--cpu-prof', '--cpu-prof-dir=/tmp/http-overhead-prof');
  if (values['one-process'] && values.before)
    throw new Error('--before needs the servers in child processes (no --one-process)');
  const agentsOf = () => ({
    app: new Agent({ keepAlive: true, maxSockets: 1 }),
    appExpress: new Agent({ keepAlive: true, maxSockets: 1 }),
    bareExpress: new Agent({ keepAlive: true, maxSockets: 1 }),
    bareNode: new Agent({ keepAlive: true, maxSockets: 1 }),
    bareNodeBody: new Agent({ keepAlive: true, maxSockets: 1 }),
    routeNoFramework: new Agent({ keepAlive: true, maxSockets: 1 }),
  });
  /** This checkout's servers, or another checkout's (`root`: its own copy of this bench, run from there). */
  const startSide = async (root: string | null): Promise<Side> => {
    // --one-process: client and servers share one process and event loop. On a crowded machine this
    // spares each round trip two cross-process wake-ups, whose scheduling delay would swamp the figure.
    const local = root === null && values['one-process'] ? await serve(indexDir) : null;
    const worker = local
      ? null
      : fork(
          root === null ? import.meta.filename : path.join(root, 'test/bench/http-overhead.ts'),
          ['--child', indexDir],
          {
            execArgv,
            stdio: 'inherit',
            ...(root === null ? {} : { cwd: root }),
          },
        );
    const ready = local ? local.ready : await nextMessage<Ready>(worker as ChildProcess);
    return { worker, local, ready, agents: agentsOf() };
  };
  const beforeRoot = values.before ? path.resolve(values.before) : null;
  // Which server process starts first: in A/A runs the first one was often the slower on every path,
  // the same code on both sides, so runs are made both ways (`--before-first`).
  const beforeFirst = beforeRoot !== null && values['before-first'] ? await startSide(beforeRoot) : null;
  const after = await startSide(null);
  const before = beforeRoot === null ? null : (beforeFirst ?? (await startSide(beforeRoot)));
  if (before && before.ready.queries.join('\n') !== after.ready.queries.join('\n'))
    throw new Error('the two checkouts sample different queries');
  const sides = before
    ? ([
        ['after', after],
        ['before', before],
      ] as const)
    : ([['after', after]] as const);

  type Key = `${'after' | 'before'}:${Path}`;
  const samples = new Map<Key, number[]>();
  const serverTotals = { after: [] as number[], before: [] as number[] };
  /** Each query's first answer from each side's real app, headers and body without their times. */
  const appAnswers = { after: new Map<string, string>(), before: new Map<string, string>() };
  const phaseSamples = new Map<string, number[]>();
  const searchPath = (query: string) =>
    `/api/search?${new URLSearchParams({ q: query, mode: 'keyword', limit: String(LIMIT) })}`;
  const measure = async (
    which: 'after' | 'before',
    side: Side,
    what: Path,
    query: string,
  ): Promise<number> => {
    const { ready, agents } = side;
    switch (what) {
      case 'inProcess': {
        if (side.local) return side.local.searchInProcess(query);
        const answer = nextMessage<Timed>(side.worker as ChildProcess);
        side.worker?.send({ kind: 'search', query });
        return (await answer).ms;
      }
      case 'app': {
        const { ms, timing, answer } = await get(agents.app, ready.ports.app, searchPath(query));
        if (appAnswers[which].size < side.ready.queries.length) appAnswers[which].set(query, answer);
        const total = serverTotal(timing);
        if (total !== null) serverTotals[which].push(total);
        if (which === 'after')
          for (const [name, dur] of serverPhases(timing)) {
            const list = phaseSamples.get(name) ?? [];
            list.push(dur);
            phaseSamples.set(name, list);
          }
        return ms;
      }
      case 'bareNode':
        return (await get(agents.bareNode, ready.ports.bareNode, '/')).ms;
      default:
        return (await get(agents[what], ready.ports[what], searchPath(query))).ms;
    }
  };
  /**
   * One pass of one side: every query, its paths interleaved in a rotating order, as without
   * `--before`. With `--before` the sides take turns pass by pass (after, before; then before, after;
   * …), so each pass runs as a pass of this bench alone does — the other process idle — and both
   * sides see the same drift of the machine's load.
   */
  const runPass = async (which: 'after' | 'before', side: Side, keep: boolean) => {
    for (const [i, query] of side.ready.queries.entries()) {
      for (let k = 0; k < ALL_PATHS.length; k++) {
        const what = ALL_PATHS[(i + k) % ALL_PATHS.length] as Path;
        const ms = await measure(which, side, what, query);
        if (!keep) continue;
        const key: Key = `${which}:${what}`;
        const list = samples.get(key) ?? [];
        list.push(ms);
        samples.set(key, list);
      }
    }
    if (keep) passLoads[which].push(loadavg()[0] ?? Number.NaN);
  };
  /** The 1-minute load average at the end of each measured pass, by side. */
  const passLoads = { after: [] as number[], before: [] as number[] };
  for (let pass = 0; pass < WARMUP_PASSES; pass++)
    for (const [which, side] of sides) await runPass(which, side, false);
  serverTotals.after.length = 0;
  serverTotals.before.length = 0;
  phaseSamples.clear();
  for (let pass = 0; pass < passes; pass++) {
    const turn = pass % 2 === 0 ? sides : [...sides].reverse();
    for (const [which, side] of turn) await runPass(which, side, true);
  }
  for (const [, side] of sides) {
    side.worker?.send({ kind: 'exit' });
    await side.local?.close();
    for (const agent of Object.values(side.agents)) agent.destroy();
  }

  const summary = (key: Key) => summarizeLatency(samples.get(key) ?? []);
  const s = Object.fromEntries(ALL_PATHS.map((what) => [what, summary(`after:${what}`)])) as Record<
    Path,
    LatencySummary
  >;
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const row = (name: string, x: LatencySummary) =>
    `| ${name} | ${x.count.toLocaleString('en')} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${ms(x.mean)} |`;
  const serverTotalLine =
    serverTotals.after.length > 0
      ? `\nServer-Timing \`total\` of the real app (handler start → body serialized): p50 ${ms(summarizeLatency(serverTotals.after).p50)}, p99 ${ms(summarizeLatency(serverTotals.after).p99)}; its parts, mean (p50): ${[
          ...phaseSamples,
        ]
          .map(
            ([name, list]) =>
              `${name} ${ms(list.reduce((a, b) => a + b, 0) / list.length)} (p50 ${ms(summarizeLatency(list).p50)})`,
          )
          .join(', ')}.\n`
      : '';
  const gapsPerPass = (which: 'after' | 'before') => {
    const app = passMedians(samples.get(`${which}:app`) ?? [], passes);
    const inProcess = passMedians(samples.get(`${which}:inProcess`) ?? [], passes);
    return app.map((p50, pass) => ms(p50 - (inProcess[pass] ?? Number.NaN))).join(' / ');
  };
  const beforeSection = beforeRoot
    ? (() => {
        const b = Object.fromEntries(ALL_PATHS.map((what) => [what, summary(`before:${what}`)])) as Record<
          Path,
          LatencySummary
        >;
        const totalBefore =
          serverTotals.before.length > 0 ? ms(summarizeLatency(serverTotals.before).p50) : '—';
        const both = (name: string, what: Path) =>
          `| ${name} | ${ms(b[what].p50)} / ${ms(b[what].p99)} | ${ms(s[what].p50)} / ${ms(s[what].p99)} |`;
        const loads = (which: 'after' | 'before') =>
          passLoads[which].map((load) => load.toFixed(1)).join(' / ');
        return `
Before and after in one run (\`--before ${beforeRoot}\`: that checkout's own child process; the two sides take turns pass by pass, after/before then before/after, each pass as above):

| path (p50 / p99) | before (\`${beforeRoot}\`) | after (this checkout) |
|---|---:|---:|
${both('`searcher.search` in process', 'inProcess')}
${both('`GET /api/search`, the real app (lean path)', 'app')}
${both('`GET /api/search`, the real app through Express', 'appExpress')}
${both('the route alone in a bare Express app', 'bareExpress')}
${both('bare `node:http`, 2-byte body', 'bareNode')}
${both('bare `node:http`, the same JSON body', 'bareNodeBody')}
${both('the route on bare `node:http`', 'routeNoFramework')}
| **gap, real app − in process, p50** (goal ≤ 0.7 ms) | **${ms(b.app.p50 - b.inProcess.p50)}** | **${ms(s.app.p50 - s.inProcess.p50)}** |
| the gap's p50 in each pass | ${gapsPerPass('before')} | ${gapsPerPass('after')} |
| load average (1 min) at the end of each pass | ${loads('before')} | ${loads('after')} |
| answers of the real app (headers and body, times left out) that differ before and after | ${[...appAnswers.after].filter(([query, answer]) => appAnswers.before.get(query) !== answer).length} of ${appAnswers.after.size} | |
| Server-Timing \`total\`, p50 | ${totalBefore} | ${serverTotals.after.length > 0 ? ms(summarizeLatency(serverTotals.after).p50) : '—'} |
`;
      })()
    : '';
  const flags = `--passes ${passes}${values['one-process'] ? ' --one-process' : ''}${beforeRoot ? ` --before ${beforeRoot}` : ''}${beforeFirst ? ' --before-first' : ''}`;
  const where = values['one-process']
    ? 'client and servers in one process'
    : 'servers in a child process, client in the parent';
  const body = `### HTTP overhead, ${values.label} (\`npx tsx test/bench/http-overhead.ts ${indexDir} ${flags}\`)

${machineLine()}

Index: \`${indexDir}\` (${after.ready.paragraphs.toLocaleString('en')} paragraphs, built ${after.ready.builtAt}). ${after.ready.queries.length} queries (the bench's fixed sample), keyword mode, limit ${LIMIT}; ${passes} passes after ${WARMUP_PASSES} warm-up, the ${ALL_PATHS.length} paths interleaved per query; ${where}.

| path | requests | p50 | p95 | p99 | mean |
|---|---|---|---|---|---|
${row('`searcher.search` in process (timed in the server process)', s.inProcess)}
${row('`GET /api/search`, the real app (`createApp` + `createHttpServer`: the lean path)', s.app)}
${row('`GET /api/search`, the real app with the lean path off (every request through Express)', s.appExpress)}
${row('`GET /api/search`, the route alone in a bare Express app', s.bareExpress)}
${row('bare `node:http` round trip (2-byte body)', s.bareNode)}
${row('bare `node:http` round trip with the same JSON body as the real app', s.bareNodeBody)}
${row('the route on bare `node:http` (validate, search, serialize; no Express)', s.routeNoFramework)}

Gap real app − in process: p50 **${ms(s.app.p50 - s.inProcess.p50)}** (each pass: ${gapsPerPass('after')}, load at each pass's end ${passLoads.after.map((load) => load.toFixed(1)).join(' / ')}; through Express: ${ms(s.appExpress.p50 - s.inProcess.p50)}), p99 ${ms(s.app.p99 - s.inProcess.p99)} (through Express: ${ms(s.appExpress.p99 - s.inProcess.p99)}); the middleware (app through Express − bare Express): p50 ${ms(s.appExpress.p50 - s.bareExpress.p50)}. Moving the same body over a bare \`node:http\` server costs p50 ${ms(s.bareNodeBody.p50)}; the real app spends p50 ${ms(s.app.p50 - s.bareNodeBody.p50 - s.inProcess.p50)} beyond the search and that transport. With no framework at all (the route on bare \`node:http\`) the gap would be p50 ${ms(s.routeNoFramework.p50 - s.inProcess.p50)}: Express's own share is p50 ${ms(s.bareExpress.p50 - s.routeNoFramework.p50)}.
${serverTotalLine}${beforeSection}`;
  console.log(body);
  if (values.write) await writeSection(`bench-http-overhead-${values.label}`, body);
}

if (process.argv[2] === '--child') await child(path.resolve(process.argv[3] ?? 'index-data'));
else await parent();
