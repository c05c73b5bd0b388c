/**
 * `inputs.json` of a build: what each input file was when the build read it (size and modification
 * time of the file and its sidecar), and what came of it (skipped with a reason, or the warnings it
 * gave). The next build compares these with the folder to find what changed, and re-reads only that:
 * each file is the unit a new build can reuse. Pure: the reading and writing is in index-store.ts.
 */

/** The state of one input file and its sidecar when a build read it. */
export interface InputFileState {
  /** Path relative to the input folder, `/`-separated. */
  source: string;
  size: number;
  mtimeMs: number;
  /** Size and modification time of `<file>.meta.json`, null when there was none. */
  sidecar: { size: number; mtimeMs: number } | null;
}

/** What a build recorded about one input file. */
export interface InputRecord extends InputFileState {
  /** Why the file was skipped; absent for an indexed document. */
  skipped?: string;
  /** The ingestion warnings of an indexed document. */
  warnings?: string[];
}

/** The `inputs.json` of one build. */
export interface BuildInputs {
  /** Paragraphs added or removed by incremental builds since the last full build (0 after a full build). */
  changedSinceFull: number;
  files: InputRecord[];
}

/** Whether a file is as it was when `record` was taken (same size and modification time, same sidecar). */
export function isUnchanged(record: InputFileState, now: InputFileState): boolean {
  return (
    record.size === now.size &&
    Math.trunc(record.mtimeMs) === Math.trunc(now.mtimeMs) &&
    (record.sidecar === null) === (now.sidecar === null) &&
    (record.sidecar === null ||
      (record.sidecar.size === now.sidecar?.size &&
        Math.trunc(record.sidecar.mtimeMs) === Math.trunc(now.sidecar.mtimeMs)))
  );
}
