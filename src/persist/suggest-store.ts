/**
 * The suggestion index inside a build folder (`suggest/index.json`: its entries and FlexSearch
 * export). Written inside `saveIndex`'s build callback, so the file is covered by the build's
 * checksums and verified with the rest before it is read.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IndexLoadError } from '../errors.ts';
import {
  type ExportedSuggestIndex,
  exportSuggestIndex,
  importSuggestIndex,
  type SuggestIndex,
} from '../suggest/suggest-index.ts';
import { loadErrorMessage } from './build-folder.ts';

/** The file of a build that holds the suggestion index, relative to the build folder. */
export const SUGGEST_FILE = 'suggest/index.json';

/** Writes `index` into `buildDir`. */
export async function saveSuggestIndex(buildDir: string, index: SuggestIndex): Promise<void> {
  const file = path.join(buildDir, SUGGEST_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(exportSuggestIndex(index)));
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
 * The suggestion index in the bytes of `suggest/index.json` (already read and checked), rebuilt on
 * first use: FlexSearch's import takes about a second at laws scale, which start-up then does not
 * pay — only the first type-ahead request does. A damaged file (past its checksum) throws there.
 */
export function lazySuggestIndex(indexDir: string, bytes: Uint8Array): SuggestIndex {
  let loaded: SuggestIndex | undefined;
  const load = () => {
    loaded ??= parseSuggestIndex(indexDir, bytes);
    return loaded;
  };
  return {
    get entries() {
      return load().entries;
    },
    get indexes() {
      return load().indexes;
    },
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
