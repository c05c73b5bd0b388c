import type { RequestHandler } from 'express';
import { SearchError } from '../errors.ts';
import { sendError } from './error-handler.ts';

/**
 * Answers 503 TIMEOUT when a request has not been answered within `ms`, so a slow search cannot hold a
 * client forever. The work itself is not interrupted (it runs to completion; its late answer is dropped).
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      sendError(res, new SearchError('TIMEOUT', `The request took longer than ${ms} ms.`));
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
