import { createHash } from 'node:crypto';

/** What the fingerprint looks at for one input file. */
export interface InputFileStat {
  /** Path relative to the input folder, `/`-separated. */
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * A hash over the input files' paths, sizes and modification times, independent of listing order:
 * it changes when any input file is added, removed, resized or touched.
 */
export function inputFingerprint(files: InputFileStat[]): string {
  const lines = files
    .map((file) => `${file.path}\t${file.size}\t${Math.trunc(file.mtimeMs)}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
