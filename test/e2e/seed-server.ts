/**
 * The real server over an index of the real seeds, on a free loopback port, for the browser tests.
 * The index is built once into a temporary folder with the corpus embedder (no model download), so
 * all three search modes work as they do after `npm start`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../indexer/build-index.ts';
import { createProgress } from '../../indexer/progress.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { SEEDS_DIR } from '../helpers/seed-corpus.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running server and how to stop it (which also removes its index folder). */
export interface SeedServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Builds the seeds index into a temporary folder and serves it, with the page, on 127.0.0.1. */
export async function startSeedServer(): Promise<SeedServer> {
  const indexDir = mkdtempSync(path.join(tmpdir(), 'e2e-index-'));
  await buildIndex({
    inputDir: SEEDS_DIR,
    outDir: indexDir,
    embedder: 'corpus',
    progress: createProgress(process.stderr, true),
  });
  const app = createApp(createSearcher(await openIndex(indexDir)), {
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
      rmSync(indexDir, { recursive: true, force: true });
    },
  };
}
