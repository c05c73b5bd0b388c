/**
 * The lean request path: the read-only JSON routes a person waits on (a search above all) answered
 * straight on `node:http`, in front of the Express app. Over the laws index Express's routing, its
 * request/response decoration, the middleware chain and `res.send` cost more than the rest of the
 * request path together (BENCHMARKS.md, "Issue 15 part 3: a lean request path"); here a request is
 * one lookup of its path (a map for fixed paths; for `/api/paragraphs/:id` and the like the matcher
 * Express's router is built on, path-to-regexp), `querystring.parse` (Express's own "simple" query
 * parser) when the route reads the parsed query (a search whose query string was seen before is
 * looked up by it instead: search-params-memo.ts), the route's answer function (the very one its Express route calls) and one `writeHead`
 * with a ready header list, then the serialized body's pieces, which leave in one `writev` (no copy
 * of the body into one buffer).
 *
 * The answers are the Express app's, byte for byte and header for header (test/server/lean-path.test.ts):
 * helmet's and CORS's recorded headers, the request time limit, `Server-Timing`, the JSON error body
 * for bad input. Whatever would make Express answer differently goes to Express untouched: another
 * method or path (a trailing slash, other letter case, a percent-encoded path: Express decodes path
 * parameters and answers a malformed escape with its own 400), a request with a body,
 * a conditional request (`If-None-Match`) and a URL Express would parse another way (`#`).
 *
 * A request the rate limiter counts (a client not on loopback, while a limit is set) is checked by the
 * Express app's own limiter instance and store first (lean-rate-limit.ts): one count per client for
 * both ways in, the same `RateLimit` headers on the answer, the same 429. An uncounted request (loopback)
 * does no limiter work at all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ParsedUrlQuery, parse as parseQueryString } from 'node:querystring';
import { type MatchFunction, match } from 'path-to-regexp';
import { describeError, errorBody } from '../contract/error-answer.ts';
import { ClientGoneError, SearchError } from '../errors.ts';
import type { LeanRateLimit } from './lean-rate-limit.ts';
import { type RequestTiming, serializeTimedParts, timingSince } from './server-timing.ts';

/** What a lean route reads of a request: as Express's `req.query` and `req.params` would hold them. */
export interface LeanRequest {
  /** The query string as sent (the URL after `?`, '' without one). */
  readonly queryString: string;
  /** The query string parsed (on first read: a route that looks its parameters up by `queryString` may never need it). */
  readonly query: ParsedUrlQuery;
  readonly params: Readonly<Record<string, string>>;
}

/** A {@link LeanRequest} that parses its query string when first asked for it. */
class ParsedOnDemand implements LeanRequest {
  #query: ParsedUrlQuery | undefined;
  constructor(
    readonly queryString: string,
    readonly params: Readonly<Record<string, string>>,
  ) {}
  get query(): ParsedUrlQuery {
    this.#query ??= parseQueryString(this.queryString);
    return this.#query;
  }
}

/** A read-only JSON route of the lean path. */
export interface LeanRoute {
  /** Whether the answer carries `Server-Timing` and is serialized as its Express route does it (sendTimedJson). */
  readonly timed: boolean;
  /** The answer to a request; a thrown {@link SearchError} is answered with its status. */
  answer(request: LeanRequest, res: ServerResponse, timing: RequestTiming): unknown;
}

/** What {@link createLeanPath} serves, and how. */
export interface LeanPathOptions {
  /** The routes, by Express path (`/api/search`, `/api/paragraphs/:id`). */
  readonly routes: ReadonlyMap<string, LeanRoute>;
  /** Headers of every answer, before `Server-Timing` and the content headers (helmet's and CORS's, recorded). */
  readonly headers: readonly (string | string[])[];
  /** Answer 503 TIMEOUT after this many milliseconds, as the Express app's request timeout does. */
  readonly requestTimeoutMs: number;
  /** The rate limit, when one is set: which client addresses it counts, and the check of a counted request. */
  readonly rateLimit?: { counts(address: string | undefined): boolean; readonly check: LeanRateLimit };
  /** Where unexpected (500) errors are reported. */
  logError(error: unknown): void;
}

/** The lean path in front of an Express app. */
export interface LeanPath {
  /** Answers `req` and returns true when it is a lean route's request; returns false, touching nothing, otherwise. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const NO_HEADERS: readonly (string | string[])[] = Object.freeze([]);

/** The route of `path` and its parameters, or null: fixed paths by lookup, the others by their matchers. */
function routeFinder(routes: ReadonlyMap<string, LeanRoute>) {
  const fixed = new Map<string, LeanRoute>();
  const patterns: { matches: MatchFunction<Record<string, string>>; route: LeanRoute }[] = [];
  for (const [path, route] of routes) {
    if (!path.includes(':')) fixed.set(path, route);
    // The exact path only (letter case, no trailing slash); parameters are taken as written, since a
    // path with a percent escape never comes here.
    else patterns.push({ matches: match(path, { sensitive: true, trailing: false, decode: false }), route });
  }
  return (path: string): { route: LeanRoute; params: Readonly<Record<string, string>> } | null => {
    const route = fixed.get(path);
    if (route) return { route, params: NO_PARAMS };
    if (path.includes('%')) return null;
    for (const { matches, route } of patterns) {
      const found = matches(path);
      if (found) return { route, params: found.params };
    }
    return null;
  };
}

/** The lean path over `options.routes`. */
export function createLeanPath(options: LeanPathOptions): LeanPath {
  const { headers, requestTimeoutMs, rateLimit, logError } = options;
  const find = routeFinder(options.routes);
  const timeoutBody = Buffer.from(
    JSON.stringify(errorBody('TIMEOUT', `The request took longer than ${requestTimeoutMs} ms.`)),
  );

  /**
   * One `writeHead`, then the body's pieces (json-body.ts) written as they are and `end`: Node corks the
   * socket from the first write to `end`, so head and pieces leave in one `writev` with no copy of the
   * body into one buffer first. Content-Length is set, so there is no chunked encoding.
   */
  const send = (
    res: ServerResponse,
    status: number,
    body: Buffer | readonly Buffer[],
    limitHeaders: readonly (string | string[])[],
    serverTiming?: string,
  ): void => {
    const parts = Buffer.isBuffer(body) ? [body] : body;
    let length = 0;
    for (const part of parts) length += part.length;
    const list = limitHeaders.length === 0 ? headers.slice() : headers.concat(limitHeaders);
    if (serverTiming !== undefined) list.push('Server-Timing', serverTiming);
    list.push('Content-Type', JSON_TYPE, 'Content-Length', String(length));
    res.writeHead(status, list);
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) res.write(parts[i]);
    res.end(parts[last]);
  };

  const answerTimeout = (res: ServerResponse, limitHeaders: readonly (string | string[])[]): void => {
    if (!res.headersSent) send(res, 503, timeoutBody, limitHeaders);
  };

  /** A failure answered as the Express error handler answers it. */
  const answerError = (res: ServerResponse, error: unknown, limitHeaders: readonly (string | string[])[]) => {
    // Nobody to answer, or already answered (timed out).
    if (res.headersSent || error instanceof ClientGoneError) return;
    const [status, body] = describeError(error);
    if (status >= 500 && !(error instanceof SearchError)) logError(error);
    send(res, status, Buffer.from(JSON.stringify(body)), limitHeaders);
  };

  const answer = async (
    route: LeanRoute,
    request: LeanRequest,
    counted: IncomingMessage | null,
    res: ServerResponse,
    requestStarted: number,
  ): Promise<void> => {
    let limitHeaders = NO_HEADERS;
    // As in Express, the limiter runs before the request's time limit starts.
    if (counted !== null && rateLimit !== undefined) {
      try {
        const verdict = await rateLimit.check(counted, res);
        if (verdict.refusal !== undefined) {
          const { status, body } = verdict.refusal;
          if (!res.headersSent) send(res, status, Buffer.from(JSON.stringify(body)), verdict.headers);
          return;
        }
        limitHeaders = verdict.headers;
      } catch (error) {
        answerError(res, error, NO_HEADERS);
        return;
      }
    }
    const timer = setTimeout(answerTimeout, requestTimeoutMs, res, limitHeaders);
    timer.unref();
    try {
      const timing = timingSince(requestStarted);
      const body = await route.answer(request, res, timing);
      // Answered already: the request ran past its time limit, and its late answer is dropped.
      if (res.headersSent) return;
      if (route.timed) {
        const { parts, serverTiming } = serializeTimedParts(body, timing);
        send(res, 200, parts, limitHeaders, serverTiming);
      } else {
        send(res, 200, Buffer.from(JSON.stringify(body)), limitHeaders);
      }
    } catch (error) {
      answerError(res, error, limitHeaders);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    serve(req, res) {
      const requestStarted = performance.now();
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const url = req.url ?? '';
      const mark = url.indexOf('?');
      const found = find(mark === -1 ? url : url.slice(0, mark));
      if (found === null || url.includes('#')) return false;
      const { headers: sent } = req;
      // Express would read a body, or answer a conditional request with 304 (`If-None-Match: *`).
      if (sent['content-length'] !== undefined || sent['transfer-encoding'] !== undefined) return false;
      if (sent['if-none-match'] !== undefined) return false;
      const counted = rateLimit?.counts(req.socket.remoteAddress) ? req : null;
      const request = new ParsedOnDemand(mark === -1 ? '' : url.slice(mark + 1), found.params);
      void answer(found.route, request, counted, res, requestStarted);
      return true;
    },
  };
}
