/**
 * Names inside `index-data/`: which folder is a build, how builds sort by age, and the one-line
 * message every unusable index is reported with. Pure: the file system work is in index-store.ts.
 */

/** The file that names the live build folder. */
export const CURRENT_FILE = 'CURRENT';

/** The folder that holds the embedding cache, shared by all builds. */
export const CACHE_FOLDER = 'cache';

/** The command that rebuilds the index, quoted in every load error. */
export const REBUILD_COMMAND = 'npm run index';

/** Files of one build folder, relative to it. */
export const BUILD_FILES = {
  manifest: 'manifest.json',
  documents: 'documents.json',
  /** Every paragraph as columns in a binary container (paragraph-store.ts). */
  paragraphs: 'paragraphs.bin',
  /** The keyword postings and per-seq lookups in a binary container (keyword-store.ts). */
  keyword: 'keyword.bin',
  vector: 'vector',
  embedder: 'embedder',
  /** What each input file was when the build read it (`build-inputs.ts`): the next build re-reads only what changed. */
  inputs: 'inputs.json',
  /** Size and CRC-32 of every other file (file-checksum.ts), written last: a build without it never finished. */
  checksums: 'checksums.json',
} as const;

/**
 * The semantic half's files inside a build: the HNSW graph, its label map and edit log (incremental
 * builds only: the edits made since the graph file was written, replayed on it at load) and the
 * corpus embedder's model. The semantic worker (src/persist/semantic-worker.ts) reads and
 * verifies these itself, so the main thread's loader skips them (`verifyBuild(…, { skip })`).
 */
export const SEMANTIC_FILES = {
  vectors: `${BUILD_FILES.vector}/hnsw.bin`,
  labels: `${BUILD_FILES.vector}/labels.bin`,
  edits: `${BUILD_FILES.vector}/edits.bin`,
  embedder: `${BUILD_FILES.embedder}/model.bin`,
} as const;

const BUILD_NAME = /^build-(\d{13})-(\d+)$/;

/** The folder name for a build started at `startedAt` (ms since epoch) by process `pid`. */
export function buildFolderName(startedAt: number, pid: number): string {
  return `build-${String(startedAt).padStart(13, '0')}-${pid}`;
}

/** Whether `name` is a build folder name (also guards `CURRENT` against pointing outside the index). */
export function isBuildFolderName(name: string): boolean {
  return BUILD_NAME.test(name);
}

/**
 * The build folders that a switch to `current` makes obsolete: every build older than it (including
 * the remains of crashed builds). Newer folders may belong to a build still running, so they stay.
 */
export function obsoleteBuilds(names: string[], current: string): string[] {
  return names.filter((name) => isBuildFolderName(name) && name !== current && name < current);
}

/** The one-line explanation of an unusable index, ending with the command that fixes it. */
export function loadErrorMessage(indexDir: string, reason: string): string {
  return `The index in ${indexDir} cannot be used: ${reason}. Rebuild it with: ${REBUILD_COMMAND}`;
}
