/**
 * The Node HTTP server around the Express app. Requests Node's own parser refuses (raw non-ASCII
 * bytes in the URL, oversized headers) never reach Express, so they are answered here in the same
 * JSON error shape instead of Node's bare status line.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Express } from 'express';
import { SERVER } from '../config.ts';
import { statusOf } from '../contract/error-answer.ts';
import type { ErrorCode } from '../errors.ts';
import { leanPathOf } from './app.ts';
import type { LoneClient } from './lone-client.ts';

const HEADER_OVERFLOW: { code: ErrorCode; message: string } = {
  code: 'HEADERS_TOO_LARGE',
  message: 'The request headers (or the URL) are too large.',
};
const UNPARSABLE: { code: ErrorCode; message: string } = {
  code: 'BAD_REQUEST',
  message: 'The request could not be parsed; percent-encode non-ASCII characters in the URL.',
};

/**
 * An HTTP server for `app` with the header limit from config and JSON answers to unparsable requests.
 * The app's lean path (lean-path.ts), when it has one, answers its routes before Express sees them;
 * `clients`, when given, hears which connection each request comes on.
 */
export function createHttpServer(app: Express, clients?: LoneClient): Server {
  const lean = leanPathOf(app);
  const handle = lean
    ? (req: IncomingMessage, res: ServerResponse) => lean.serve(req, res) || app(req, res)
    : app;
  const server = createServer(
    { maxHeaderSize: SERVER.maxHeaderBytes },
    clients
      ? (req, res) => {
          clients.noteRequest(req.socket);
          handle(req, res);
        }
      : handle,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const answer = error.code === 'HPE_HEADER_OVERFLOW' ? HEADER_OVERFLOW : UNPARSABLE;
    const status = statusOf(answer.code);
    const body = JSON.stringify({ error: answer });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
