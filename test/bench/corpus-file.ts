/** The cached corpus JSON the runner writes once and every child reads. */
import { readFile } from 'node:fs/promises';
import type { Corpus } from '../../src/types.ts';

/** Reads a corpus written by `benchCorpusPath` (or any Corpus JSON). */
export async function readBenchCorpus(path: string): Promise<Corpus> {
  return JSON.parse(await readFile(path, 'utf8')) as Corpus;
}
