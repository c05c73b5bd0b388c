/**
 * The one catalogue of error codes, shared by the API, the CLI and any other front end. The core
 * throws a {@link SearchError} with a code and a message for a person; it knows nothing of HTTP.
 * Only `src/server/error-handler.ts` maps a code to a status and serves `{"error":{"code","message"}}`.
 */

/** Every machine-readable error code. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_PARAMETER',
  'INVALID_QUERY',
  'QUERY_TOO_LONG',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'HEADERS_TOO_LARGE',
  'RATE_LIMITED',
  'TIMEOUT',
  'BUSY',
  'SEMANTIC_LOADING',
  'SEMANTIC_UNAVAILABLE',
  'INTERNAL',
] as const;

/** A machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error the caller should see, with its code and a message written for a person. */
export class SearchError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'SearchError';
    this.code = code;
  }
}

/** A query the parser cannot read (unbalanced quote, only operators…): code INVALID_QUERY. */
export class QuerySyntaxError extends SearchError {
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
