/**
 * The one catalogue of error codes the API answers with. Every failure a client can cause maps to
 * a code here; the server turns an {@link HttpError} into `{"error":{"code","message"}}`.
 */

/** Error codes, each with the HTTP status it is served with. */
export const ERROR_STATUS = {
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
  INDEX_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

/** A machine-readable error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error a client should see, with its code and a message written for a person. */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
}

/** A query the parser cannot read (unbalanced quote, only operators…); served as 400 INVALID_QUERY. */
export class QuerySyntaxError extends HttpError {
  constructor(message: string) {
    super('INVALID_QUERY', message);
    this.name = 'QuerySyntaxError';
  }
}

/** An `index-data/` the server cannot use: missing, corrupted, or built by another version. */
export class IndexLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexLoadError';
  }
}

/** Work dropped because its client closed the connection, or was already answered (timed out): nobody to tell. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client is no longer waiting for this answer.');
    this.name = 'ClientGoneError';
  }
}
