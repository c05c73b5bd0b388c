/**
 * `npm run index [-- --input DIR] [--out DIR] [--embedder auto|transformer|corpus|none] [--if-stale]`:
 * builds `index-data/` and prints a summary. With `--if-stale` it builds only when the index is
 * missing, from another version, or older than the input files (what `npm start` runs first).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { staleReason } from '../src/persist/index-store.ts';
import { type BuildSummary, buildIndex } from './build-index.ts';
import { createProgress } from './progress.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EMBEDDERS = ['auto', 'transformer', 'corpus', 'none'] as const;
/** Skipped files and warnings listed one by one in the summary; the rest are counted. */
const LISTED = 20;

const USAGE = `Usage: npm run index -- [--input DIR] [--out DIR] [--embedder auto|transformer|corpus|none] [--if-stale]
  --input DIR      folder of .txt/.md/.html documents (default: seeds/)
  --out DIR        index folder (default: index-data/)
  --embedder KIND  auto (default): the transformer model if available, else the corpus-trained model
  --model ID       transformer model id (default: Xenova/bge-small-zh-v1.5)
  --model-dir DIR  folder holding transformer model files (<model id>/…)
  --cache-dir DIR  transformers.js download cache (default: its own, under node_modules)
  --if-stale       build only when the index is missing, outdated or older than the input
  --quiet          print only the summary`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string', default: path.join(root, 'seeds') },
      out: { type: 'string', default: path.join(root, 'index-data') },
      embedder: { type: 'string', default: 'auto' },
      model: { type: 'string' },
      'model-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      'if-stale': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
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
  const summary = await buildIndex({
    inputDir,
    outDir,
    embedder,
    transformer: {
      ...(values.model ? { model: values.model } : {}),
      ...(values['model-dir'] ? { localModelPath: path.resolve(values['model-dir']) } : {}),
      ...(values['cache-dir'] ? { cacheDir: path.resolve(values['cache-dir']) } : {}),
    },
    progress: createProgress(process.stderr, values.quiet),
  });
  printSummary(summary);
  return 0;
}

function printSummary(summary: BuildSummary): void {
  const lines = [
    '',
    `Index built in ${summary.seconds.toFixed(1)} s → ${summary.buildDir}`,
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
