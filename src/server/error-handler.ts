/** The Express side of errors: answering with {@link describeError}'s status and body, and the one error handler. */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { describeError, errorBody, statusOf } from '../contract/error-answer.ts';
import { ClientGoneError, SearchError } from '../errors.ts';

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
