/**
 * `index-data/` on disk: every build in a folder of its own, `CURRENT` naming the live one and
 * switched by write-to-temp + rename, so a crash half-way through a build leaves the previous
 * build serving. The loader checks versions and every file's size and checksum before trusting it.
 */
import { createHash } from 'node:crypto';
import {
  copyFile,
  type FileHandle,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { INCREMENTAL, INDEX_FORMAT_VERSION } from '../config.ts';
import { corpusOnDemand } from '../corpus/paragraph-source.ts';
import { decodeEmbeddingCache, type EmbeddingCache, embedderKey } from '../embedding/embedding-cache.ts';
import { IndexLoadError } from '../errors.ts';
import { type KeywordIndex, loadKeywordIndex, saveKeywordIndex } from '../keyword/keyword-index.ts';
import type { StoredLineage } from '../lineage/stored-lineage.ts';
import type { SuggestIndex } from '../suggest/suggest-index.ts';
import { ANALYZER_VERSION } from '../text/analyze.ts';
import type { Corpus, DocumentMeta, EmbedderInfo, Manifest } from '../types.ts';
import { addedByEdits, decodeGraphEdits, encodeGraphEdits, type GraphEdit } from '../vector/graph-edits.ts';
import { readVectorIndex, saveVectorIndex, type VectorIndex } from '../vector/vector-index.ts';
import { BinaryFileError, decodeBinaryFile, encodeBinaryFile } from './binary-file.ts';
import {
  BUILD_FILES,
  buildFolderName,
  CACHE_FOLDER,
  CURRENT_FILE,
  isBuildFolderName,
  loadErrorMessage,
  obsoleteBuilds,
  SEMANTIC_FILES,
} from './build-folder.ts';
import type { BuildInputs } from './build-inputs.ts';
import { type FileChecksum, fileChecksum, runningChecksum } from './file-checksum.ts';
import { type InputFileStat, inputFingerprint } from './input-fingerprint.ts';
import { KEYWORD_FILE_KIND, keywordFromSections, keywordSections } from './keyword-store.ts';
import { lineageRecordFiles, readPreviousLineageRecords, storedLineage } from './lineage-records.ts';
import { openParagraphFile, type ParagraphFile, type ParagraphFileOptions } from './paragraph-file.ts';
import { PARAGRAPHS_FILE_KIND, paragraphSections } from './paragraph-store.ts';
import type { SharedKeywordData } from './shared-keyword.ts';
import { lazySuggestIndex, SUGGEST_FILE, suggestFiles } from './suggest-store.ts';
import { type Checksums, readVerifiedFiles, type VerifiedFiles } from './verified-files.ts';

/** The versions the running code writes and accepts. */
export interface ExpectedVersions {
  formatVersion: number;
  analyzerVersion: number;
}

/** The versions this build of the code writes: the default for every check below. */
export const CURRENT_VERSIONS: ExpectedVersions = {
  formatVersion: INDEX_FORMAT_VERSION,
  analyzerVersion: ANALYZER_VERSION,
};

/**
 * How `writeBuild`'s callback may write files so that they need not be read back to be checksummed:
 * `write` checksums the bytes as it writes them, `reuse` takes a file whole from an earlier build.
 * Files written any other way (hnswlib writes its own) are read and checksummed after the callback.
 */
export interface BuildWriter {
  /** Writes the file `name` (relative to the build folder, folders made as needed), checksumming it on the way. */
  write(name: string, data: string | Uint8Array | Iterable<Uint8Array>): Promise<void>;
  /** Hard-links `name` from the earlier build `fromDir` (see {@link reuseBuildFile}); returns its recorded checksum. */
  reuse(fromDir: string, name: string): Promise<Checksums[string]>;
}

/**
 * Writes a new build into a fresh folder of `indexDir` with `writeFiles`, records its checksums,
 * then switches `CURRENT` to it and removes older builds. If `writeFiles` throws, the half-written
 * folder is removed and `CURRENT` still names the previous build. Returns the new build's folder.
 */
export async function writeBuild(
  indexDir: string,
  writeFiles: (buildDir: string, files: BuildWriter) => Promise<void>,
  startedAt: number = Date.now(),
): Promise<string> {
  const name = buildFolderName(startedAt, process.pid);
  const buildDir = path.join(indexDir, name);
  await mkdir(buildDir, { recursive: true });
  try {
    const known: KnownChecksums = { written: {}, reused: {} };
    await writeFiles(buildDir, {
      async write(file, data) {
        known.written[file] = await writeHashed(path.join(buildDir, file), data);
      },
      async reuse(fromDir, file) {
        known.reused[file] = await reuseBuildFile(fromDir, buildDir, file);
        return known.reused[file];
      },
    });
    const checksums = await checksumFolder(buildDir, known);
    await writeFileDurably(path.join(buildDir, BUILD_FILES.checksums), JSON.stringify(checksums));
  } catch (error) {
    await rm(buildDir, { recursive: true, force: true });
    throw error;
  }
  await switchCurrent(indexDir, name);
  await removeObsoleteBuilds(indexDir, name);
  return buildDir;
}

/**
 * One build's parts: what the indexer hands {@link saveIndex}, and what {@link loadIndex} reads back
 * (the embedder is then restored by the caller from `embedderData`).
 */
export interface StoredIndex {
  manifest: Manifest;
  corpus: Corpus;
  keyword: KeywordIndex;
  /** Null for an index without embeddings. */
  vectors: VectorIndex | null;
  /** The embedder's own saved data (the corpus model), or null when it needs none (a transformer). */
  embedderData: Uint8Array | null;
  /** The type-ahead suggestions (src/suggest/). */
  suggest: SuggestIndex;
}

const VECTOR_FILE = SEMANTIC_FILES.vectors;
/** Label of each seq's vector (little-endian uint32), written when an incremental build updated the graph. */
const LABELS_FILE = SEMANTIC_FILES.labels;
const EMBEDDER_FILE = SEMANTIC_FILES.embedder;
/** The graph's edits since its file was written (incremental builds that kept the previous graph file). */
const EDITS_FILE = SEMANTIC_FILES.edits;

/**
 * Hard-links the file `name` of the build `fromDir` into `buildDir` (copies it where the file system
 * cannot link) and returns the checksum `fromDir` recorded for it. Safe because a build's files are
 * never written again once its checksums are recorded: both folders then name the same unchanging
 * bytes, and removing the old folder leaves the new one its link.
 */
async function reuseBuildFile(fromDir: string, buildDir: string, name: string): Promise<Checksums[string]> {
  const recorded = JSON.parse(await readFile(path.join(fromDir, BUILD_FILES.checksums), 'utf8')) as Checksums;
  const checksum = recorded[name];
  if (!checksum) throw new Error(`${name} is not recorded in ${fromDir}`);
  const target = path.join(buildDir, name);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await link(path.join(fromDir, name), target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
    await copyFile(path.join(fromDir, name), target);
  }
  return checksum;
}

/** Saves a build into `indexDir` atomically (see {@link writeBuild}); returns its folder. */
export async function saveIndex(
  indexDir: string,
  parts: StoredIndex & {
    /** What each input file was when this build read it. */
    inputs: BuildInputs;
    /**
     * The build these parts were made from (an incremental build's previous one, loaded and verified):
     * its corpus model, which `embedderData` must be, is hard-linked instead of written, and so is its
     * graph file while the graph's edits since then stay few (`INCREMENTAL.maxLoggedVectors`): only
     * the edits are written.
     */
    previousBuild?: string;
  },
): Promise<string> {
  return writeBuild(indexDir, async (buildDir, files) => {
    const { previousBuild } = parts;
    const { documents, paragraphs } = parts.corpus;
    await files.write(BUILD_FILES.documents, JSON.stringify(documents));
    await files.write(
      BUILD_FILES.paragraphs,
      encodeBinaryFile(PARAGRAPHS_FILE_KIND, paragraphSections(paragraphs, documents)),
    );
    await files.write(
      BUILD_FILES.keyword,
      encodeBinaryFile(KEYWORD_FILE_KIND, keywordSections(saveKeywordIndex(parts.keyword))),
    );
    if (parts.vectors) {
      await mkdir(path.join(buildDir, BUILD_FILES.vector), { recursive: true });
      const edits = parts.vectors.edits ?? [];
      if (previousBuild && edits.length > 0 && addedByEdits(edits) <= INCREMENTAL.maxLoggedVectors) {
        await files.reuse(previousBuild, VECTOR_FILE);
        await files.write(EDITS_FILE, encodeGraphEdits(edits, parts.vectors.dimensions));
      } else {
        saveVectorIndex(parts.vectors, path.join(buildDir, VECTOR_FILE));
      }
      const labels = parts.vectors.labels?.labelOfSeq;
      if (labels) {
        await files.write(LABELS_FILE, new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
      }
    }
    await files.write(BUILD_FILES.inputs, JSON.stringify(parts.inputs));
    if (parts.embedderData && previousBuild) {
      const model = await files.reuse(previousBuild, EMBEDDER_FILE);
      if (model.bytes !== parts.embedderData.byteLength) {
        throw new Error(`${EMBEDDER_FILE} of ${previousBuild} is not the corpus model of this build`);
      }
    } else if (parts.embedderData) {
      await files.write(EMBEDDER_FILE, parts.embedderData);
    }
    for (const [name, data] of suggestFiles(parts.suggest)) await files.write(name, data);
    // Every document's measure units and every series comparison, made at build time for the first
    // comparison after a start (an incremental build copies those of unchanged documents).
    const previousLineage = previousBuild ? readPreviousLineageRecords(previousBuild) : null;
    for (const [name, data] of lineageRecordFiles(parts.corpus, previousLineage))
      await files.write(name, data);
    // The manifest goes last of the parts: its presence says the rest was written.
    await files.write(BUILD_FILES.manifest, JSON.stringify(parts.manifest));
  });
}

/** How {@link loadIndex} reads a build. */
export interface LoadOptions {
  /** The build folder to read (already resolved from `CURRENT` by the caller); default: `CURRENT`'s. */
  buildDir?: string;
  /**
   * Leave the semantic files ({@link SEMANTIC_FILES}) unread and unverified: the semantic worker
   * reads and verifies them in parallel. `vectors` and `embedderData` are then null.
   */
  skipSemantic?: boolean;
  /**
   * Read `keyword.bin` and the paragraph columns keyword search reads into shared memory, for
   * keyword search threads (`shared` of the result; src/persist/keyword-threads.ts).
   */
  shareKeyword?: boolean;
}

/**
 * Loads the live build of `indexDir`: checks every file against its checksum, refuses other format
 * or analyzer versions, and rebuilds the in-memory indexes. Any problem is an {@link IndexLoadError}
 * whose one-line message ends with the rebuild command.
 */
export async function loadIndex(
  indexDir: string,
  expected: ExpectedVersions = CURRENT_VERSIONS,
  options: LoadOptions = {},
): Promise<
  StoredIndex & {
    /** The build folder's name (`build-<time>-<pid>`): which build this is. */ buildId: string;
    /** The measure units and series comparisons stored at build time, read on first use (src/lineage). */
    storedLineage: StoredLineage;
    /** Closes the paragraph file the corpus reads original wordings from (else closed when the index is collected). */
    release(): void;
    /** The keyword side in shared memory, when loaded with `shareKeyword`; else null. */
    shared: SharedKeywordData | null;
  }
> {
  const buildDir = options.buildDir ?? (await currentBuildDir(indexDir));
  // Versions first: an outdated index is refused without reading hundreds of megabytes.
  const manifest = await readManifest(indexDir, buildDir, expected);
  const files = await readVerifiedFiles(buildDir, refuseWith(indexDir));
  // Every file the keyword side keeps is read (and checked) at once: the later ones stream in from
  // libuv's threads while this thread decodes the earlier ones. Each is used only once verified.
  // The suggestions are only looked at here (there, with their recorded size): they are read and
  // checked when the server makes its type-ahead tables after it listens, or on the first type-ahead.
  const reads = {
    documents: files.read(BUILD_FILES.documents),
    paragraphs: files.read(BUILD_FILES.paragraphs),
    keyword: options.shareKeyword ? files.readShared(BUILD_FILES.keyword) : files.read(BUILD_FILES.keyword),
    suggest: files.checkSize(SUGGEST_FILE),
  };
  // The first failure is thrown where it is awaited; the rest must not go unhandled meanwhile.
  for (const read of Object.values(reads)) read.catch(() => {});
  const documents = parseJson(indexDir, BUILD_FILES.documents, await reads.documents);
  if (!Array.isArray(documents)) {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${BUILD_FILES.documents} lists no documents`));
  }
  const paragraphs = openParagraphs(indexDir, buildDir, await reads.paragraphs, documents as DocumentMeta[], {
    share: options.shareKeyword === true,
  });
  if (paragraphs.count !== manifest.paragraphs) {
    paragraphs.close();
    throw new IndexLoadError(loadErrorMessage(indexDir, 'its paragraphs do not match the manifest'));
  }
  const corpus = corpusOnDemand(documents as DocumentMeta[], paragraphs);
  let keyword: KeywordIndex;
  let semantic: Pick<StoredIndex, 'vectors' | 'embedderData'>;
  let keywordBytes: Uint8Array;
  try {
    keywordBytes = await reads.keyword;
    const saved = decodeFile(indexDir, BUILD_FILES.keyword, keywordBytes, keywordFromSections);
    keyword = wrapLoadError(indexDir, () => loadKeywordIndex(saved, corpus, paragraphs));
    // With skipSemantic the semantic worker reads (and checks) the graph and the model itself.
    const readSemantic = manifest.embedder && !options.skipSemantic;
    semantic = readSemantic
      ? await readSemanticFiles(indexDir, buildDir, manifest, files)
      : { vectors: null, embedderData: null };
    await reads.suggest;
  } catch (error) {
    // A build refused half-way lets go of the paragraph file it opened.
    paragraphs.close();
    throw error;
  }
  const { vectors, embedderData } = semantic;
  const suggest = lazySuggestIndex(indexDir, () => files.readNow(SUGGEST_FILE));
  return {
    buildId: path.basename(buildDir),
    manifest,
    corpus,
    keyword,
    vectors,
    embedderData,
    suggest,
    storedLineage: storedLineage(buildDir),
    release: paragraphs.close,
    shared: sharedKeywordOf(keywordBytes, paragraphs, documents as DocumentMeta[]),
  };
}

/**
 * The semantic half of the build in `buildDir` — the graph (its edit log replayed) and the corpus
 * model — checked against its checksums. hnswlib reads the graph on a libuv thread, so a caller that
 * starts this first and loads the rest with `skipSemantic` meanwhile waits for the longer of the two.
 */
export async function loadSemanticFiles(
  indexDir: string,
  buildDir: string,
  manifest: Manifest,
): Promise<Pick<StoredIndex, 'vectors' | 'embedderData'>> {
  if (!manifest.embedder) return { vectors: null, embedderData: null };
  return readSemanticFiles(
    indexDir,
    buildDir,
    manifest,
    await readVerifiedFiles(buildDir, refuseWith(indexDir)),
  );
}

async function readSemanticFiles(
  indexDir: string,
  buildDir: string,
  manifest: Manifest,
  files: VerifiedFiles,
): Promise<Pick<StoredIndex, 'vectors' | 'embedderData'>> {
  const vectors = await readVectors(indexDir, buildDir, manifest, files);
  const embedderData = files.has(EMBEDDER_FILE) ? await files.read(EMBEDDER_FILE) : null;
  return { vectors, embedderData };
}

/**
 * The paragraphs of `paragraphs.bin` (its whole verified `bytes`) for reading on demand: only what
 * searches read stays in memory, original wordings are read from the file when shown. Made here,
 * outside any closure `loadIndex` keeps, so the file's buffer is let go once this returns.
 */
function openParagraphs(
  indexDir: string,
  buildDir: string,
  bytes: Uint8Array,
  documents: DocumentMeta[],
  options: ParagraphFileOptions,
): ParagraphFile {
  return decodeFile(indexDir, BUILD_FILES.paragraphs, bytes, (file) =>
    openParagraphFile(path.join(buildDir, BUILD_FILES.paragraphs), file, bytes, documents, options),
  );
}

/** The keyword side in shared memory, when both its parts were loaded shared; else null. */
function sharedKeywordOf(
  keywordBytes: Uint8Array,
  paragraphs: ParagraphFile,
  documents: DocumentMeta[],
): SharedKeywordData | null {
  const columns = paragraphs.shared();
  if (!columns || !(keywordBytes.buffer instanceof SharedArrayBuffer)) return null;
  return { keywordBytes, paragraphs: columns, documents };
}

/** Decodes a binary container of a build with `read`; any defect is an {@link IndexLoadError} naming the file. */
function decodeFile<T>(
  indexDir: string,
  name: string,
  bytes: Uint8Array,
  read: (file: ReturnType<typeof decodeBinaryFile>) => T,
): T {
  const kind = name === BUILD_FILES.keyword ? KEYWORD_FILE_KIND : PARAGRAPHS_FILE_KIND;
  try {
    // The whole file's checksum was checked as it was read: the sections need no second pass.
    return read(decodeBinaryFile(bytes, kind, { verify: false }));
  } catch (error) {
    const reason =
      error instanceof BinaryFileError ? error.message : `it cannot be read (${(error as Error).message})`;
    throw new IndexLoadError(loadErrorMessage(indexDir, `${name}: ${reason}`));
  }
}

function parseJson(indexDir: string, name: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${name} is not valid JSON`));
  }
}

/**
 * Writes `data` to `file` (a binary container chunk by chunk, with no second copy of it) and returns
 * its size and checksum, taken from the bytes as they were written: nothing is read back.
 */
async function writeHashed(
  file: string,
  data: string | Uint8Array | Iterable<Uint8Array>,
): Promise<FileChecksum> {
  await mkdir(path.dirname(file), { recursive: true });
  const chunks =
    typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
  const checksum = runningChecksum();
  const handle = await open(file, 'w');
  try {
    for (const chunk of chunks) {
      checksum.update(chunk);
      for (let at = 0; at < chunk.byteLength; ) {
        const { bytesWritten } = await handle.write(chunk, at, chunk.byteLength - at);
        at += bytesWritten;
      }
    }
  } finally {
    await handle.close();
  }
  return checksum.digest();
}

async function readVectors(
  indexDir: string,
  buildDir: string,
  manifest: Manifest,
  files: VerifiedFiles,
): Promise<VectorIndex> {
  const file = path.join(buildDir, VECTOR_FILE);
  const dimensions = manifest.embedder?.dimensions ?? 0;
  // hnswlib reads the file itself: checked first by streaming it through one reused buffer.
  await files.verify(VECTOR_FILE);
  const labelBytes = files.has(LABELS_FILE) ? await files.read(LABELS_FILE) : null;
  if (labelBytes && labelBytes.byteLength % 4 !== 0) {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${LABELS_FILE} is truncated`));
  }
  // files.read gives the file a buffer of its own, aligned for a Uint32Array view.
  const labelOfSeq = labelBytes
    ? new Uint32Array(labelBytes.buffer, labelBytes.byteOffset, labelBytes.byteLength / 4)
    : undefined;
  const editBytes = files.has(EDITS_FILE) ? await files.read(EDITS_FILE) : null;
  const edits: GraphEdit[] | undefined = editBytes
    ? wrapLoadError(indexDir, () => decodeGraphEdits(editBytes, dimensions))
    : undefined;
  const vectors = await readVectorIndex(file, {
    dimensions,
    ...(labelOfSeq ? { labelOfSeq } : {}),
    ...(edits ? { edits } : {}),
  }).catch((error: unknown) =>
    wrapLoadError(indexDir, () => {
      throw error;
    }),
  );
  if (vectors.size !== manifest.paragraphs) {
    throw new IndexLoadError(loadErrorMessage(indexDir, 'the vector index does not cover every paragraph'));
  }
  return vectors;
}

/** How the loader refuses a build of `indexDir`: one line naming the reason and the rebuild command. */
function refuseWith(indexDir: string): (reason: string) => IndexLoadError {
  return (reason) => new IndexLoadError(loadErrorMessage(indexDir, reason));
}

function wrapLoadError<T>(indexDir: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof IndexLoadError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0]?.replace(/\.$/, '') : String(error);
    throw new IndexLoadError(loadErrorMessage(indexDir, reason ?? 'a part could not be read'));
  }
}

async function readOptional(file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    return null;
  }
}

/** The `inputs.json` of a build, or null for a build written before builds recorded their inputs. */
export async function readBuildInputs(buildDir: string): Promise<BuildInputs | null> {
  try {
    return JSON.parse(await readFile(path.join(buildDir, BUILD_FILES.inputs), 'utf8')) as BuildInputs;
  } catch {
    return null;
  }
}

/** The embedding cache kept in `indexDir/cache/` for the embedder `info` (empty when there is none yet). */
export async function readEmbeddingCache(indexDir: string, info: EmbedderInfo): Promise<EmbeddingCache> {
  const bytes = (await readOptional(cacheFile(indexDir, info))) ?? new Uint8Array();
  return decodeEmbeddingCache(bytes, info);
}

/**
 * Replaces the cache file of `cache`'s embedder (write-to-temp + rename, so a crash leaves the old one)
 * and removes caches of earlier models of the same kind: a corpus model changes with the corpus, and
 * its old vectors would otherwise pile up at every rebuild.
 */
export async function writeEmbeddingCache(
  indexDir: string,
  info: EmbedderInfo,
  cache: EmbeddingCache,
): Promise<void> {
  const file = cacheFile(indexDir, info);
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, cache.encode());
  await rename(temp, file);
  for (const name of await readdir(folder)) {
    if (name.startsWith(`${info.kind}-`) && name.endsWith('.bin') && name !== path.basename(file)) {
      await rm(path.join(folder, name), { force: true });
    }
  }
}

function cacheFile(indexDir: string, info: EmbedderInfo): string {
  const name = createHash('sha1').update(embedderKey(info)).digest('hex').slice(0, 16);
  return path.join(indexDir, CACHE_FOLDER, `${info.kind}-${name}.bin`);
}

/** Writes `value` as JSON to `file`, creating its folder. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

/** The name of the live build folder as `CURRENT` says now, or null when there is none (cheap: one small read). */
export async function currentBuildName(indexDir: string): Promise<string | null> {
  try {
    const name = (await readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
    return isBuildFolderName(name) ? name : null;
  } catch {
    return null;
  }
}

/** The folder of the live build named by `CURRENT`; throws {@link IndexLoadError} when there is none. */
export async function currentBuildDir(indexDir: string): Promise<string> {
  let name: string;
  try {
    name = (await readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
  } catch {
    throw new IndexLoadError(loadErrorMessage(indexDir, 'no index has been built there'));
  }
  if (!isBuildFolderName(name)) {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${CURRENT_FILE} names no build folder`));
  }
  return path.join(indexDir, name);
}

/** Reads and parses one JSON file of a build; a missing or unparsable file is an {@link IndexLoadError}. */
export async function readJson(indexDir: string, buildDir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.join(buildDir, file), 'utf8');
  } catch {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${file} is missing`));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new IndexLoadError(loadErrorMessage(indexDir, `${file} is not valid JSON`));
  }
}

/** Reads the live build's manifest and refuses one written by another format or analyzer version. */
export async function readManifest(
  indexDir: string,
  buildDir: string,
  expected: ExpectedVersions,
): Promise<Manifest> {
  const manifest = (await readJson(indexDir, buildDir, BUILD_FILES.manifest)) as Manifest;
  const problem = versionProblem(manifest, expected);
  if (problem) throw new IndexLoadError(loadErrorMessage(indexDir, problem));
  return manifest;
}

/**
 * Why the index in `indexDir` should be rebuilt for `inputDir`, or null when it is current: no
 * build, another format or analyzer version, another input folder, or changed input files. Reads only
 * the manifest (damaged files are the loader's to find, and it names the rebuild command).
 */
export async function staleReason(
  indexDir: string,
  inputDir: string,
  expected: ExpectedVersions = CURRENT_VERSIONS,
): Promise<string | null> {
  let manifest: Manifest;
  try {
    const buildDir = await currentBuildDir(indexDir);
    manifest = await readManifest(indexDir, buildDir, expected);
  } catch (error) {
    if (error instanceof IndexLoadError) return error.message;
    throw error;
  }
  if (path.resolve(manifest.inputDir) !== path.resolve(inputDir)) {
    return `the index was built from ${manifest.inputDir}, not ${path.resolve(inputDir)}`;
  }
  if (manifest.inputFingerprint !== (await fingerprintInput(inputDir))) {
    return `files in ${inputDir} changed since the index was built`;
  }
  return null;
}

/** The fingerprint of every file under `inputDir` (paths, sizes, modification times); hidden entries skipped. */
export async function fingerprintInput(inputDir: string): Promise<string> {
  const entries = await readdir(inputDir, { recursive: true, withFileTypes: true });
  const wanted: { full: string; relative: string }[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(inputDir, full).split(path.sep).join('/');
    if (relative.split('/').some((part) => part.startsWith('.'))) continue;
    wanted.push({ full, relative });
  }
  // All at once on libuv's threads: one at a time, the 3,480 files of the laws corpus kept
  // `npm start`'s staleness check waiting ≈ 0.5 s (the fingerprint sorts, so the order is free).
  const files: InputFileStat[] = await Promise.all(
    wanted.map(async ({ full, relative }) => {
      const info = await stat(full);
      return { path: relative, size: info.size, mtimeMs: info.mtimeMs };
    }),
  );
  return inputFingerprint(files);
}

function versionProblem(manifest: Manifest, expected: ExpectedVersions): string | null {
  if (typeof manifest !== 'object' || manifest === null) return 'manifest.json holds no manifest';
  if (manifest.formatVersion !== expected.formatVersion) {
    return `it has format version ${manifest.formatVersion}, this code reads version ${expected.formatVersion}`;
  }
  if (manifest.analyzerVersion !== expected.analyzerVersion) {
    return `it was analyzed by analyzer version ${manifest.analyzerVersion}, this code uses version ${expected.analyzerVersion}`;
  }
  return null;
}

/**
 * Checks every file of a build against the size and checksum recorded when it was written, streaming
 * each through one reused buffer (loading checks each file as it reads it; this is the whole check
 * at once, for tools and tests), except the files in `skip` (paths relative to the build: the
 * semantic worker checks {@link SEMANTIC_FILES} itself).
 */
export async function verifyBuild(
  indexDir: string,
  buildDir: string,
  options: { skip?: readonly string[] } = {},
): Promise<void> {
  const files = await readVerifiedFiles(buildDir, refuseWith(indexDir));
  const recorded = JSON.parse(
    await readFile(path.join(buildDir, BUILD_FILES.checksums), 'utf8'),
  ) as Checksums;
  for (const name of Object.keys(recorded)) if (!options.skip?.includes(name)) await files.verify(name);
}

/** Checksums a build's callback already knows: of files it wrote through its writer, and of files it reused. */
interface KnownChecksums {
  written: Checksums;
  /** Taken whole from an earlier build: already durable, so not synced again. */
  reused: Checksums;
}

/**
 * Size and checksum of every file of `buildDir`, each synced to disk: those in `known` are taken as
 * given; the others (written by someone else) are read and checksummed.
 */
async function checksumFolder(buildDir: string, known: KnownChecksums): Promise<Checksums> {
  const entries = await readdir(buildDir, { recursive: true, withFileTypes: true });
  const checksums: Checksums = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const name = path.relative(buildDir, full).split(path.sep).join('/');
    const reused = known.reused[name];
    const written = known.written[name];
    if (reused) checksums[name] = reused;
    if (written) {
      await fsyncFile(full);
      checksums[name] = written;
    }
    if (reused || written) continue;
    const bytes = await readFile(full);
    await fsyncFile(full);
    checksums[name] = fileChecksum(bytes);
  }
  return checksums;
}

async function switchCurrent(indexDir: string, name: string): Promise<void> {
  const temp = path.join(indexDir, `${CURRENT_FILE}.${process.pid}.tmp`);
  await writeFileDurably(temp, `${name}\n`);
  await rename(temp, path.join(indexDir, CURRENT_FILE));
  await fsyncFile(indexDir);
}

async function removeObsoleteBuilds(indexDir: string, current: string): Promise<void> {
  const names = await readdir(indexDir);
  for (const name of obsoleteBuilds(names, current)) {
    await rm(path.join(indexDir, name), { recursive: true, force: true });
  }
}

async function writeFileDurably(file: string, data: string): Promise<void> {
  await writeFile(file, data);
  await fsyncFile(file);
}

async function fsyncFile(file: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    await handle.sync();
  } finally {
    await handle?.close();
  }
}
