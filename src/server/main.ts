/**
 * The server's entry point: opens the index, listens on HOST:PORT, serves each new build as soon as
 * `CURRENT` names it (live reload), and shuts down gracefully.
 * With `--watch` it also runs the indexer in watch mode over the folder the index was built from
 * (a child process, so builds never stall requests), and serves each build it makes.
 * Environment: PORT (3000), HOST (0.0.0.0), INDEX_DIR (index-data), RATE_LIMIT (requests per
 * minute per client, 0 = off), MODEL_DIR / MODEL_CACHE_DIR (transformer model files, when the
 * index was built with one), PUBLIC_URL (the page's address in MCP citation links; default: the
 * address the client used), KEYWORD_THREADS (keyword search threads over the index in shared
 * memory; default `SERVER.keywordThreads`, 0 = keyword search on the main thread), RESULT_CACHE
 * (`0`: no result cache) and RESULT_CACHE_MB (its bound in megabytes).
 *
 * Start-up order: the index starts opening (its files stream in on libuv's threads, the semantic
 * worker starts loading the graph) before the web app's modules (Express, the routes, the OpenAPI
 * document) are imported, so the two overlap instead of queueing one after the other.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKOUT_ROOT, RUNNING_COMPILED, siblingModule } from '../checkout-paths.ts';
import { SERVER } from '../config.ts';
import { IndexLoadError } from '../errors.ts';
import { warmUpComparison } from '../lineage/warm-up.ts';
import { CURRENT_FILE } from '../persist/build-folder.ts';
import { currentBuildName } from '../persist/index-store.ts';
import { modelLocationFromEnv, openIndex } from '../persist/open-index.ts';
import { openLiveSearcher } from './live-searcher.ts';
import { loneClient } from './lone-client.ts';
import { readServerEnv, resultCacheOption } from './server-env.ts';

const root = CHECKOUT_ROOT;
const env = process.env;

async function main(): Promise<void> {
  const settings = readServerEnv(env, root);
  const { indexDir, keywordThreads } = settings;
  const models = modelLocationFromEnv(env);
  const clients = loneClient();
  const opening = openLiveSearcher({
    currentBuild: () => currentBuildName(indexDir),
    // At start the server listens once the keyword side is open; the semantic half follows (a few
    // seconds at laws scale) and semantic requests wait for it. A reload opens a build whole.
    open: (purpose) =>
      openIndex(indexDir, models, {
        semanticInBackground: purpose === 'start',
        keywordThreads,
        walkHere: clients.isAlone,
      }),
    log: (line) => console.error(line),
    retireAfterMs: SERVER.retireAfterMs,
    searcher: { resultCache: resultCacheOption(settings) },
  });
  // Awaited together: a failed open is reported (below) without waiting for the imports to settle alone.
  const [live, { createApp }, { createHttpServer }] = await Promise.all([
    opening,
    import('./app.ts'),
    import('./http-server.ts'),
  ]);
  // A build switches CURRENT by rename: polling its stat sees that on every file system, unlike fs.watch.
  const currentFile = path.join(indexDir, CURRENT_FILE);
  watchFile(currentFile, { interval: SERVER.reloadPollMs, persistent: false }, () => void live.reload());
  const indexer = process.argv.includes('--watch')
    ? startWatchingIndexer(indexDir, live.manifest().inputDir)
    : null;
  const perMinute = settings.rateLimitPerMinute;
  const app = createApp(live.searcher, {
    publicDir: path.join(root, 'public'),
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    rateLimit: perMinute > 0 ? { ...SERVER.rateLimit, limit: perMinute } : false,
  });
  const { port, host } = settings;
  const server = createHttpServer(app, clients);
  server.listen(port, host, () => {
    // The type-ahead prefix tables are made a moment later, a kind at a time between requests
    // (src/suggest/suggest-index.ts), so the first searches do not wait behind the suggestion file.
    setTimeout(() => live.searcher.warmSuggestions().catch(() => {}), SERVER.suggestionsWarmDelayMs).unref();
    if (settings.lineageWarmUp) setTimeout(() => warmUpComparison(), SERVER.lineageWarmUpDelayMs).unref();
    const { documents, paragraphs, embedder } = live.searcher.summary();
    const model = embedder ? `${embedder.kind} embedder` : 'no embeddings';
    console.error(
      `Serving ${documents} documents, ${paragraphs} paragraphs (${model}, build ${live.buildId()}) on http://${host}:${port}`,
    );
  });
  server.on('error', (error) => {
    console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
  const shutdown = (signal: string) => {
    console.error(`${signal}: finishing in-flight requests, then exiting.`);
    // The query embedder's worker thread (if any) goes after the last request that could need it.
    unwatchFile(currentFile);
    indexer?.kill('SIGTERM');
    server.close(() => {
      void live.close().finally(() => process.exit(0));
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

/**
 * Runs `npm run index -- --watch` over the input folder the live build was made from; its output goes
 * to ours. A compiled server starts the indexer compiled in the same build; one run from the sources, under tsx.
 */
function startWatchingIndexer(indexDir: string, inputDir: string): ChildProcess {
  const indexerMain = fileURLToPath(siblingModule('../../indexer/main', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      ...(RUNNING_COMPILED ? [] : ['--import', 'tsx']),
      indexerMain,
      '--input',
      inputDir,
      '--out',
      indexDir,
      '--watch',
      '--quiet',
    ],
    // The IPC channel is how the child learns the server is gone, however it ended (see indexer/main.ts).
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM')
      console.error(`The watching indexer stopped (${signal ?? `exit ${code}`}); live reload goes on.`);
  });
  return child;
}

main().catch((error: unknown) => {
  if (error instanceof IndexLoadError) {
    console.error(error.message);
  } else {
    console.error(`The server could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
