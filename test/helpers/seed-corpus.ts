/**
 * The five seed documents ingested once per test process, for tests that pin behaviour on the
 * real seeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestFile, isSkipped } from '../../src/ingest/ingest-file.ts';
import type { Corpus, IngestedDocument } from '../../src/types.ts';

/** Absolute path of the project's seeds/ folder. */
export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

let cached: { corpus: Corpus; documents: IngestedDocument[] } | null = null;

function ingestSeeds(): { corpus: Corpus; documents: IngestedDocument[] } {
  const documents: IngestedDocument[] = [];
  for (const name of readdirSync(SEEDS_DIR).sort()) {
    if (!/\.(txt|md|html?)$/u.test(name)) continue;
    const result = ingestFile({ source: name, bytes: readFileSync(`${SEEDS_DIR}${name}`) });
    if (isSkipped(result)) throw new Error(`seed ${name} was skipped: ${result.reason}`);
    documents.push(result);
  }
  return {
    documents,
    corpus: {
      documents: documents.map((doc) => doc.meta),
      paragraphs: documents.flatMap((doc) => doc.paragraphs),
    },
  };
}

/** Every seed ingested with `ingestFile`, in file-name order (memoized). */
export function loadSeedCorpus(): Corpus {
  cached ??= ingestSeeds();
  return cached.corpus;
}

/** The ingested seed documents with their warnings, in file-name order (memoized). */
export function loadSeedDocuments(): IngestedDocument[] {
  cached ??= ingestSeeds();
  return cached.documents;
}
