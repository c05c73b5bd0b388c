/**
 * scripts/compile.mjs: the compiled tree the npm scripts run is named by the sources' contents, so
 * an unchanged tree is reused, any edit compiles anew (never a stale module), and two starts that
 * compile at once end up with one complete tree. The bundled entries are rebuilt with the tree, carry
 * their packages, and see each module's `import.meta.url` as the tree's.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildName, bundledEntry, compiledTree, sourceFiles } from '../../scripts/compile.mjs';

let root = '';

/** A tiny checkout: two modules importing each other by `.ts` path, one with a type-only import. */
async function writeTree(answer: number): Promise<void> {
  await mkdir(path.join(root, 'src', 'deep'), { recursive: true });
  await writeFile(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "target": "ES2022" } }\n');
  await writeFile(
    path.join(root, 'src', 'deep', 'answer.ts'),
    `export interface Answer { value: number }\nexport const ANSWER: Answer = { value: ${answer} };\n`,
  );
  await writeFile(
    path.join(root, 'src', 'main.ts'),
    "import type { Answer } from './deep/answer.ts';\nimport { ANSWER } from './deep/answer.ts';\nexport const answer = (): number => (ANSWER as Answer).value;\nexport const where = import.meta.url;\n",
  );
}

/** Imports the compiled `src/main.js` of `tree`. */
async function compiledMain(tree: string): Promise<{ answer: () => number; where: string }> {
  return import(pathToFileURL(path.join(tree, 'src', 'main.js')).href);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'compile-'));
  await writeTree(42);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sourceFiles', () => {
  it('lists the .ts files of the folders, sorted, relative to the root', () => {
    expect(sourceFiles(root, ['src'])).toEqual(['src/deep/answer.ts', 'src/main.ts']);
  });
});

describe('compiledTree', () => {
  it('compiles each module on its own, with .ts imports rewritten to .js, in build/<hash>/', async () => {
    const lines: string[] = [];
    const tree = await compiledTree({ root, folders: ['src'], log: (line) => lines.push(line) });
    expect(path.relative(root, tree)).toMatch(/^build\/[0-9a-f]{16}$/u);
    const main = await compiledMain(tree);
    expect(main.answer()).toBe(42);
    // One module out per module in: import.meta.url names the compiled file itself.
    expect(main.where).toBe(pathToFileURL(path.join(tree, 'src', 'main.js')).href);
    expect(await readFile(path.join(tree, 'src', 'main.js'), 'utf8')).toContain('./deep/answer.js');
    expect(lines[0]).toMatch(/^Compiling 2 files of src\//u);
  });

  it('reuses the tree while the sources are unchanged, even when their times change', async () => {
    const first = await compiledTree({ root, folders: ['src'] });
    await utimes(path.join(root, 'src', 'main.ts'), new Date(), new Date());
    const lines: string[] = [];
    expect(await compiledTree({ root, folders: ['src'], log: (line) => lines.push(line) })).toBe(first);
    expect(lines).toEqual([]);
  });

  it.each([
    ['an edited module', () => writeTree(43)],
    ['a new module', () => writeFile(path.join(root, 'src', 'extra.ts'), 'export const x = 1;\n')],
    ['changed compiler settings', () => writeFile(path.join(root, 'tsconfig.json'), '{}\n')],
  ])('compiles anew after %s, keeping the previous tree', async (_case, change) => {
    const first = await compiledTree({ root, folders: ['src'] });
    const before = buildName(root, sourceFiles(root, ['src']));
    await change();
    expect(buildName(root, sourceFiles(root, ['src']))).not.toBe(before);
    const second = await compiledTree({ root, folders: ['src'] });
    expect(second).not.toBe(first);
    expect((await readdir(path.join(root, 'build'))).sort()).toEqual(
      [path.basename(first), path.basename(second)].sort(),
    );
  });

  it('runs the edited code after an edit, never the stale build', async () => {
    await compiledTree({ root, folders: ['src'] });
    await writeTree(7);
    expect((await compiledMain(await compiledTree({ root, folders: ['src'] }))).answer()).toBe(7);
  });

  it('leaves one complete tree and no temporary folder when two compiles race', async () => {
    const [a, b] = await Promise.all([
      compiledTree({ root, folders: ['src'] }),
      compiledTree({ root, folders: ['src'] }),
    ]);
    expect(a).toBe(b);
    expect(await readdir(path.join(root, 'build'))).toEqual([path.basename(a)]);
    expect((await compiledMain(a)).answer()).toBe(42);
  });

  it('rejects sources esbuild cannot parse, and writes no tree', async () => {
    await writeFile(path.join(root, 'src', 'main.ts'), 'export const = ;\n');
    await expect(compiledTree({ root, folders: ['src'], log: () => {} })).rejects.toThrow(/Build failed/u);
    expect(await readdir(path.join(root, 'build')).catch(() => [])).toEqual([]);
  });
});

/** A CommonJS package in the tiny checkout's node_modules that requires one of Node's own modules. */
async function writePackage(): Promise<void> {
  const folder = path.join(root, 'node_modules', 'tiny-cjs');
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'package.json'), '{ "name": "tiny-cjs", "main": "index.js" }\n');
  await writeFile(
    path.join(folder, 'index.js'),
    "const path = require('node:path');\nmodule.exports = { joined: path.posix.join('a', 'b') };\n",
  );
  await writeFile(
    path.join(root, 'src', 'entry.ts'),
    "import tiny from 'tiny-cjs';\nimport { answer, where } from './main.ts';\nconst lazy = await import('./lazy.ts');\nexport const result = { answer: answer(), where, joined: tiny.joined, own: import.meta.url, lazy: lazy.where };\n",
  );
  // Imported only dynamically: a chunk of its own beside the entry.
  await writeFile(
    path.join(root, 'src', 'lazy.ts'),
    "import { createHash } from 'node:crypto';\nexport const where = import.meta.url;\nexport const hashed = createHash('sha256');\n",
  );
}

/** Imports the bundle of `src/entry.ts` in `tree`. */
async function bundledResult(
  tree: string,
): Promise<{ answer: number; where: string; joined: string; own: string }> {
  const file = bundledEntry(tree, 'src/entry.ts');
  if (!file) throw new Error('src/entry.ts was not bundled');
  return ((await import(pathToFileURL(file).href)) as { result: Awaited<ReturnType<typeof bundledResult>> })
    .result;
}

describe('bundles', () => {
  it('bundles an entry with its modules and packages into bundles/, each module keeping its own import.meta.url', async () => {
    await writePackage();
    const tree = await compiledTree({ root, folders: ['src'], bundles: ['src/entry.ts', 'src/absent.ts'] });
    expect(bundledEntry(tree, 'src/entry.ts')).toBe(path.join(tree, 'bundles', 'src', 'entry', 'entry.js'));
    expect(bundledEntry(tree, 'src/main.ts')).toBeNull();
    expect(bundledEntry(tree, 'src/absent.ts')).toBeNull();
    const result = await bundledResult(tree);
    expect(result).toEqual({
      answer: 42,
      // The URLs of the modules in the tree, not the bundle's: paths found from them mean the same.
      where: pathToFileURL(path.join(tree, 'src', 'main.js')).href,
      own: pathToFileURL(path.join(tree, 'src', 'entry.js')).href,
      joined: 'a/b',
      lazy: pathToFileURL(path.join(tree, 'src', 'lazy.js')).href,
    });
    const text = await readFile(path.join(tree, 'bundles', 'src', 'entry', 'entry.js'), 'utf8');
    // One file: the package and the modules are inside, not imported.
    expect(text).toContain('node_modules/tiny-cjs/index.js');
    expect(text).not.toMatch(/from\s*["'](?:tiny-cjs|\.\/main\.js)["']/u);
    // What only a dynamic import() loads is in a chunk beside the entry, and so are the Node modules it imports.
    expect(text).not.toContain('node:crypto');
    const chunks = (await readdir(path.join(tree, 'bundles', 'src', 'entry'))).filter(
      (name) => name.startsWith('chunk-') && name.endsWith('.js'),
    );
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('rebuilds the bundle with the tree after an edit, never running a stale one', async () => {
    await writePackage();
    const first = await compiledTree({ root, folders: ['src'], bundles: ['src/entry.ts'] });
    expect((await bundledResult(first)).answer).toBe(42);
    await writeTree(9);
    const second = await compiledTree({ root, folders: ['src'], bundles: ['src/entry.ts'] });
    expect(second).not.toBe(first);
    expect((await bundledResult(second)).answer).toBe(9);
  });
});
