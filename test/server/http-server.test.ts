import { connect } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedApp, serveApp } from '../helpers/serve-app.ts';

/** Sends raw bytes and returns the whole raw response. */
function rawRequest(url: string, request: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('createHttpServer', () => {
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp(express());
  });
  afterAll(() => served.close());

  it.each([
    [
      'raw UTF-8 bytes in the URL',
      Buffer.from('GET /api/search?q=知识产权 HTTP/1.1\r\nHost: x\r\n\r\n'),
      400,
      'BAD_REQUEST',
    ],
    [
      'headers past the limit',
      Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200_000)}\r\n\r\n`),
      431,
      'HEADERS_TOO_LARGE',
    ],
  ])('answers %s with the JSON error shape', async (_name, request, status, code) => {
    const response = await rawRequest(served.url, request);
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe(
      `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Request Header Fields Too Large'}`,
    );
    expect(head).toContain('Content-Type: application/json');
    expect(JSON.parse(body).error.code).toBe(code);
  });
});
