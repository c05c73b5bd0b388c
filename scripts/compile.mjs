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
 * Beside the tree, each entry of {@link BUNDLED_ENTRIES} is also bundled into one file,
 * `build/<hash>/bundles/<entry>/<name>.js`, with the packages it imports (those of {@link UNBUNDLED_PACKAGES}
 * excepted), which `scripts/run.mjs` runs instead: one module for Node to read, decode and compile
 * instead of ≈ 560 that it resolves, stats and reads one by one (≈ 0.2 s of a server start's main
 * thread; BENCHMARKS.md, "Server ready"). In the bundle each module's `import.meta.url` is rewritten
 * to the URL of its own module in the tree, so `src/checkout-paths.ts` and every worker or data file
 * found from it mean what they mean unbundled: worker threads still start from the tree.
 *
 *   node scripts/compile.mjs        compiles when needed (the `prepare` script: `npm install` runs it)
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folders compiled: every `.ts` file in them (tests, benches and the page are not: tsx and vitest run those). */
export const SOURCE_FOLDERS = ['src', 'indexer'];
/** The entry points bundled (see above): the ones whose start-up time people wait for. */
export const BUNDLED_ENTRIES = [
  'src/server/main.ts',
  'src/cli/search.ts',
  'src/cli/compare.ts',
  'src/mcp/main.ts',
];
/**
 * Packages left out of the bundles, imported from node_modules at run time as before: native addons
 * (jieba, hnswlib, onnxruntime, better-sqlite3), packages that find their own files or start workers
 * from their own folder (piscina, transformers, swagger-ui-dist), and the tools (esbuild, tsx).
 */
export const UNBUNDLED_PACKAGES = [
  '@node-rs/jieba',
  'hnswlib-node',
  'onnxruntime-node',
  'better-sqlite3',
  'piscina',
  '@huggingface/transformers',
  'swagger-ui-dist',
  'esbuild',
  'tsx',
];
/** The folder of a build holding the bundles, mirroring the entries' paths. */
export const BUNDLES_FOLDER = 'bundles';
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
 * `bundles` (default {@link BUNDLED_ENTRIES}): the entries also bundled, those of them that exist.
 * @param {{ root: string, folders?: readonly string[], bundles?: readonly string[], log?: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function compiledTree({
  root,
  folders = SOURCE_FOLDERS,
  bundles = BUNDLED_ENTRIES,
  log = () => {},
}) {
  const files = sourceFiles(root, folders);
  const entries = bundles.filter((entry) => files.includes(entry));
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
    await bundle(root, entries, temporary);
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
 * The bundle of `entry` (a `.ts` path from the root) in the compiled tree `tree`, or null when the
 * entry is not bundled: what `scripts/run.mjs` runs when it exists.
 * @param {string} tree
 * @param {string} entry
 * @returns {string | null}
 */
export function bundledEntry(tree, entry) {
  const file = path.join(bundleFolder(tree, entry), `${path.basename(entry, '.ts')}.js`);
  return existsSync(file) ? file : null;
}

/**
 * The folder of `entry`'s bundle in the tree `tree`: `bundles/<entry without .ts>/`, holding
 * `<name>.js` and its chunks.
 * @param {string} tree
 * @param {string} entry
 * @returns {string}
 */
function bundleFolder(tree, entry) {
  return path.join(tree, BUNDLES_FOLDER, entry.replace(/\.ts$/u, ''));
}

/**
 * Bundles each of `entries` into `<outDir>/bundles/<entry>/<name>.js` (and its chunks), beside the tree {@link compile} wrote
 * into `outDir` (one esbuild build per entry, run at once: each module's rewritten `import.meta.url`
 * is relative to its own bundle). Whitespace and syntax are minified (a smaller file to decode and
 * parse: ≈ 20 ms of a start), names are not (stack traces and profiles stay readable; the linked map
 * gives the lines).
 * @param {string} root
 * @param {readonly string[]} entries
 * @param {string} outDir
 */
async function bundle(root, entries, outDir) {
  if (entries.length === 0) return;
  const { build } = await import('esbuild');
  const jsPath = (/** @type {string} */ file) => file.replace(/\.ts$/u, '.js');
  await Promise.all(
    entries.map((entry) => {
      const folder = bundleFolder(outDir, entry);
      return build({
        absWorkingDir: root,
        entryPoints: [path.join(root, entry)],
        outdir: folder,
        entryNames: '[name]',
        // The modules a dynamic import() loads (the MCP endpoint, the OpenAPI document) go into chunks
        // of their own beside the entry, loaded when first imported — with the Node modules they
        // import (http2, tls…): in one file, every import of the bundle would be loaded at start.
        splitting: true,
        chunkNames: 'chunk-[hash]',
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        external: UNBUNDLED_PACKAGES,
        minifyWhitespace: true,
        minifySyntax: true,
        sourcemap: 'linked',
        sourcesContent: false,
        logLevel: 'error',
        // The bundled CommonJS packages (Express and its middleware) call `require` for Node's own modules.
        banner: {
          js: "import { createRequire as __createRequireOfBundle } from 'node:module'; const require = __createRequireOfBundle(import.meta.url);",
        },
        plugins: [
          {
            name: 'module-urls',
            setup(builder) {
              builder.onLoad({ filter: /\.ts$/ }, (args) => {
                const relative = path.relative(root, args.path);
                if (relative.startsWith('..') || relative.split(path.sep).includes('node_modules'))
                  return undefined;
                // The module's own file in the tree, relative to the bundle's folder (the entry and its
                // chunks are all in it): right wherever the build folder moves.
                const ownUrl = path
                  .relative(folder, path.join(outDir, jsPath(relative)))
                  .split(path.sep)
                  .join('/');
                const source = readFileSync(args.path, 'utf8');
                return {
                  contents: source.replaceAll(
                    'import.meta.url',
                    `new URL(${JSON.stringify(ownUrl)}, import.meta.url).href`,
                  ),
                  loader: 'ts',
                };
              });
            },
          },
        ],
      });
    }),
  );
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
