/**
 * Reads and ingests a list of input files, stating each before reading it, so the build can record
 * what every file was (`inputs.json`) and the next build can tell what changed. Used by full and
 * incremental builds alike.
 */
import { ingestDocument, isSkipped } from '../src/ingest/ingest-file.ts';
import type { InputRecord } from '../src/persist/build-inputs.ts';
import type { IngestedDocument, SkippedFile } from '../src/types.ts';
import type { Progress } from './progress.ts';
import { readDocument, stateOf } from './read-documents.ts';

/** What ingesting a set of files gave: documents, skipped files, warnings, and each file's record for `inputs.json`. */
export interface IngestedFiles {
  documents: IngestedDocument[];
  skipped: SkippedFile[];
  records: InputRecord[];
}

/** Reads and ingests the given sources of `inputDir`; each file is stated before it is read. */
export async function ingestSources(
  inputDir: string,
  sources: string[],
  progress: Progress,
): Promise<IngestedFiles> {
  const documents: IngestedDocument[] = [];
  const skipped: SkippedFile[] = [];
  const records: InputRecord[] = [];
  const bar = progress.bar('Ingesting', 'files');
  for (const source of sources) {
    // Stated before it is read: a file changed during the build looks changed to the next one.
    const state = await stateOf(inputDir, source);
    if (state === null) continue;
    const result = await ingestSafely(await readDocument(inputDir, source));
    if (isSkipped(result)) {
      skipped.push(result);
      records.push({ ...state, skipped: result.reason });
    } else {
      documents.push(result);
      records.push({ ...state, warnings: result.warnings });
    }
    bar.update(records.length, sources.length);
  }
  bar.stop();
  return { documents, skipped, records };
}

/** The warnings of ingested documents, each naming its file. */
export function warningsOf(documents: IngestedDocument[]): string[] {
  return documents.flatMap((doc) => doc.warnings.map((warning) => prefixed(doc.meta.source, warning)));
}

/** Ingestion is meant never to throw; if it does anyway, that one file is skipped, not the build. */
async function ingestSafely(
  input: Parameters<typeof ingestDocument>[0],
): Promise<IngestedDocument | SkippedFile> {
  try {
    return await ingestDocument(input);
  } catch (error) {
    return { source: input.source, reason: `ingestion failed: ${(error as Error).message}` };
  }
}

function prefixed(source: string, warning: string): string {
  return warning.startsWith(source) ? warning : `${source}: ${warning}`;
}
