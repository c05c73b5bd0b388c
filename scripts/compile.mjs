// @ts-check
/**
 * Compiles the TypeScript of `src/` and `indexer/` to JavaScript in `build/<hash>/`, where `<hash>`
 * names the sources' contents (and this file's, which holds the settings): a start after an edit,
 * a `git checkout` or a fresh clone compiles anew, an unchanged tree reuses its build. The npm scripts
 * run the compiled modules (scripts/run.mjs) because `node --import tsx` transpiles every module at
 * every start in a loader thread (≈ 0.8 s of CPU before the first line of ours runs; BENCHMARKS.md,
 * "Start-up without tsx").
 *
 * esbuild, not tsc: tsx runs esbuild's transform already (so the compiled modules are the ones tsx
 * runs, minus the loader), and it compiles the ≈ 150 files in about a second where `tsc` takes
 * 13–16 s. Each file stays its own module (the tree mirrors the sources, so `import.meta.url` keeps its
 * meaning); relative `./x.ts` imports become `./x.js`. Types are not checked here: `npm run typecheck` does.
 *
 * A build is written into a temporary folder and renamed into place, so two starts compiling at once
 * never see a half-written tree; the second rename loses and uses the first's.
 *
 *   node scripts/compile.mjs        compiles when needed (the `prepare` script: `npm install` runs it)
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folders compiled: every `.ts` file in them (tests, benches and the page are not: tsx and vitest run those). */
export const SOURCE_FOLDERS = ['src', 'indexer'];
/** Builds kept besides the newest: a server started before an edit may still start a worker from its own. */
const KEEP_BUILDS = 3;
/** Older builds than the kept ones are removed only after this long (a long-running server's tree stays). */
const KEEP_FOR_MS = 24 * 60 * 60 * 1000;

/**
 * The `.ts` files under `folders` of `root`, as sorted paths relative to `root` with `/` separators.
 * @param {string} root
 * @param {readonly string[]} folders
 * @returns {string[]}
 */
export function sourceFiles(root, folders = SOURCE_FOLDERS) {
  const files = [];
  for (const folder of folders) {
    for (const entry of readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      files.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    }
  }
  return files.sort();
}

/**
 * The name of the build of `files`: a hash of their paths and contents, of tsconfig.json (esbuild reads
 * its settings) and of this file (the compile settings). 16 hex digits.
 * @param {string} root
 * @param {readonly string[]} files
 * @returns {string}
 */
export function buildName(root, files) {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(path.join(root, 'tsconfig.json')));
  for (const file of files) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder holding the compiled tree of `root`'s current sources, compiling it first when it does not
 * exist yet; `log` is told when (and why) it compiles. Throws when esbuild reports an error (printed).
 * @param {{ root: string, folders?: readonly string[], log?: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function compiledTree({ root, folders = SOURCE_FOLDERS, log = () => {} }) {
  const files = sourceFiles(root, folders);
  const buildsDir = path.join(root, 'build');
  const target = path.join(buildsDir, buildName(root, files));
  if (isFolder(target)) return target;
  log(
    `Compiling ${files.length} files of ${folders.join('/, ')}/ into ${path.relative(root, target)}/ (the sources changed since the last build) …`,
  );
  const started = performance.now();
  const temporary = `${target}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    await compile(root, files, temporary);
    try {
      renameSync(temporary, target);
    } catch (error) {
      // Another start compiled the same sources meanwhile: its tree is the same, use it.
      if (!isFolder(target)) throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  log(`Compiled in ${Math.round(performance.now() - started)} ms.`);
  removeOldBuilds(buildsDir, target);
  return target;
}

/**
 * Transpiles each of `files` on its own into `outDir`, keeping the folder layout.
 * @param {string} root
 * @param {readonly string[]} files
 * @param {string} outDir
 */
async function compile(root, files, outDir) {
  // Imported only when a build is needed: a start over an unchanged tree never loads esbuild.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: files.map((file) => path.join(root, file)),
    outdir: outDir,
    outbase: root,
    // `bundle` so that the plugin below sees every import; each one is kept external, so nothing is
    // actually bundled: one module in, one module out.
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Linked maps: a stack trace names the .ts line when Node runs with --enable-source-maps.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'error',
    plugins: [
      {
        name: 'keep-imports',
        setup(builder) {
          builder.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            const relative = args.path.startsWith('./') || args.path.startsWith('../');
            return { path: relative ? args.path.replace(/\.ts$/u, '.js') : args.path, external: true };
          });
        },
      },
    ],
  });
}

/**
 * Removes builds other than `current` beyond the newest {@link KEEP_BUILDS} once they are a day old,
 * and temporary folders of compiles that died, a day old too.
 * @param {string} buildsDir
 * @param {string} current
 */
function removeOldBuilds(buildsDir, current) {
  const now = Date.now();
  const others = readdirSync(buildsDir)
    .map((name) => path.join(buildsDir, name))
    .filter((folder) => folder !== current && isFolder(folder))
    .map((folder) => ({ folder, mtimeMs: statSync(folder).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const [rank, { folder, mtimeMs }] of others.entries()) {
    if (rank >= KEEP_BUILDS && now - mtimeMs > KEEP_FOR_MS) rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * @param {string} folder
 * @returns {boolean}
 */
function isFolder(folder) {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tree = await compiledTree({ root, log: (line) => console.error(line) });
  console.error(`Compiled tree: ${path.relative(root, tree)}/`);
}
