/**
 * The suggestion index inside a build folder (`suggest/index.json`: its entries and each kind's sorted
 * prefix pairs, from which the prefix tables are made where they are first searched) and, beside it, the counts it came from (`suggest/counts.bin`, the binary count table of
 * `src/suggest/count-table.ts`), which only the next incremental build reads — a server never does.
 * Written inside `saveIndex`'s build callback, so both files are covered by the build's checksums and
 * verified with the rest before they are read.
 */
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IndexLoadError } from '../errors.ts';
import { type CountTable, decodeCountTable, encodeCountTable } from '../suggest/count-table.ts';
import {
  type ExportedSuggestIndex,
  exportSuggestIndex,
  importSuggestIndex,
  type SuggestIndex,
} from '../suggest/suggest-index.ts';
import { loadErrorMessage } from './build-folder.ts';

/** The file of a build that holds the suggestion index, relative to the build folder. */
export const SUGGEST_FILE = 'suggest/index.json';

/** The file of a build that holds the suggestion counts, relative to the build folder. */
export const SUGGEST_COUNTS_FILE = 'suggest/counts.bin';

/** The files of `index` (paths relative to a build folder) and their contents: the entries, and the counts when it has them. */
export function suggestFiles(index: SuggestIndex): [string, string | Uint8Array][] {
  return [
    [SUGGEST_FILE, JSON.stringify(exportSuggestIndex(index))],
    ...(index.counts ? [[SUGGEST_COUNTS_FILE, encodeCountTable(index.counts)] as [string, Uint8Array]] : []),
  ];
}

/** Writes `index` into `buildDir`, and its counts when it has them. */
export async function saveSuggestIndex(buildDir: string, index: SuggestIndex): Promise<void> {
  await mkdir(path.join(buildDir, path.dirname(SUGGEST_FILE)), { recursive: true });
  for (const [name, data] of suggestFiles(index)) await writeFile(path.join(buildDir, name), data);
}

/**
 * The suggestion counts of `buildDir`, or null when the build has none (written before builds kept
 * them: the caller counts the whole corpus instead). A damaged file is an {@link IndexLoadError}.
 */
export async function loadSuggestCounts(indexDir: string, buildDir: string): Promise<CountTable | null> {
  let bytes: Buffer;
  try {
    bytes = await readWhole(path.join(buildDir, SUGGEST_COUNTS_FILE));
  } catch {
    return null;
  }
  try {
    return decodeCountTable(bytes);
  } catch (error) {
    throw new IndexLoadError(
      loadErrorMessage(indexDir, `${SUGGEST_COUNTS_FILE} cannot be read (${(error as Error).message})`),
    );
  }
}

/** Reads the suggestion index of `buildDir`; a missing or unreadable one is an {@link IndexLoadError}. */
export async function loadSuggestIndex(indexDir: string, buildDir: string): Promise<SuggestIndex> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.join(buildDir, SUGGEST_FILE));
  } catch {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${SUGGEST_FILE} is missing`));
  }
  return parseSuggestIndex(indexDir, bytes);
}

/**
 * The suggestion index of `suggest/index.json`, read (by `readBytes`, which checks its checksum) and
 * rebuilt on first use: parsing the file and making the prefix tables from it takes a few tenths of
 * a second at laws scale, which start-up then does not pay — the server's warm-up after it listens does.
 * A damaged file throws an {@link IndexLoadError} there, naming it, and again on every later use.
 */
export function lazySuggestIndex(indexDir: string, readBytes: () => Uint8Array): SuggestIndex {
  let loaded: SuggestIndex | undefined;
  const load = () => {
    loaded ??= parseSuggestIndex(indexDir, readBytes());
    return loaded;
  };
  return {
    get entries() {
      return load().entries;
    },
    get prefixes() {
      return load().prefixes;
    },
    // Reading and parsing the file is one step (≈ 0.1 s at laws scale); the prefix tables follow a kind at a time.
    warm: async () => load().warm?.(),
  };
}

/** The suggestion index in the bytes of `suggest/index.json`; an unreadable one is an {@link IndexLoadError}. */
export function parseSuggestIndex(indexDir: string, bytes: Uint8Array): SuggestIndex {
  try {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return importSuggestIndex(JSON.parse(text) as ExportedSuggestIndex);
  } catch (error) {
    throw new IndexLoadError(
      loadErrorMessage(indexDir, `${SUGGEST_FILE} cannot be read (${(error as Error).message})`),
    );
  }
}

/**
 * The whole file in one read into a buffer of its size: `readFile` reads in chunks, one thread-pool
 * round trip each, which took up to twice as long for the 32 MB counts on a busy machine.
 */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}
