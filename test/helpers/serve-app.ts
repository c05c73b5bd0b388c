/** Runs an Express app on an ephemeral loopback port for HTTP tests; `close()` stops it. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createHttpServer } from '../../src/server/http-server.ts';

/** A running test server. */
export interface ServedApp {
  /** e.g. `http://127.0.0.1:43817` */
  url: string;
  /** GET `pathAndQuery`, returning the response. */
  get(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with a port the OS picks. */
export async function serveApp(app: Express): Promise<ServedApp> {
  const server = createHttpServer(app);
  await new Promise<Server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    get: (pathAndQuery, init) => fetch(`${url}${pathAndQuery}`, init),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
