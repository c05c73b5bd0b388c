/**
 * Header sets computed once. helmet rebuilds its header values (the whole Content-Security-Policy
 * string among them) on every request through a chain of a dozen small middlewares, and `cors`
 * resolves its options per request — for values that never change here. {@link recordHeaders} runs
 * such a middleware once against a stand-in request and response and keeps what it set, so each
 * request copies a ready list: the same headers, from the same libraries, without redoing the work.
 */
import type { Request, RequestHandler, Response } from 'express';

/** What a header-only middleware did to a response: headers set (in order) and headers removed. */
export interface RecordedHeaders {
  readonly set: ReadonlyArray<readonly [name: string, value: string | string[]]>;
  readonly removed: readonly string[];
}

/**
 * Runs `middleware` once on a stand-in request (`method`, no headers) and records the headers it
 * sets. Throws if it does anything but set headers and call `next()` synchronously — such a
 * middleware's answer depends on the request and must keep running per request.
 */
export function recordHeaders(middleware: RequestHandler, method = 'GET'): RecordedHeaders {
  const headers = new Map<string, { name: string; value: string | string[] }>();
  const removed: string[] = [];
  const request = { method, headers: {}, url: '/', originalUrl: '/' } as unknown as Request;
  const response = {
    setHeader(name: string, value: number | string | readonly string[]) {
      headers.set(name.toLowerCase(), {
        name,
        value: Array.isArray(value) ? [...value] : String(value),
      });
      return response;
    },
    getHeader: (name: string) => headers.get(name.toLowerCase())?.value,
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
      removed.push(name);
    },
  } as unknown as Response;
  let called = false;
  middleware(request, response, (error?: unknown) => {
    if (error) throw error;
    called = true;
  });
  if (!called) throw new Error('recordHeaders: the middleware did not call next() synchronously');
  return { set: [...headers.values()].map(({ name, value }) => [name, value] as const), removed };
}

/** A middleware that applies recorded headers to every response, then calls `next()`. */
export function applyHeaders({ set, removed }: RecordedHeaders): RequestHandler {
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/**
 * Recorded header sets as one flat `[name, value, name, value, …]` list for `res.writeHead`, in the
 * order and with the overrides that applying them one after the other with `setHeader` gives.
 */
export function flatHeaderList(...recorded: RecordedHeaders[]): (string | string[])[] {
  const headers = new Map<string, readonly [string, string | string[]]>();
  for (const { set, removed } of recorded) {
    for (const name of removed) headers.delete(name.toLowerCase());
    for (const [name, value] of set) {
      headers.set(name.toLowerCase(), [name, Array.isArray(value) ? [...value] : (value as string)]);
    }
  }
  return [...headers.values()].flat();
}
