import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ClientGoneError, type ErrorCode, SearchError } from '../errors.ts';

/** The HTTP status each error code is served with: the only place codes meet HTTP. */
const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_PARAMETER: 400,
  INVALID_QUERY: 400,
  QUERY_TOO_LONG: 400,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  TIMEOUT: 503,
  BUSY: 503,
  SEMANTIC_LOADING: 503,
  SEMANTIC_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The HTTP status an error code is served with. */
export function statusOf(code: ErrorCode): number {
  return STATUS_OF[code];
}

/** The JSON body of every error answer. */
function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

/** Answers `error` with its code's status and the JSON error body. */
export function sendError(res: Response, error: SearchError): void {
  res.status(statusOf(error.code)).json(errorBody(error.code, error.message));
}

/** The JSON 404 for any `/api/*` path no route answered. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', 'No such API endpoint.'));
};

/**
 * The one error handler: a {@link SearchError} is served with its code's status; errors from Express's own
 * parsing (a malformed URI, a body too large or unreadable) become the matching 4xx; anything else
 * is a 500 whose details go to `log`, never to the client. Always JSON, never a stack trace.
 */
export function errorHandler(log: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    // Already answered (e.g. by the request timeout) or abandoned: the failure has no one left to tell.
    if (res.headersSent || error instanceof ClientGoneError) return;
    const [status, body] = describeError(error);
    // A SearchError is an answer the server chose (BUSY, TIMEOUT); anything else is a fault to look into.
    if (status >= 500 && !(error instanceof SearchError)) log(error);
    res.status(status).json(body);
  };
}

/**
 * The status and JSON body an error is answered with: the one mapping of errors to what a client
 * sees, shared by the HTTP API and the MCP tools (src/mcp/tool-result.ts).
 */
export function describeError(error: unknown): [number, ReturnType<typeof errorBody>] {
  if (error instanceof SearchError) return [statusOf(error.code), errorBody(error.code, error.message)];
  const status =
    typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (error instanceof URIError)
    return [400, errorBody('BAD_REQUEST', 'The request path is not a valid URI.')];
  if (status === 413 || type === 'entity.too.large') {
    return [413, errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large.')];
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return [
      status === 404 ? 404 : 400,
      errorBody(status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', 'The request could not be read.'),
    ];
  }
  return [500, errorBody('INTERNAL', 'Something went wrong on the server.')];
}
