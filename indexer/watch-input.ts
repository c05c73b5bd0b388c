/**
 * Watch mode: after the first build, rebuild (incrementally) whenever documents in the input folder
 * are added, changed or removed. File events are gathered until the folder has been quiet for
 * `INCREMENTAL.watchDebounceMs`, so copying a batch of files makes one build; builds never overlap
 * (events during a build make one more build after it). A failed build is reported and the watch
 * goes on; the previous build keeps serving. A server reading the same index picks up each build
 * through its `CURRENT` switch. Watching is chokidar's (recursive, across platforms).
 */
import chokidar from 'chokidar';
import { INCREMENTAL } from '../src/config.ts';
import { buildIndex } from './build-index.ts';
import type { BuildOptions, BuildSummary } from './build-types.ts';
import { isDocumentFile } from './read-documents.ts';

/** Watches `options.inputDir` until the process ends (or `signal` aborts), building after each burst of changes. */
export async function watchInput(
  options: BuildOptions,
  report: (summary: BuildSummary) => void,
  signal?: AbortSignal,
): Promise<void> {
  const watcher = chokidar.watch(options.inputDir, {
    ignoreInitial: true,
    // Hidden files and the index itself, should it live inside the input folder, are not documents.
    ignored: (file) =>
      /(^|[\\/])\./u.test(file.slice(options.inputDir.length)) || file.startsWith(options.outDir),
    awaitWriteFinish: { stabilityThreshold: INCREMENTAL.watchSettleMs, pollInterval: 100 },
  });
  let timer: NodeJS.Timeout | null = null;
  let building = false;
  let pending = false;

  const build = async () => {
    if (building) {
      pending = true;
      return;
    }
    building = true;
    try {
      do {
        pending = false;
        try {
          report(await buildIndex(options));
        } catch (error) {
          console.error(`The build failed: ${error instanceof Error ? error.message : String(error)}`);
          console.error('The previous index is still in place; watching for the next change.');
        }
      } while (pending);
    } finally {
      building = false;
    }
  };

  const changed = (file: string) => {
    if (!isDocumentFile(file.replace(/\.meta\.json$/u, ''))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void build();
    }, INCREMENTAL.watchDebounceMs);
  };
  watcher.on('add', changed).on('change', changed).on('unlink', changed);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  console.error(`Watching ${options.inputDir} for changes (Ctrl-C to stop).`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (timer) clearTimeout(timer);
      void watcher.close().then(() => resolve());
    };
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
  });
}
