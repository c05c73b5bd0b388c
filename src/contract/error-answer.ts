/**
 * What a client is told when a request fails — the status and the `{error: {code, message}}` body —
 * with no web framework in it: the HTTP server, the MCP tools and the CLI answer from here.
 */
import { type ErrorCode, SearchError } from '../errors.ts';

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

/** The JSON body of every error answer (a type alias: MCP's structured content wants an index signature). */
export type ErrorBody = { error: { code: ErrorCode; message: string } };

/** The error body for `code` and `message`. */
export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * The status and JSON body an error is answered with: the one mapping of errors to what a client
 * sees, shared by the HTTP API (src/server/error-handler.ts) and the MCP tools (src/mcp/tool-result.ts).
 */
export function describeError(error: unknown): [number, ErrorBody] {
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
