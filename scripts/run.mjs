// @ts-check
/**
 * Runs one entry point of the sources compiled to JavaScript, in this same process:
 *
 *   node scripts/run.mjs src/server/main.ts [arguments…]
 *
 * What `npm start`, `serve`, `search`, `compare`, `mcp` and `index` run. The sources are compiled
 * first when they changed since the last build (scripts/compile.mjs: hashing them costs 20–40
 * ms, compiling a few seconds), so an edited `.ts` file is never run stale. An entry that has a bundle
 * (`build/<hash>/bundles/…`, see compile.mjs) runs from it. The
 * entry then sees its own arguments, as under `node --import tsx src/server/main.ts arguments…`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundledEntry, compiledTree, SOURCE_FOLDERS } from './compile.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...rest] = process.argv.slice(2);
const inSources = SOURCE_FOLDERS.some((folder) => entry?.startsWith(`${folder}/`));
if (!entry?.endsWith('.ts') || !inSources || !existsSync(path.join(root, entry))) {
  console.error(
    `Usage: node scripts/run.mjs <${SOURCE_FOLDERS.join('|')}>/….ts [arguments…] (a path from the checkout's root)`,
  );
  process.exit(2);
}
let tree;
try {
  tree = await compiledTree({ root, log: (line) => console.error(line) });
} catch (error) {
  console.error(
    `The sources could not be compiled (${error instanceof Error ? error.message.split('\n')[0] : error}).`,
  );
  process.exit(1);
}
// The entry's bundle when it has one (scripts/compile.mjs: one file to load instead of hundreds).
const compiled = bundledEntry(tree, entry) ?? path.join(tree, entry.replace(/\.ts$/u, '.js'));
process.argv = [process.argv[0] ?? process.execPath, compiled, ...rest];
await import(pathToFileURL(compiled).href);
