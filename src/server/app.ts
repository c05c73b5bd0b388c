/**
 * The Express application: security headers, CORS, rate limit, timeout, the API routes, the page
 * and one JSON error handler. `createApp` takes a searcher and listens nowhere, so tests call it on
 * an ephemeral port and `main.ts` owns the real one. Beside it `createApp` makes the app's lean path
 * (lean-path.ts: the read-only JSON routes on `node:http`, with the same lane, headers and time
 * limit), which `createHttpServer` serves before handing a request to Express.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { SERVER } from '../config.ts';
import { SearchError } from '../errors.ts';
import type { Searcher } from '../search/searcher.ts';
import { createBulkLane } from './bulk-lane.ts';
import { apiNotFound, errorHandler, sendError } from './error-handler.ts';
import { createLeanPath, type LeanPath } from './lean-path.ts';
import { leanRateLimit } from './lean-rate-limit.ts';
import { leanRoutes } from './lean-routes.ts';
import { requestTimeout } from './request-timeout.ts';
import { apiDocsRoutes } from './routes/api-docs.ts';
import { compareRoutes } from './routes/compare.ts';
import { documentRoutes } from './routes/documents.ts';
import { exportRoutes } from './routes/export.ts';
import { healthRoutes } from './routes/health.ts';
import { mcpRoutes } from './routes/mcp.ts';
import { paragraphRoutes } from './routes/paragraphs.ts';
import { searchRoutes } from './routes/search.ts';
import { suggestRoutes } from './routes/suggest.ts';
import { timelineRoutes } from './routes/timeline.ts';
import { markRequestStart } from './server-timing.ts';
import { applyHeaders, flatHeaderList, type RecordedHeaders, recordHeaders } from './static-headers.ts';

/** Options of {@link createApp}; every field has a default from `SERVER` in config. */
export interface AppOptions {
  /** Folder served at `/` (the web page); none when omitted. */
  publicDir?: string;
  /** Per-client request budget, or false for none. */
  rateLimit?: { windowMs: number; limit: number; skipLoopback: boolean } | false;
  /** Answer 503 after this many milliseconds. */
  requestTimeoutMs?: number;
  /** Bulk requests (timelines, exports, long pages) that may wait for their turn before 503 BUSY. */
  bulkMaxWaiting?: number;
  /** Base URL of the page for citation links of MCP tools; the request's own host when omitted. */
  publicUrl?: string;
  /** Where unexpected (500) errors are reported. */
  logError?: (error: unknown) => void;
  /**
   * Serve the read-only JSON routes on the lean path (lean-path.ts) when the app is served by
   * `createHttpServer` (default true); false sends every request through Express (the tests compare both).
   */
  leanPath?: boolean;
}

/** Browser builds of libraries the page loads, by URL path; served with the page so it works offline. */
const VENDOR_FILES: Record<string, string> = {
  '/vendor/diff.js': path.join(
    path.dirname(createRequire(import.meta.url).resolve('diff/package.json')),
    'dist/diff.js',
  ),
};

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Security headers: a same-origin-only Content-Security-Policy, and helmet's other defaults. */
export const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      fontSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
};

/**
 * CORS for GET and HEAD: a preflight goes through `cors` itself; every other request gets the
 * headers `cors` gives a simple GET (they do not depend on the request: any origin is allowed),
 * recorded once.
 */
function apiCors(full: RequestHandler, recorded: RecordedHeaders): RequestHandler {
  const simple = applyHeaders(recorded);
  return (req, res, next) => (req.method === 'OPTIONS' ? full(req, res, next) : simple(req, res, next));
}

const leanPaths = new WeakMap<Express, LeanPath>();

/** The lean path {@link createApp} made for `app` (none with `leanPath: false`): `createHttpServer` serves it first. */
export function leanPathOf(app: Express): LeanPath | undefined {
  return leanPaths.get(app);
}

/** The application for `searcher`. */
export function createApp(searcher: Searcher, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // First, so the Server-Timing `total` of an answer covers the middleware below.
  app.use(markRequestStart);
  // API answers are made per request: an ETag would hash every body (10–60 kB) for a 304 that
  // saves no work. Static files keep theirs (express.static sets its own).
  app.set('etag', false);
  // helmet's headers never vary here: recorded once from helmet itself, copied onto each response.
  const helmetHeaders = recordHeaders(helmet(HELMET_OPTIONS));
  app.use(applyHeaders(helmetHeaders));
  const corsMiddleware = cors({ methods: ['GET', 'HEAD'] });
  const corsHeaders = recordHeaders(corsMiddleware, 'GET');
  app.use('/api', apiCors(corsMiddleware, corsHeaders));
  const limits = options.rateLimit ?? SERVER.rateLimit;
  // One limiter, and so one store, for Express and the lean path (lean-rate-limit.ts).
  const limiter = limits
    ? rateLimit({
        windowMs: limits.windowMs,
        limit: limits.limit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        // The lean path's stand-in response records this answer (`status` and `json`) and sends it itself.
        handler: (_req, res) => {
          sendError(res, new SearchError('RATE_LIMITED', 'Too many requests; wait a moment and try again.'));
        },
      })
    : undefined;
  // Whether the limiter counts a client, by its address: one rule for Express and the lean path.
  // Loopback, when skipped, skips the limiter outright rather than through its (async) `skip`.
  const skipsLoopback = limits !== false && limits.skipLoopback;
  const counted = (address: string | undefined) => !skipsLoopback || !LOOPBACK.has(address ?? '');
  if (limiter) {
    app.use(['/api', '/mcp'], (req, res, next) => (counted(req.ip) ? limiter(req, res, next) : next()));
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? SERVER.requestTimeoutMs;
  app.use('/api', requestTimeout(requestTimeoutMs));
  app.use(express.json({ limit: SERVER.bodyLimit }));
  const lane = createBulkLane({
    maxWaiting: options.bulkMaxWaiting ?? SERVER.bulkMaxWaiting,
    sliceMs: SERVER.bulkSliceMs,
  });
  for (const routes of [
    healthRoutes,
    documentRoutes,
    paragraphRoutes,
    searchRoutes,
    timelineRoutes,
    exportRoutes,
    suggestRoutes,
    compareRoutes,
  ]) {
    app.use(routes(searcher, lane));
  }
  app.use(apiDocsRoutes());
  app.use(mcpRoutes(searcher, lane, options.publicUrl));
  app.use('/api', apiNotFound);
  if (options.publicDir) {
    for (const [urlPath, file] of Object.entries(VENDOR_FILES)) {
      app.get(urlPath, (_req, res, next) => {
        res.sendFile(file, (error) => {
          if (error) next(error);
        });
      });
    }
    app.use(express.static(options.publicDir, { index: 'index.html' }));
  }
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  app.use(errorHandler(logError));
  if (options.leanPath ?? true) {
    leanPaths.set(
      app,
      createLeanPath({
        routes: leanRoutes(searcher, lane),
        headers: flatHeaderList(helmetHeaders, corsHeaders),
        requestTimeoutMs,
        // The same limiter instance and store as Express's: one count per client for both ways in.
        // Loopback is told by the socket's address, which is Express's `req.ip` as the app trusts no proxy.
        rateLimit: limiter ? { counts: counted, check: leanRateLimit(app, limiter) } : undefined,
        logError,
      }),
    );
  }
  return app;
}
