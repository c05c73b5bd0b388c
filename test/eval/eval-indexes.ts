/**
 * The indexes the evaluation runs on: the seeds alone and, when the laws corpus is on disk, the laws
 * plus the seeds. Either may be given as a folder (a flag or an environment variable); otherwise it
 * is built here, once, into the system temp folder under a key of the code and the input, so a clean
 * clone needs nothing prepared and a second run reuses the first one's build.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildIndex } from '../../indexer/build-index.ts';
import { createProgress } from '../../indexer/progress.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

const REPO = resolve(import.meta.dirname, '../..');
const SEEDS_DIR = join(REPO, 'seeds');
/** Where the laws corpus lives when nobody says otherwise: beside the repository, read in place. */
export const DEFAULT_LAWS_DIR = resolve(process.env.LAWS_DIR ?? join(REPO, '../shared/corpus/laws'));
const WORK = join(tmpdir(), 'policy-search-eval');
/** Code whose change changes what an index holds. */
const CODE_FOLDERS = ['src', 'indexer'];

/** The seed index folder: `given`, or the tests' shared seed index (built when missing). */
export async function seedsIndexDir(given: string | undefined): Promise<string> {
  return given ? resolve(given) : seedIndexDir();
}

/**
 * The laws+seeds index folder: `given`, else one built here from the seeds and `lawsDir` — or null
 * when no folder is given and the laws corpus is not on disk.
 */
export async function lawsIndexDir(
  given: string | undefined,
  lawsDir: string,
  log: (line: string) => void,
): Promise<string | null> {
  if (given) return resolve(given);
  if (!existsSync(lawsDir)) return null;
  const key = await inputKey(lawsDir);
  const outDir = join(WORK, `laws-index-${key}`);
  if (existsSync(join(outDir, 'CURRENT'))) {
    log(`laws+seeds index: cached ${outDir}`);
    return outDir;
  }
  // The indexer reads one folder and follows no symbolic links: stage the seeds and a copy of the laws.
  const input = join(WORK, `laws-input-${key}`);
  await rm(input, { recursive: true, force: true });
  await mkdir(input, { recursive: true });
  await cp(SEEDS_DIR, input, { recursive: true, preserveTimestamps: true });
  await cp(lawsDir, join(input, 'laws'), { recursive: true, preserveTimestamps: true });
  log(`laws+seeds index: building ${outDir} (about 4 minutes)`);
  await buildIndex({
    inputDir: input,
    outDir,
    embedder: 'corpus',
    progress: createProgress(process.stderr, true),
  });
  await rm(input, { recursive: true, force: true });
  return outDir;
}

/** A key of the indexing code and the laws files' names, sizes and times. */
async function inputKey(lawsDir: string): Promise<string> {
  const hash = createHash('sha1');
  for (const folder of CODE_FOLDERS) {
    for (const file of await filesUnder(join(REPO, folder))) {
      hash.update(relative(REPO, file));
      hash.update(await readFile(file));
    }
  }
  for (const file of await filesUnder(lawsDir)) {
    const info = await stat(file);
    hash.update(`${relative(lawsDir, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The laws+seeds index a test may use without building one: LAWS_INDEX_DIR, else the one `npm run
 * eval` built for the current code and laws, else null (the test is skipped).
 */
export async function existingLawsIndexDir(lawsDir = DEFAULT_LAWS_DIR): Promise<string | null> {
  if (process.env.LAWS_INDEX_DIR) return resolve(process.env.LAWS_INDEX_DIR);
  if (!existsSync(lawsDir)) return null;
  const built = join(WORK, `laws-index-${await inputKey(lawsDir)}`);
  return existsSync(join(built, 'CURRENT')) ? built : null;
}
