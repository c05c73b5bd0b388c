/**
 * The Express app's rate limiter (express-rate-limit) run for a request of the lean path
 * (lean-path.ts), so a remote client is counted once in one store whichever way its requests come in,
 * and gets the same `RateLimit`/`RateLimit-Policy` headers and the same 429.
 *
 * The limiter is called as Express calls it, with stand-ins for Express's request and response. The
 * request is one of the app's own requests (`Object.create(app.request)`: `req.ip` is Express's getter,
 * which honours the app's `trust proxy` setting, and `req.app` is the app the limiter's checks read)
 * over the real headers and socket. The response records what the limiter does to a response: the
 * headers it sets (`setHeader`, Express's `append`) and, over the limit, the answer of the app's
 * handler, which answers with `res.status(…).json(…)` (error-handler.ts's `sendError`). The lean path
 * then writes those headers and that body itself, in one `writeHead`, as it writes every answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, RequestHandler, Response } from 'express';

/** What the rate limiter made of one request. */
export interface RateLimitVerdict {
  /** The headers the limiter set, as a flat `[name, value, …]` list in the order it set them. */
  readonly headers: (string | string[])[];
  /** Over the limit: the status and JSON body the limiter's handler answered with; absent when the request may go on. */
  readonly refusal?: { readonly status: number; readonly body: unknown };
}

/** Checks one lean-path request against `limiter`, the middleware the Express app `app` runs. */
export type LeanRateLimit = (req: IncomingMessage, res: ServerResponse) => Promise<RateLimitVerdict>;

/**
 * A check of lean-path requests against `limiter`, the very middleware instance `app` uses (so one
 * store counts both ways in). Rejects with the error the limiter passes to `next` (a store failure),
 * which the caller answers as Express's error handler would.
 */
export function leanRateLimit(app: Express, limiter: RequestHandler): LeanRateLimit {
  return (req, res) =>
    new Promise((resolve, reject) => {
      const request = Object.create(app.request, {
        method: { value: req.method, enumerable: true },
        url: { value: req.url, enumerable: true },
        originalUrl: { value: req.url, enumerable: true },
        headers: { value: req.headers, enumerable: true },
        socket: { value: req.socket, enumerable: true },
      }) as Request;
      // By lower-case name: setHeader replaces, append adds, as on a real response.
      const set = new Map<string, [name: string, value: string | string[]]>();
      let status = 200;
      const response = {
        get headersSent() {
          return res.headersSent;
        },
        get writableEnded() {
          return res.writableEnded;
        },
        setHeader(name: string, value: number | string | readonly string[]) {
          const text =
            typeof value === 'number' ? String(value) : typeof value === 'string' ? value : [...value];
          set.set(name.toLowerCase(), [name, text]);
          return response;
        },
        append(name: string, value: string | string[]) {
          const key = name.toLowerCase();
          const before = set.get(key);
          set.set(key, [name, before === undefined ? value : [before[1], value].flat()]);
          return response;
        },
        status(code: number) {
          status = code;
          return response;
        },
        json(body: unknown) {
          resolve({ headers: flatten(set), refusal: { status, body } });
          return response;
        },
      };
      limiter(request, response as unknown as Response, (error?: unknown) => {
        if (error !== undefined) reject(error);
        else resolve({ headers: flatten(set) });
      });
    });
}

/** Recorded headers as a flat `[name, value, …]` list for `writeHead`. */
function flatten(set: ReadonlyMap<string, [string, string | string[]]>): (string | string[])[] {
  return [...set.values()].flat();
}
