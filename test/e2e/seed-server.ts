/**
 * The real server over an index of the real seeds, on a free loopback port, for the browser tests.
 * It serves the shared seed index (test/helpers/seed-index.ts: built once with the corpus embedder,
 * no model download, and reused by every test file), so all three search modes work as they do
 * after `npm start` without each browser test file building the seeds again.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running server and how to stop it (which also stops its semantic worker). */
export interface SeedServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves the shared seed index, with the page, on 127.0.0.1 (opened as the server opens it: semantic worker). */
export async function startSeedServer(): Promise<SeedServer> {
  const index = await openIndex(await seedIndexDir());
  const app = createApp(createSearcher(index), {
    publicDir: path.join(ROOT, 'public'),
    rateLimit: false,
  });
  const server: Server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await index.close();
    },
  };
}
