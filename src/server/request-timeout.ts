import type { RequestHandler } from 'express';
import { HttpError } from '../errors.ts';

/**
 * Answers 503 TIMEOUT when a request has not been answered within `ms`, so a slow search cannot hold a
 * client forever. The work itself is not interrupted (it runs to completion; its late answer is dropped).
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const error = new HttpError('TIMEOUT', `The request took longer than ${ms} ms.`);
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
