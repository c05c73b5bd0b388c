/** The shapes of a build: what to build from where, and what a build reports (full or incremental). */
import type { EmbedderRequest } from '../src/embedding/choose-embedder.ts';
import type { TransformerEmbedderOptions } from '../src/embedding/transformer-embedder.ts';
import type { EmbedderInfo, SkippedFile } from '../src/types.ts';
import type { Progress } from './progress.ts';

/** Files named on the command line: `--add` (sources to read again) and `--remove` (sources to drop). */
export interface IncrementalRequest {
  add: string[];
  remove: string[];
}

/** What to build from where. */
export interface BuildOptions {
  inputDir: string;
  /** The `index-data/` folder; the new build is switched in atomically. */
  outDir: string;
  /** Which embedder (default `auto`); `none` builds a keyword-only index. */
  embedder: EmbedderRequest | 'none';
  /** Where a transformer's model files are. */
  transformer?: TransformerEmbedderOptions;
  progress: Progress;
  /** `auto` (default): reuse the previous build where the input did not change; `full`: read everything. */
  rebuild?: 'auto' | 'full';
  /** Look only at these files (`--add`, `--remove`) instead of comparing the whole folder. */
  only?: IncrementalRequest;
}

/** What an incremental build did; null in the summary of a full build. */
export interface IncrementalSummary {
  /** The build it started from. */
  base: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

/** The figures a build reports. */
export interface BuildSummary {
  buildDir: string;
  documents: number;
  paragraphs: number;
  skipped: SkippedFile[];
  /** Ingestion and build warnings, each naming its file. */
  warnings: string[];
  embedder: EmbedderInfo | null;
  /** Why this embedder (or none) was used. */
  embedderReason: string;
  /** Paragraphs whose vectors came from the embedding cache. */
  cachedEmbeddings: number;
  seconds: number;
  /** What an incremental build re-read; null for a full build. */
  incremental: IncrementalSummary | null;
  /** Why the build was full, when an incremental one was possible to ask for. */
  fullReason: string | null;
  /** False when nothing changed and no build was written (`buildDir` is then the live one). */
  wrote: boolean;
}
