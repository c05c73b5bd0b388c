/**
 * The benchmark corpus: the laws collection (read in place) plus the seeds, ingested by the
 * project's own ingestion into one Corpus. Ingesting 3,500 files takes a while, so the result is
 * cached as JSON in the system temp folder, keyed by the input files and the ingestion code.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { ingestFile, isSkipped } from '../../src/ingest/ingest-file.ts';
import type { Corpus } from '../../src/types.ts';

const REPO = resolve(import.meta.dirname, '../..');
/** Where the laws corpus lives; read in place, never copied into the repository. */
export const LAWS_DIR = resolve(process.env.LAWS_DIR ?? join(REPO, '../shared/corpus/laws'));
/** The five seed documents. */
export const SEEDS_DIR = join(REPO, 'seeds');
const INPUT_EXTENSIONS = /\.(txt|md|html?)$/iu;

/** An input file: its absolute path and the `source` it is indexed under. */
interface InputFile {
  path: string;
  source: string;
}

async function walk(dir: string, prefix: string): Promise<InputFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && INPUT_EXTENSIONS.test(e.name))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, source: prefix + relative(dir, path).split(sep).join('/') };
    })
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** Every input file of the benchmark: seeds first (sources unchanged), then the laws under `laws/`. */
export async function listBenchInputs(): Promise<InputFile[]> {
  return [...(await walk(SEEDS_DIR, '')), ...(await walk(LAWS_DIR, 'laws/'))];
}

async function cacheKey(files: InputFile[]): Promise<string> {
  const hash = createHash('sha1');
  for (const f of files) {
    const s = await stat(f.path);
    hash.update(`${f.source}\0${s.size}\0${s.mtimeMs}\n`);
  }
  // The ingestion and normalization code decide the paragraphs, so a change there invalidates the cache.
  for (const dir of ['src/ingest', 'src/text']) {
    const full = join(REPO, dir);
    if (!existsSync(full)) continue;
    for (const name of (await readdir(full)).sort()) {
      hash.update(name);
      hash.update(await readFile(join(full, name)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

/** Ingests the files into one corpus, documents in input order, paragraphs numbered by position. */
export async function ingestBenchCorpus(files: InputFile[]): Promise<{ corpus: Corpus; skipped: number }> {
  const corpus: Corpus = { documents: [], paragraphs: [] };
  let skipped = 0;
  for (const f of files) {
    const result = ingestFile({ source: f.source, bytes: await readFile(f.path) });
    if (isSkipped(result)) {
      skipped += 1;
      continue;
    }
    corpus.documents.push(result.meta);
    corpus.paragraphs.push(...result.paragraphs);
  }
  return { corpus, skipped };
}

/** Path of the cached corpus JSON, ingesting (and writing it) first when it is missing or stale. */
export async function benchCorpusPath(log: (line: string) => void): Promise<string> {
  const files = await listBenchInputs();
  const path = join(tmpdir(), `policy-search-bench-corpus-${await cacheKey(files)}.json`);
  if (existsSync(path)) {
    log(`corpus: cached ${path}`);
    return path;
  }
  const started = performance.now();
  const { corpus, skipped } = await ingestBenchCorpus(files);
  log(
    `corpus: ingested ${files.length} files → ${corpus.documents.length} documents, ` +
      `${corpus.paragraphs.length} paragraphs (${skipped} skipped) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await writeFile(path, JSON.stringify(corpus));
  return path;
}
