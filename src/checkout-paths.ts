/**
 * Where this checkout's files are, whether the code runs from its TypeScript sources (tsx, vitest)
 * or compiled to JavaScript by `scripts/run.mjs` into `build/<hash>/` (what the npm scripts run).
 * The compiled tree mirrors the sources (`build/<hash>/src/…`, `build/<hash>/indexer/…`), so a
 * module's own extension tells which tree it is in and how far up the checkout's root is.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when this module was loaded from the compiled JavaScript build rather than the sources. */
export const RUNNING_COMPILED: boolean = import.meta.url.endsWith('.js');

/**
 * The checkout's root folder (where package.json, public/, seeds/ and index-data/ are): one level
 * above this module in the sources (`src/`), three in the build (`build/<hash>/src/`).
 */
export const CHECKOUT_ROOT: string = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  RUNNING_COMPILED ? '../../..' : '..',
);

/**
 * The module `name` (no extension) beside the module at `from`, in the same tree: `.js` beside a
 * compiled module, `.ts` beside a source. What a worker thread or child process is started from.
 */
export function siblingModule(name: string, from: string): URL {
  const extension = from.endsWith('.js') ? '.js' : '.ts';
  return new URL(`${name}${extension}`, from);
}

/** A file of the sources (not compiled: data files such as the domain dictionary), by its path from the checkout's root. */
export function sourceFile(relative: string): string {
  return path.join(CHECKOUT_ROOT, relative);
}
