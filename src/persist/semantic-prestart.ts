/**
 * Starts the semantic worker before the rest of a program is imported. The server and the CLI call
 * this first, with only this module's few imports loaded, so the worker reads the HNSW graph (the
 * longer half of an open at laws scale) while the main thread is still compiling Express, zod and the
 * keyword side's modules; `openIndex(…, { prestarted })` then adopts the thread when it opens the
 * same build with the same worker data, and closes it otherwise. Nothing is validated here: a
 * missing, unreadable or outdated manifest only means no early start, and `openIndex` refuses it
 * as before.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TransformerEmbedderOptions } from '../embedding/transformer-embedder.ts';
import type { EmbedderInfo, Manifest } from '../types.ts';
import { type SemanticThread, startSemanticThread } from '../vector/semantic-thread.ts';
import type { SemanticWorkerData } from '../vector/semantic-worker.ts';
import { BUILD_FILES, CURRENT_FILE, isBuildFolderName } from './build-folder.ts';

/** Where a transformer embedder's model files are found when an index built with one is opened. */
export type ModelLocation = Pick<TransformerEmbedderOptions, 'localModelPath' | 'cacheDir' | 'allowRemote'>;

/** The transformer model location named by MODEL_DIR and MODEL_CACHE_DIR: one reading for the server and the CLI. */
export function modelLocationFromEnv(env: NodeJS.ProcessEnv): ModelLocation {
  return {
    ...(env.MODEL_DIR ? { localModelPath: env.MODEL_DIR } : {}),
    ...(env.MODEL_CACHE_DIR ? { cacheDir: env.MODEL_CACHE_DIR } : {}),
  };
}

/** A semantic worker started early, and what it was started with. */
export interface PrestartedSemantic {
  data: SemanticWorkerData;
  load: Promise<SemanticThread>;
}

/** What the semantic worker of the build in `buildDir` is started with: one definition for the early start and `openIndex`. */
export function semanticWorkerData(
  buildDir: string,
  manifest: Pick<Manifest, 'paragraphs' | 'similarity'>,
  embedder: EmbedderInfo,
  models: ModelLocation,
): SemanticWorkerData {
  return {
    buildDir,
    embedder,
    paragraphs: manifest.paragraphs,
    verify: true,
    calibrate: !manifest.similarity,
    models,
  };
}

/** True when two starts of the worker would load the same thing the same way. */
export function sameWorkerData(a: SemanticWorkerData, b: SemanticWorkerData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Starts the semantic worker over the live build of `indexDir` when its manifest names an embedder;
 * null when there is nothing to start or the manifest cannot be read (the opener says why, later).
 */
export async function prestartSemanticThread(
  indexDir: string,
  models: ModelLocation,
): Promise<PrestartedSemantic | null> {
  try {
    const name = (await readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
    if (!isBuildFolderName(name)) return null;
    const buildDir = path.join(indexDir, name);
    const manifest = JSON.parse(
      await readFile(path.join(buildDir, BUILD_FILES.manifest), 'utf8'),
    ) as Partial<Manifest>;
    if (!manifest.embedder || typeof manifest.paragraphs !== 'number') return null;
    const data = semanticWorkerData(
      buildDir,
      { paragraphs: manifest.paragraphs, similarity: manifest.similarity },
      manifest.embedder,
      models,
    );
    const load = startSemanticThread(data);
    // Its failure is reported by the opener that adopts it; one not adopted is closed unawaited.
    load.catch(() => {});
    return { data, load };
  } catch {
    return null;
  }
}
