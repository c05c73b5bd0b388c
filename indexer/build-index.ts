/**
 * One build, start to finish — orchestration only: read → ingest → keyword index → embeddings
 * (through the cache) → vector index → atomic write. Each step's work lives in its own module.
 * Unless asked for a full build, it first tries an incremental one (`build-incrementally.ts`),
 * which re-reads only the files that changed since the previous build.
 */
import path from 'node:path';
import { INDEX_FORMAT_VERSION } from '../src/config.ts';
import { chooseEmbedder } from '../src/embedding/choose-embedder.ts';
import { serializeCorpusModel, trainCorpusEmbedder } from '../src/embedding/corpus-embedder.ts';
import type { Embedder } from '../src/embedding/embedder.ts';
import { calibrateSimilarity } from '../src/embedding/similarity-calibration.ts';
import { buildKeywordIndex } from '../src/keyword/keyword-index.ts';
import type { BuildInputs } from '../src/persist/build-inputs.ts';
import {
  fingerprintInput,
  readEmbeddingCache,
  saveIndex,
  writeEmbeddingCache,
} from '../src/persist/index-store.ts';
import { buildCorpusSuggestions } from '../src/suggest/build-suggestions.ts';
import { ANALYZER_VERSION, indexTokens, queryTokens } from '../src/text/analyze.ts';
import type { Corpus, EmbedderInfo, Manifest, SimilarityCalibration, SkippedFile } from '../src/types.ts';
import { buildVectorIndex, type VectorIndex } from '../src/vector/vector-index.ts';
import { buildIncrementally } from './build-incrementally.ts';
import type { BuildOptions, BuildSummary } from './build-types.ts';
import { ingestSources, warningsOf } from './ingest-sources.ts';
import type { Progress } from './progress.ts';
import { listSources } from './read-documents.ts';

/** Builds the index of `inputDir` into `outDir`; the previous build serves until the new one is complete. */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const { progress } = options;
  const inputDir = path.resolve(options.inputDir);
  // Taken before reading, so a file changed during the build makes the next check call the index stale.
  const inputFingerprint = await fingerprintInput(inputDir);

  let fullReason: string | null = null;
  if ((options.rebuild ?? 'auto') === 'auto') {
    const incremental = await buildIncrementally({ ...options, inputDir, inputFingerprint, started });
    if (incremental.summary) return incremental.summary;
    fullReason = incremental.fullReason;
    progress.note(`Full build: ${fullReason}`);
  }

  progress.phase(`Reading and ingesting documents from ${inputDir}`);
  const { corpus, skipped, warnings, inputs } = await ingestFolder(inputDir, progress);
  progress.note(
    `${corpus.documents.length} documents, ${corpus.paragraphs.length} paragraphs, ${skipped.length} skipped`,
  );

  progress.phase('Building the keyword index');
  const keyword = buildKeywordIndex(corpus);

  progress.phase('Collecting type-ahead suggestions (terms, titles, agencies)');
  const suggest = buildCorpusSuggestions(corpus);

  const semantic = await embedCorpus(corpus, options, warnings);

  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    analyzerVersion: ANALYZER_VERSION,
    builtAt: new Date().toISOString(),
    inputDir,
    inputFingerprint,
    documents: corpus.documents.length,
    paragraphs: corpus.paragraphs.length,
    embedder: semantic.vectors ? semantic.info : null,
    ...(semantic.calibration ? { similarity: semantic.calibration } : {}),
  };
  progress.phase(`Writing the index to ${path.resolve(options.outDir)}`);
  const buildDir = await saveIndex(options.outDir, {
    manifest,
    corpus,
    keyword,
    vectors: semantic.vectors,
    embedderData: semantic.embedderData,
    suggest,
    inputs: { changedSinceFull: 0, files: inputs },
  });
  return {
    buildDir,
    documents: corpus.documents.length,
    paragraphs: corpus.paragraphs.length,
    skipped,
    warnings,
    embedder: manifest.embedder,
    embedderReason: semantic.reason,
    cachedEmbeddings: semantic.cached,
    seconds: (performance.now() - started) / 1000,
    incremental: null,
    fullReason,
    wrote: true,
  };
}

async function ingestFolder(
  inputDir: string,
  progress: Progress,
): Promise<{ corpus: Corpus; skipped: SkippedFile[]; warnings: string[]; inputs: BuildInputs['files'] }> {
  const { documents, skipped, records } = await ingestSources(
    inputDir,
    await listSources(inputDir),
    progress,
  );
  return {
    corpus: {
      documents: documents.map((doc) => doc.meta),
      paragraphs: documents.flatMap((doc) => doc.paragraphs),
    },
    skipped,
    warnings: warningsOf(documents),
    inputs: records,
  };
}

interface SemanticParts {
  info: EmbedderInfo | null;
  vectors: VectorIndex | null;
  embedderData: Uint8Array | null;
  /** Similarity cut-offs read from these vectors (null without vectors). */
  calibration: SimilarityCalibration | null;
  reason: string;
  cached: number;
}

/** Chooses and prepares the embedder, embeds every paragraph (cache first) and builds the vector index. */
async function embedCorpus(
  corpus: Corpus,
  options: BuildOptions,
  warnings: string[],
): Promise<SemanticParts> {
  const none = (reason: string): SemanticParts => ({
    info: null,
    vectors: null,
    embedderData: null,
    calibration: null,
    reason,
    cached: 0,
  });
  const { progress } = options;
  if (options.embedder === 'none') return none('embeddings were switched off (--embedder none)');
  if (corpus.paragraphs.length === 0) return none('there are no paragraphs to embed');

  progress.phase('Choosing the embedder');
  const choice = await chooseEmbedder({
    request: options.embedder,
    ...(options.transformer ? { transformer: options.transformer } : {}),
  });
  progress.note(`${choice.kind}: ${choice.reason}`);

  let embedder: Embedder;
  let embedderData: Uint8Array | null = null;
  // The token lists are the largest structure of a build; they are dropped before the HNSW build.
  let tokenLists: string[][] | null = null;
  let embedMissing: (
    seqs: number[],
    onProgress: (done: number, total: number) => void,
  ) => Promise<Float32Array[]>;
  if (choice.kind === 'corpus') {
    progress.phase('Training the corpus embedder (TF-IDF + truncated SVD)');
    tokenLists = corpus.paragraphs.map((paragraph) => indexTokens(paragraph.text));
    try {
      const trained = trainCorpusEmbedder(tokenLists, { tokenize: queryTokens });
      embedder = trained;
      embedderData = serializeCorpusModel(trained.model);
      embedMissing = async (seqs, onProgress) =>
        trained.embedTokenLists(
          seqs.map((seq) => tokenLists?.[seq] ?? []),
          onProgress,
        );
    } catch (error) {
      const reason = `the corpus embedder could not be trained (${(error as Error).message}); keyword search only`;
      warnings.push(reason);
      return none(reason);
    }
  } else {
    embedder = choice.embedder;
    embedMissing = (seqs, onProgress) =>
      choice.embedder.embedPassages(
        seqs.map((seq) => corpus.paragraphs[seq]?.text ?? ''),
        onProgress,
      );
  }

  try {
    const { vectors, cached } = await embedWithCache(corpus, embedder, embedMissing, options);
    tokenLists = null;
    // The embedder's own cosine scale, read from this corpus: the cut-offs every query will use.
    const calibration = calibrateSimilarity(vectors.length, (i) => vectors[i] as Float32Array);
    progress.note(
      `similarity cut-offs from ${calibration.pairs} random pairs: results ≥ ${calibration.searchFloor}, timeline evidence ≥ ${calibration.timelineFloor}`,
    );
    progress.phase('Building the vector index (HNSW)');
    const bar = progress.bar('Indexing', 'vectors');
    const index = buildVectorIndex(vectors, { onProgress: (done, total) => bar.update(done, total) });
    bar.stop();
    return { info: embedder.info, vectors: index, embedderData, calibration, reason: choice.reason, cached };
  } finally {
    if (choice.kind === 'transformer') await choice.embedder.close();
  }
}

async function embedWithCache(
  corpus: Corpus,
  embedder: Embedder,
  embedMissing: (
    seqs: number[],
    onProgress: (done: number, total: number) => void,
  ) => Promise<Float32Array[]>,
  options: BuildOptions,
): Promise<{ vectors: Float32Array[]; cached: number }> {
  const { progress } = options;
  const cache = await readEmbeddingCache(options.outDir, embedder.info);
  const missing: number[] = [];
  corpus.paragraphs.forEach((paragraph, seq) => {
    if (!cache.get(paragraph.text)) missing.push(seq);
  });
  const cached = corpus.paragraphs.length - missing.length;
  progress.phase(`Embedding ${missing.length} paragraphs (${cached} from the cache)`);
  const bar = progress.bar('Embedding', 'paragraphs');
  const fresh = await embedMissing(missing, (done, total) => bar.update(done, total));
  bar.stop();
  missing.forEach((seq, i) => {
    const vector = fresh[i];
    const paragraph = corpus.paragraphs[seq];
    if (vector && paragraph) cache.set(paragraph.text, vector);
  });
  const vectors = corpus.paragraphs.map((paragraph) => {
    const vector = cache.get(paragraph.text);
    if (!vector) throw new Error(`paragraph ${paragraph.id} has no embedding`);
    return vector;
  });
  cache.retainOnly(corpus.paragraphs.map((paragraph) => paragraph.text));
  await writeEmbeddingCache(options.outDir, embedder.info, cache);
  return { vectors, cached };
}
