/**
 * `npm run index [-- --input DIR] [--out DIR] [--embedder auto|transformer|corpus|none] [--if-stale]`:
 * builds `index-data/` and prints a summary. After a first build it re-reads only the files that
 * changed (`--full` reads everything); `--add FILE…` / `--remove SOURCE…` name the files instead of
 * comparing the folder; `--watch` rebuilds whenever the folder changes. With `--if-stale` it builds
 * only when the index is missing, from another version, or older than the input files (what
 * `npm start` runs first).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKOUT_ROOT } from '../src/checkout-paths.ts';
import { staleReason } from '../src/persist/index-store.ts';
import type { BuildOptions, BuildSummary } from './build-types.ts';

const root = CHECKOUT_ROOT;
const EMBEDDERS = ['auto', 'transformer', 'corpus', 'none'] as const;
/** Skipped files and warnings listed one by one in the summary; the rest are counted. */
const LISTED = 20;

const USAGE = `Usage: npm run index -- [--input DIR] [--out DIR] [--embedder auto|transformer|corpus|none] [--if-stale]
                    [--full] [--add FILE…] [--remove SOURCE…] [--watch]
  --input DIR      folder of .txt/.md/.html/.htm/.pdf/.docx documents (default: seeds/)
  --out DIR        index folder (default: index-data/)
  --embedder KIND  auto (default): the transformer model if available, else the corpus-trained model
  --model ID       transformer model id (default: Xenova/bge-small-zh-v1.5)
  --model-dir DIR  folder holding transformer model files (<model id>/…)
  --cache-dir DIR  transformers.js download cache (default: its own, under node_modules)
  --if-stale       build only when the index is missing, outdated or older than the input
  --full           read every file again (default: only files changed since the previous build)
  --add FILE…      index these files (a file outside --input is copied into it first)
  --remove SOURCE… drop these files (paths relative to --input) from the index
  --watch          after building, rebuild whenever files in --input are added, changed or removed
  --quiet          print only the summary`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      input: { type: 'string', default: path.join(root, 'seeds') },
      out: { type: 'string', default: path.join(root, 'index-data') },
      embedder: { type: 'string', default: 'auto' },
      model: { type: 'string' },
      'model-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      'if-stale': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      add: { type: 'string', multiple: true, default: [] },
      remove: { type: 'string', multiple: true, default: [] },
      watch: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Started by `npm start -- --watch`: stop when the server that started us is gone, however it ended.
  if (values.watch && process.channel) {
    // A child's IPC channel is not read until it is ref'd, and then its end is never seen.
    process.channel.ref();
    process.once('disconnect', () => process.exit(0));
  }
  const embedder = values.embedder as (typeof EMBEDDERS)[number];
  if (!EMBEDDERS.includes(embedder)) {
    console.error(`--embedder must be one of ${EMBEDDERS.join(', ')}\n${USAGE}`);
    return 2;
  }
  const inputDir = path.resolve(values.input);
  const outDir = path.resolve(values.out);
  if (values['if-stale']) {
    const reason = await staleReason(outDir, inputDir);
    if (reason === null) {
      console.error(`The index in ${outDir} is up to date with ${inputDir}.`);
      return 0;
    }
    console.error(`Building the index: ${reason.replace(/\. Rebuild it with: .*$/, '')}.`);
  }
  // Imported only now: `npm start` runs `--if-stale` before every server start, and the builder's
  // modules (document readers, PDF and Word parsers, the embedders) are not needed to say "up to date".
  const [{ buildIndex }, { createProgress }, { isDocumentFile, sourceOf }, { watchInput }] =
    await Promise.all([
      import('./build-index.ts'),
      import('./progress.ts'),
      import('./read-documents.ts'),
      import('./watch-input.ts'),
    ]);
  // `--add a.pdf b.pdf`: parseArgs takes one value per flag, so the names after it come as positionals.
  const trailing = positionals.map((name) => path.resolve(name));
  const addFiles = [
    ...values.add.map((name) => path.resolve(name)),
    ...(values.remove.length ? [] : trailing),
  ];
  const removeNames = [...values.remove, ...(values.remove.length ? positionals : [])];
  if (positionals.length > 0 && values.add.length === 0 && values.remove.length === 0) {
    console.error(`Unexpected arguments: ${positionals.join(' ')}\n${USAGE}`);
    return 2;
  }
  const options: BuildOptions = {
    inputDir,
    outDir,
    embedder,
    transformer: {
      ...(values.model ? { model: values.model } : {}),
      ...(values['model-dir'] ? { localModelPath: path.resolve(values['model-dir']) } : {}),
      ...(values['cache-dir'] ? { cacheDir: path.resolve(values['cache-dir']) } : {}),
    },
    progress: createProgress(process.stderr, values.quiet),
    rebuild: values.full ? 'full' : 'auto',
  };
  if (addFiles.length > 0 || removeNames.length > 0) {
    const add: string[] = [];
    for (const file of addFiles) add.push(await bringIntoInput(inputDir, file, { isDocumentFile, sourceOf }));
    const remove = removeNames.map((name) =>
      path.isAbsolute(name) ? sourceOf(inputDir, name) : name.split(path.sep).join('/'),
    );
    options.only = { add, remove };
  }
  printSummary(await buildIndex(options));
  if (values.watch) {
    await watchInput({ ...options, only: undefined, rebuild: 'auto' }, printSummary);
  }
  return 0;
}

/** The source of `file` in the input folder, copying it in first when it lies outside. */
async function bringIntoInput(
  inputDir: string,
  file: string,
  { isDocumentFile, sourceOf }: Pick<typeof import('./read-documents.ts'), 'isDocumentFile' | 'sourceOf'>,
): Promise<string> {
  if (!isDocumentFile(file)) throw new Error(`${file} is not a .txt/.md/.html/.htm/.pdf/.docx file`);
  const source = sourceOf(inputDir, file);
  if (!source.startsWith('../') && !path.isAbsolute(source)) return source;
  await mkdir(inputDir, { recursive: true });
  const target = path.join(inputDir, path.basename(file));
  await copyFile(file, target);
  console.error(`Copied ${file} into ${inputDir}.`);
  return path.basename(file);
}

function printSummary(summary: BuildSummary): void {
  if (!summary.wrote) {
    console.error(`Nothing changed: ${summary.buildDir} still serves (${summary.documents} documents).`);
    return;
  }
  const change = summary.incremental;
  const lines = [
    '',
    `Index built in ${summary.seconds.toFixed(1)} s → ${summary.buildDir}`,
    change
      ? `  incremental from ${change.base}: ${change.added.length} added, ${change.changed.length} changed, ${change.removed.length} removed, ${change.unchanged} unchanged (not read)`
      : `  full build${summary.fullReason ? `: ${summary.fullReason}` : ''}`,
    ...(change
      ? [...change.added, ...change.changed, ...change.removed].slice(0, LISTED).map((s) => `    ${s}`)
      : []),
    `  documents:  ${summary.documents}`,
    `  paragraphs: ${summary.paragraphs}`,
    `  embedder:   ${summary.embedder ? `${summary.embedder.kind} ${summary.embedder.model} (${summary.embedder.dimensions} dimensions)` : 'none'} — ${summary.embedderReason}`,
    `  embeddings from cache: ${summary.cachedEmbeddings}`,
    `  skipped:    ${summary.skipped.length}`,
    ...summary.skipped.slice(0, LISTED).map((file) => `    ${file.source}: ${file.reason}`),
    ...(summary.skipped.length > LISTED ? [`    … and ${summary.skipped.length - LISTED} more`] : []),
    `  warnings:   ${summary.warnings.length}`,
    ...summary.warnings.slice(0, LISTED).map((warning) => `    ${warning}`),
    ...(summary.warnings.length > LISTED ? [`    … and ${summary.warnings.length - LISTED} more`] : []),
  ];
  console.error(lines.join('\n'));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The build failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('The previous index (if any) is still in place.');
    process.exit(1);
  },
);
