/**
 * The `Server-Timing` header (W3C Server Timing) of search, timeline and export answers: where the
 * server's time went, as browser devtools and API clients read it — e.g.
 * `middleware;desc="…";dur=0.041, params;dur=0.012, parse;dur=0.050, keyword;dur=0.230, …, total;dur=0.912`.
 * Durations are in milliseconds, the parts rounded down and `total` up to the microsecond, so the
 * parts never add up to more than `total`. `total` runs from the request reaching the app (the first
 * middleware, {@link markRequestStart}, or the lean path's dispatch, lean-path.ts) to its body being
 * serialized; what Node and the network do before and after is the client's to see.
 */
import type { ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { PHASE_DESCRIPTIONS, SEARCH_PHASES, type SearchTiming } from '../search/search-timing.ts';
import type { BulkLane } from './bulk-lane.ts';
import { jsonBody, jsonBodyParts } from './json-body.ts';

/** Work of a route around the searcher's own phases. */
export type RoutePhase = 'params' | 'lane' | 'timeline' | 'export' | 'serialize';

const ROUTE_DESCRIPTIONS: Readonly<Record<RoutePhase, string>> = {
  params: 'validate the parameters',
  lane: 'wait for the bulk lane',
  timeline: 'build the timeline',
  export: 'rank and cite every row',
  serialize: 'serialize the body',
};

/** Where a route's time goes: its own phases, the search's, and when the route and the request began. */
export interface RequestTiming {
  /** Handed to the searcher, which adds its phases (parse, keyword, …). */
  readonly search: SearchTiming;
  readonly route: Map<RoutePhase, number>;
  /** When the request reached the app, and when the route began (performance.now() ms). */
  readonly requestStarted: number;
  readonly routeStarted: number;
}

const REQUEST_STARTED = 'requestStartedAt';

/** First middleware of the app: notes when a request arrived, so `total` covers the middleware too. */
export const markRequestStart: RequestHandler = (_req, res, next) => {
  res.locals[REQUEST_STARTED] = performance.now();
  next();
};

/** A timing for the route now answering `res`. */
export function startRequestTiming(res: Response): RequestTiming {
  const requestStarted = res.locals[REQUEST_STARTED];
  return timingSince(typeof requestStarted === 'number' ? requestStarted : undefined);
}

/** A timing for a route starting now, of a request that reached the server at `requestStarted` (now when omitted). */
export function timingSince(requestStarted?: number): RequestTiming {
  const routeStarted = performance.now();
  return {
    search: { phases: new Map() },
    route: new Map(),
    requestStarted: requestStarted ?? routeStarted,
    routeStarted,
  };
}

/** Runs `work`, adding its duration to the route phase `phase`. */
export function timeRoute<T>(timing: RequestTiming, phase: RoutePhase, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    addRoutePhase(timing, phase, performance.now() - started);
  }
}

/** {@link timeRoute} for asynchronous work: the phase lasts until its promise settles. */
export async function timeRouteAsync<T>(
  timing: RequestTiming,
  phase: RoutePhase,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    addRoutePhase(timing, phase, performance.now() - started);
  }
}

/** Runs `job` in the bulk lane, its wait for its turn timed as `lane`. */
export function runInLane<T>(
  lane: BulkLane,
  res: ServerResponse,
  timing: RequestTiming,
  job: () => Promise<T>,
): Promise<T> {
  const queued = performance.now();
  return lane.run(() => {
    addRoutePhase(timing, 'lane', performance.now() - queued);
    return job();
  }, res);
}

function addRoutePhase(timing: RequestTiming, phase: RoutePhase, ms: number): void {
  timing.route.set(phase, (timing.route.get(phase) ?? 0) + ms);
}

/**
 * Sends `body` as JSON with its Server-Timing header. Serializing is done here, so its time is part
 * of the header (Express's `res.json` would serialize after the header was set); a cached answer's
 * hits and facets are not serialized again (json-body.ts).
 */
export function sendTimedJson(res: Response, body: unknown, timing: RequestTiming): void {
  const { json, serverTiming } = serializeTimed(body, timing);
  res.setHeader('Server-Timing', serverTiming);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.send(json);
}

/** `body` serialized (timed as `serialize`) and the Server-Timing header value that then closes `timing`. */
export function serializeTimed(body: unknown, timing: RequestTiming): { json: Buffer; serverTiming: string } {
  const json = timeRoute(timing, 'serialize', () => jsonBody(body));
  return { json, serverTiming: serverTimingOf(timing) };
}

/** {@link serializeTimed} for a writer that sends the body's pieces as they are (json-body.ts, {@link jsonBodyParts}). */
export function serializeTimedParts(
  body: unknown,
  timing: RequestTiming,
): { parts: Buffer[]; serverTiming: string } {
  const parts = timeRoute(timing, 'serialize', () => jsonBodyParts(body));
  return { parts, serverTiming: serverTimingOf(timing) };
}

/** Sends a text body already made (CSV) with its Server-Timing header. */
export function sendTimedText(res: Response, text: string, timing: RequestTiming): void {
  res.setHeader('Server-Timing', serverTimingOf(timing));
  res.send(text);
}

/** The header value for `timing`, `total` measured now. */
export function serverTimingOf(timing: RequestTiming): string {
  const now = performance.now();
  const entries: string[] = [entry('middleware', timing.routeStarted - timing.requestStarted)];
  const routePhase = (phase: RoutePhase) => {
    const ms = timing.route.get(phase);
    if (ms !== undefined) entries.push(entry(phase, ms));
  };
  routePhase('params');
  routePhase('lane');
  for (const phase of SEARCH_PHASES) {
    const ms = timing.search.phases.get(phase);
    if (ms !== undefined) entries.push(entry(phase, ms));
  }
  routePhase('timeline');
  routePhase('export');
  routePhase('serialize');
  entries.push(`total;dur=${(Math.ceil((now - timing.requestStarted) * 1000) / 1000).toFixed(3)}`);
  return entries.join(', ');
}

/** Each metric's `name;desc="…"`, made once (descriptions hold no comma: many clients split the header on commas). */
const PREFIXES = new Map<string, string>(
  [
    ['middleware', 'headers + CORS + rate limit + timeout + routing'] as const,
    ...Object.entries(ROUTE_DESCRIPTIONS),
    ...Object.entries(PHASE_DESCRIPTIONS),
  ].map(([name, desc]) => [name, `${name};desc="${desc.replace(/["\\]/g, '\\$&')}"`]),
);

function entry(name: string, ms: number): string {
  return `${PREFIXES.get(name) ?? name};dur=${(Math.floor(Math.max(0, ms) * 1000) / 1000).toFixed(3)}`;
}
