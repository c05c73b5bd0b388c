/**
 * `index-data/` on disk: every build in a folder of its own, `CURRENT` naming the live one and
 * switched by write-to-temp + rename, so a crash half-way through a build leaves the previous
 * build serving. The loader checks versions and every file's size and hash before trusting it.
 */
import { createHash } from 'node:crypto';
import {
  type FileHandle,
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
import { IndexLoadError } from '../errors.ts';
import type { Manifest } from '../types.ts';
import {
  BUILD_FILES,
  buildFolderName,
  CURRENT_FILE,
  isBuildFolderName,
  loadErrorMessage,
  obsoleteBuilds,
} from './build-folder.ts';
import { type InputFileStat, inputFingerprint } from './input-fingerprint.ts';

/** Size and sha256 of one file of a build, keyed by its path relative to the build folder. */
type Checksums = Record<string, { bytes: number; sha256: string }>;

/** The versions the running code writes and accepts. */
export interface ExpectedVersions {
  formatVersion: number;
  analyzerVersion: number;
}

/**
 * Writes a new build into a fresh folder of `indexDir` with `writeFiles`, records its checksums,
 * then switches `CURRENT` to it and removes older builds. If `writeFiles` throws, the half-written
 * folder is removed and `CURRENT` still names the previous build. Returns the new build's folder.
 */
export async function writeBuild(
  indexDir: string,
  writeFiles: (buildDir: string) => Promise<void>,
  startedAt: number = Date.now(),
): Promise<string> {
  const name = buildFolderName(startedAt, process.pid);
  const buildDir = path.join(indexDir, name);
  await mkdir(buildDir, { recursive: true });
  try {
    await writeFiles(buildDir);
    const checksums = await checksumFolder(buildDir);
    await writeFileDurably(path.join(buildDir, BUILD_FILES.checksums), JSON.stringify(checksums));
  } catch (error) {
    await rm(buildDir, { recursive: true, force: true });
    throw error;
  }
  await switchCurrent(indexDir, name);
  await removeObsoleteBuilds(indexDir, name);
  return buildDir;
}

/** Writes `value` as JSON to `file`, creating its folder. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

/** The folder of the live build, checked to be complete and intact; throws {@link IndexLoadError}. */
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
  const buildDir = path.join(indexDir, name);
  await verifyChecksums(indexDir, buildDir);
  return buildDir;
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
 * usable build, another format or analyzer version, another input folder, or changed input files.
 */
export async function staleReason(
  indexDir: string,
  inputDir: string,
  expected: ExpectedVersions,
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

/** Whether the index in `indexDir` is missing, from another version, or older than `inputDir`'s files. */
export async function isIndexStale(
  indexDir: string,
  inputDir: string,
  expected: ExpectedVersions,
): Promise<boolean> {
  return (await staleReason(indexDir, inputDir, expected)) !== null;
}

/** The fingerprint of every file under `inputDir` (paths, sizes, modification times); hidden entries skipped. */
export async function fingerprintInput(inputDir: string): Promise<string> {
  const entries = await readdir(inputDir, { recursive: true, withFileTypes: true });
  const files: InputFileStat[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(inputDir, full).split(path.sep).join('/');
    if (relative.split('/').some((part) => part.startsWith('.'))) continue;
    const info = await stat(full);
    files.push({ path: relative, size: info.size, mtimeMs: info.mtimeMs });
  }
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

async function verifyChecksums(indexDir: string, buildDir: string): Promise<void> {
  const recorded = (await readJson(indexDir, buildDir, BUILD_FILES.checksums)) as Checksums;
  for (const [file, expected] of Object.entries(recorded)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(buildDir, file));
    } catch {
      throw new IndexLoadError(loadErrorMessage(indexDir, `${file} is missing`));
    }
    if (bytes.length !== expected.bytes) {
      throw new IndexLoadError(
        loadErrorMessage(indexDir, `${file} has ${bytes.length} bytes, ${expected.bytes} were written`),
      );
    }
    if (sha256(bytes) !== expected.sha256) {
      throw new IndexLoadError(loadErrorMessage(indexDir, `${file} is corrupted (checksum mismatch)`));
    }
  }
}

async function checksumFolder(buildDir: string): Promise<Checksums> {
  const entries = await readdir(buildDir, { recursive: true, withFileTypes: true });
  const checksums: Checksums = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(full);
    await fsyncFile(full);
    checksums[path.relative(buildDir, full).split(path.sep).join('/')] = {
      bytes: bytes.length,
      sha256: sha256(bytes),
    };
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

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
