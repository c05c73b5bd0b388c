/**
 * Walk an input folder and hand every document file to ingestion: its bytes, its path relative to
 * the folder, and the parsed `<file>.meta.json` beside it when there is one. Also states each file
 * (size, modification time, its sidecar's), which is how an incremental build finds what changed
 * without reading anything. The only ingestion code that touches the file system.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DOCUMENT_EXTENSIONS, type IngestInput } from '../src/ingest/ingest-file.ts';
import type { InputFileState } from '../src/persist/build-inputs.ts';

const SIDECAR_SUFFIX = '.meta.json';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function readSidecar(file: string): Promise<{ sidecar?: unknown; sidecarError?: string }> {
  let raw: string;
  try {
    raw = await readFile(`${file}${SIDECAR_SUFFIX}`, 'utf8');
  } catch {
    return {};
  }
  try {
    return { sidecar: JSON.parse(raw) };
  } catch (error) {
    return {
      sidecarError: `${path.basename(file)}${SIDECAR_SUFFIX} is not valid JSON: ${(error as Error).message}`,
    };
  }
}

/** Whether `file` is a document the indexer reads, by its extension. */
export function isDocumentFile(file: string): boolean {
  return DOCUMENT_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** The `/`-separated path of `file` relative to `inputDir`. */
export function sourceOf(inputDir: string, file: string): string {
  return path.relative(path.resolve(inputDir), path.resolve(file)).split(path.sep).join('/');
}

/** Every document file under `inputDir` (recursively), as sources sorted the way a build orders documents. */
export async function listSources(inputDir: string): Promise<string[]> {
  const root = path.resolve(inputDir);
  return (await listFiles(root))
    .filter(isDocumentFile)
    .map((file) => sourceOf(root, file))
    .sort();
}

/** Size and modification time of one document and its sidecar; null when the document is gone. */
export async function stateOf(inputDir: string, source: string): Promise<InputFileState | null> {
  const file = path.join(path.resolve(inputDir), ...source.split('/'));
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const sidecar = await stat(`${file}${SIDECAR_SUFFIX}`).catch(() => null);
  return {
    source,
    size: info.size,
    mtimeMs: info.mtimeMs,
    sidecar: sidecar ? { size: sidecar.size, mtimeMs: sidecar.mtimeMs } : null,
  };
}

/** Reads one document (bytes and sidecar) for ingestion. */
export async function readDocument(inputDir: string, source: string): Promise<IngestInput> {
  const file = path.join(path.resolve(inputDir), ...source.split('/'));
  const bytes = new Uint8Array(await readFile(file));
  return { source, bytes, ...(await readSidecar(file)) };
}

/**
 * Every document file under `inputDir` (recursively, sorted by relative path), one at a time so a
 * large corpus is never held in memory at once. `source` uses `/` separators.
 */
export async function* readDocuments(inputDir: string): AsyncGenerator<IngestInput> {
  for (const source of await listSources(inputDir)) yield readDocument(inputDir, source);
}
