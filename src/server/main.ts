/**
 * The server's entry point: opens the index, listens on HOST:PORT, and shuts down gracefully.
 * Environment: PORT (3000), HOST (0.0.0.0), INDEX_DIR (index-data), RATE_LIMIT (requests per
 * minute per client, 0 = off), MODEL_DIR / MODEL_CACHE_DIR (transformer model files, when the
 * index was built with one), PUBLIC_URL (the page's address in MCP citation links; default: the
 * address the client used).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER } from '../config.ts';
import { IndexLoadError } from '../errors.ts';
import { modelLocationFromEnv, openIndex } from '../persist/open-index.ts';
import { createSearcher } from '../search/searcher.ts';
import { createApp } from './app.ts';
import { createHttpServer } from './http-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;

async function main(): Promise<void> {
  const indexDir = path.resolve(env.INDEX_DIR ?? path.join(root, 'index-data'));
  const index = await openIndex(indexDir, modelLocationFromEnv(env));
  const perMinute = env.RATE_LIMIT === undefined ? SERVER.rateLimit.limit : Number(env.RATE_LIMIT);
  const app = createApp(createSearcher(index), {
    publicDir: path.join(root, 'public'),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    rateLimit: perMinute > 0 ? { ...SERVER.rateLimit, limit: perMinute } : false,
  });
  const port = Number(env.PORT ?? SERVER.port);
  const host = env.HOST ?? SERVER.host;
  const server = createHttpServer(app);
  server.listen(port, host, () => {
    const { documents, paragraphs } = index.manifest;
    const embedder = index.manifest.embedder ? `${index.manifest.embedder.kind} embedder` : 'no embeddings';
    console.error(
      `Serving ${documents} documents, ${paragraphs} paragraphs (${embedder}) on http://${host}:${port}`,
    );
  });
  server.on('error', (error) => {
    console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
  const shutdown = (signal: string) => {
    console.error(`${signal}: finishing in-flight requests, then exiting.`);
    // The query embedder's worker thread (if any) goes after the last request that could need it.
    server.close(() => {
      void index.close().finally(() => process.exit(0));
    });
    // Idle keep-alive connections would hold close() open; busy ones finish their request first, and
    // are closed as soon as they fall idle, not when their keep-alive timeout (5 s) runs out.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => process.exit(0), SERVER.shutdownGraceMs).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof IndexLoadError) {
    console.error(error.message);
  } else {
    console.error(`The server could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
