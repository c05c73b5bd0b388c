/**
 * Walk an input folder and hand every document file to ingestion: its bytes, its path relative to
 * the folder, and the parsed `<file>.meta.json` beside it when there is one. The only ingestion
 * code that touches the file system.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DOCUMENT_EXTENSIONS, type IngestInput } from '../src/ingest/ingest-file.ts';

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

/**
 * Every document file (.txt/.md/.html/.htm/.pdf/.docx) under `inputDir` (recursively, sorted by relative path), one at a
 * time so a large corpus is never held in memory at once. `source` uses `/` separators.
 */
export async function* readDocuments(inputDir: string): AsyncGenerator<IngestInput> {
  const root = path.resolve(inputDir);
  const sources = (await listFiles(root))
    .filter((file) => DOCUMENT_EXTENSIONS.has(path.extname(file).toLowerCase()))
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .sort();
  for (const source of sources) {
    const file = path.join(root, ...source.split('/'));
    const bytes = new Uint8Array(await readFile(file));
    yield { source, bytes, ...(await readSidecar(file)) };
  }
}
