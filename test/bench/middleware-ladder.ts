/**
 * The cost of each middleware of the app alone, on top of the bare search route: one Express app per
 * variant (the route alone; without ETags; with helmet, CORS, the rate limiter with its loopback
 * `skip`, the request timeout, the JSON body parser, three more routers, each as the library runs
 * per request), plus the real `createApp` with its lean path (src/server/lean-path.ts) and without
 * it (`leanPath: false`, every request through Express), all on loopback in this process, every query of the
 * bench's sample asked of every variant in a rotating order. p25 and p50 per variant, in ms.
 *
 *   flock /work/coord/heavy.lock npx tsx test/bench/middleware-ladder.ts INDEX_DIR [passes]
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import cors from 'cors';
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp, HELMET_OPTIONS } from '../../src/server/app.ts';
import { createBulkLane } from '../../src/server/bulk-lane.ts';
import { errorHandler } from '../../src/server/error-handler.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { requestTimeout } from '../../src/server/request-timeout.ts';
import { documentRoutes } from '../../src/server/routes/documents.ts';
import { healthRoutes } from '../../src/server/routes/health.ts';
import { paragraphRoutes } from '../../src/server/routes/paragraphs.ts';
import { searchRoutes } from '../../src/server/routes/search.ts';
import { sampleQueries } from './queries.ts';
import { percentile } from './stats.ts';

const index = await openIndex(process.argv[2] ?? 'index-data');
const searcher = createSearcher(index, { resultCache: false });
const lane = createBulkLane({ maxWaiting: 64, sliceMs: 5 });
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const H = helmet(HELMET_OPTIONS);
function bare(setup: (app: Express) => void, noEtag = false): Express {
  const app = express();
  if (noEtag) app.set('etag', false);
  setup(app);
  app.use(searchRoutes(searcher, lane));
  app.use(errorHandler(() => {}));
  return app;
}
const variants: Record<string, Express> = {
  bare: bare(() => {}),
  noEtag: bare(() => {}, true),
  helmet: bare((a) => a.use(H)),
  cors: bare((a) => a.use('/api', cors({ methods: ['GET', 'HEAD'] }))),
  rate: bare((a) =>
    a.use(
      ['/api', '/mcp'],
      rateLimit({
        windowMs: 60000,
        limit: 600,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        skip: (req) => LOOPBACK.has(req.ip ?? ''),
      }),
    ),
  ),
  timeout: bare((a) => a.use('/api', requestTimeout(10000))),
  json: bare((a) => a.use(express.json({ limit: '10kb' }))),
  routers: bare((a) => {
    a.use(healthRoutes(searcher));
    a.use(documentRoutes(searcher));
    a.use(paragraphRoutes(searcher));
  }),
  full: createApp(searcher, { logError: () => {} }),
  // The same app with every request through Express: the ladder's top rung before the lean path.
  fullExpress: createApp(searcher, { logError: () => {}, leanPath: false }),
};
const ports: Record<string, number> = {};
for (const [name, app] of Object.entries(variants)) {
  const server = createHttpServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ports[name] = (server.address() as AddressInfo).port;
}
const agents = Object.fromEntries(
  Object.keys(variants).map((n) => [n, new Agent({ keepAlive: true, maxSockets: 1 })]),
);
function get(name: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request({ host: '127.0.0.1', port: ports[name], path, agent: agents[name] }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(performance.now() - t));
    });
    req.on('error', reject);
    req.end();
  });
}
const queries = sampleQueries(index.corpus).map(
  (q) => `/api/search?${new URLSearchParams({ q: q.query, mode: 'keyword', limit: '20' })}`,
);
const names = Object.keys(variants);
const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
const passes = Number(process.argv[3] ?? 4);
for (let pass = 0; pass <= passes; pass++)
  for (const [i, q] of queries.entries())
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length] as string;
      const ms = await get(n, q);
      if (pass > 0) samples[n]?.push(ms);
    }
for (const [n, sample] of Object.entries(samples)) {
  const at = (p: number) => percentile(sample, p).toFixed(3);
  console.log(n.padEnd(8), 'p50', at(50), 'p25', at(25), 'p90', at(90));
}
process.exit(0);
