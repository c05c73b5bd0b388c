/**
 * An incremental build: the previous build plus what changed in the input folder since it was
 * written. Files are compared with the previous build's `inputs.json` by size and modification
 * time (nothing is read for that); only added and changed files are read, ingested and embedded.
 * Unchanged documents keep their paragraphs (ids and all), their keyword postings (merged, not
 * re-tokenized: BM25 statistics come out as a full build's) and their vectors (the HNSW graph is
 * updated in place: removed vectors marked deleted, new ones inserted; the new build hard-links the
 * previous graph file and writes only these edits, which loading replays). The corpus model, if any,
 * is the one the last full build trained. The result is written as a new build and switched in
 * atomically, exactly like a full build. When it cannot be done incrementally it says why, and the
 * caller builds in full.
 */
import path from 'node:path';
import { INCREMENTAL } from '../src/config.ts';
import { chooseEmbedder } from '../src/embedding/choose-embedder.ts';
import { corpusEmbedderFromModel, deserializeCorpusModel } from '../src/embedding/corpus-embedder.ts';
import { calibrateSimilarity } from '../src/embedding/similarity-calibration.ts';
import { IndexLoadError } from '../src/errors.ts';
import { updateKeywordIndex } from '../src/keyword/keyword-index.ts';
import { type InputFileState, type InputRecord, isUnchanged } from '../src/persist/build-inputs.ts';
import {
  CURRENT_VERSIONS,
  currentBuildName,
  loadIndex,
  loadSemanticFiles,
  readBuildInputs,
  readEmbeddingCache,
  readManifest,
  type StoredIndex,
  saveIndex,
  writeEmbeddingCache,
} from '../src/persist/index-store.ts';
import { indexTokens, queryTokens } from '../src/text/analyze.ts';
import type { Manifest, Paragraph } from '../src/types.ts';
import { updateVectorIndex, type VectorIndex, vectorOfSeq } from '../src/vector/vector-index.ts';
import type { BuildOptions, BuildSummary, IncrementalRequest } from './build-types.ts';
import { incrementalSuggestions } from './incremental-suggestions.ts';
import { ingestSources, warningsOf } from './ingest-sources.ts';
import { mergeCorpus } from './merge-corpus.ts';
import { listSources, stateOf } from './read-documents.ts';

type IncrementalOptions = BuildOptions & { inputDir: string; inputFingerprint: string; started: number };

/** What changed since the previous build. */
interface InputChanges {
  added: InputFileState[];
  changed: InputFileState[];
  removed: string[];
  /** Records of the files that did not change, carried into the new build's `inputs.json`. */
  unchanged: InputRecord[];
}

/** The outcome: a summary when the build was made (or nothing changed), else why a full build is needed. */
export type IncrementalOutcome =
  | { summary: BuildSummary; fullReason?: never }
  | { summary: null; fullReason: string };

function full(fullReason: string): IncrementalOutcome {
  return { summary: null, fullReason };
}

/** Why the previous build's embedder does not serve this request, or null when it does. */
function embedderMismatch(manifest: Manifest, options: BuildOptions): string | null {
  const previous = manifest.embedder;
  const requested = options.embedder;
  if (requested === 'none') return previous ? 'embeddings were switched off (--embedder none)' : null;
  if (!previous) return 'the previous build has no embeddings';
  if (requested !== 'auto' && requested !== previous.kind) {
    return `the previous build used the ${previous.kind} embedder, not the ${requested} one`;
  }
  if (
    options.transformer?.model &&
    previous.kind === 'transformer' &&
    options.transformer.model !== previous.model
  ) {
    return `the previous build used the model ${previous.model}, not ${options.transformer.model}`;
  }
  return null;
}

async function findChanges(
  inputDir: string,
  records: InputRecord[],
  only: IncrementalRequest | undefined,
): Promise<InputChanges> {
  const previous = new Map(records.map((record) => [record.source, record]));
  const changes: InputChanges = { added: [], changed: [], removed: [], unchanged: [] };
  const sort = (state: InputFileState) => {
    const record = previous.get(state.source);
    if (!record) changes.added.push(state);
    else if (only || !isUnchanged(record, state)) changes.changed.push(state);
    else changes.unchanged.push(record);
  };
  if (only) {
    const named = new Set([...only.add, ...only.remove]);
    for (const source of only.add) {
      const state = await stateOf(inputDir, source);
      if (state === null) throw new Error(`--add ${source}: no such file in ${inputDir}`);
      sort(state);
    }
    for (const source of only.remove) {
      if (previous.has(source)) changes.removed.push(source);
      else throw new Error(`--remove ${source}: the index holds no file ${source}`);
    }
    for (const record of records) if (!named.has(record.source)) changes.unchanged.push(record);
    return changes;
  }
  const seen = new Set<string>();
  for (const source of await listSources(inputDir)) {
    const state = await stateOf(inputDir, source);
    if (state === null) continue;
    seen.add(source);
    sort(state);
  }
  for (const record of records) if (!seen.has(record.source)) changes.removed.push(record.source);
  return changes;
}

/** Embeds the added paragraphs the way the previous build's vectors were made, and updates the graph. */
async function updateVectors(
  stored: StoredIndex,
  added: Paragraph[],
  change: { previousToNew: Int32Array; addedSeqs: Uint32Array; size: number },
  options: IncrementalOptions,
): Promise<{ vectors: VectorIndex | null; cached: number }> {
  const info = stored.manifest.embedder;
  if (!info || !stored.vectors) return { vectors: null, cached: 0 };
  let addedVectors: Float32Array[];
  let cached = 0;
  if (info.kind === 'corpus') {
    if (!stored.embedderData) throw new Error('the previous build lacks its corpus model');
    // The manifest names the model by its hash already: no need to serialize it again to hash it.
    const model = deserializeCorpusModel(stored.embedderData);
    const embedder = corpusEmbedderFromModel(model, queryTokens, info.model);
    addedVectors = embedder.embedTokenLists(added.map((paragraph) => indexTokens(paragraph.text)));
  } else {
    const choice = await chooseEmbedder({
      request: 'transformer',
      transformer: { ...options.transformer, model: info.model },
    });
    if (choice.kind !== 'transformer') throw new Error(`the transformer ${info.model} cannot be loaded`);
    try {
      const cache = await readEmbeddingCache(options.outDir, info);
      const missing = added.filter((paragraph) => !cache.get(paragraph.text));
      cached = added.length - missing.length;
      const fresh = await choice.embedder.embedPassages(missing.map((paragraph) => paragraph.text));
      missing.forEach((paragraph, i) => {
        const vector = fresh[i];
        if (vector) cache.set(paragraph.text, vector);
      });
      addedVectors = added.map((paragraph) => cache.get(paragraph.text) as Float32Array);
      await writeEmbeddingCache(options.outDir, info, cache);
    } finally {
      await choice.embedder.close();
    }
  }
  return { vectors: updateVectorIndex(stored.vectors, { ...change, addedVectors }), cached };
}

/** Builds incrementally from the live build of `options.outDir` (see module doc), or says why it cannot. */
export async function buildIncrementally(options: IncrementalOptions): Promise<IncrementalOutcome> {
  const { progress, outDir, inputDir } = options;
  const name = await currentBuildName(outDir);
  if (name === null) return full('there is no previous build');
  const buildDir = path.join(outDir, name);
  let manifest: Manifest;
  try {
    manifest = await readManifest(outDir, buildDir, CURRENT_VERSIONS);
  } catch (error) {
    if (error instanceof IndexLoadError) return full(error.message.replace(/\. Rebuild it with: .*$/u, ''));
    throw error;
  }
  if (path.resolve(manifest.inputDir) !== inputDir)
    return full(`the previous build read ${manifest.inputDir}`);
  const mismatch = embedderMismatch(manifest, options);
  if (mismatch) return full(mismatch);
  const inputs = await readBuildInputs(buildDir);
  if (!inputs) return full('the previous build did not record its input files');

  const changes = await findChanges(inputDir, inputs.files, options.only);
  const touched = changes.added.length + changes.changed.length + changes.removed.length;
  if (touched === 0) {
    progress.note('Nothing changed since the previous build.');
    return { summary: summaryOf(options, manifest, buildDir, inputs.files, [], 0, null, false) };
  }
  const changedSinceFull = inputs.changedSinceFull + touched;
  const limit = Math.max(INCREMENTAL.minChangedFiles, INCREMENTAL.maxChangedShare * inputs.files.length);
  if (changedSinceFull > limit) {
    return full(
      `${changedSinceFull} of ${inputs.files.length} files changed since the last full build (more than ${INCREMENTAL.maxChangedShare * 100}%)`,
    );
  }

  progress.phase(`Loading the previous build ${name}`);
  // The graph is read on a libuv thread while this one loads the keyword half and merges it.
  const semanticLoad = loadSemanticFiles(outDir, buildDir, manifest);
  semanticLoad.catch(() => {});
  const stored = await loadIndex(outDir, CURRENT_VERSIONS, { buildDir, skipSemantic: true });

  const reread = [...changes.added, ...changes.changed].map((state) => state.source).sort();
  progress.phase(`Reading and ingesting ${reread.length} changed documents from ${inputDir}`);
  const ingested = await ingestSources(inputDir, reread, progress);
  const dropped = new Set([...changes.changed.map((state) => state.source), ...changes.removed]);
  const change = mergeCorpus(stored.corpus, dropped, ingested.documents);
  const { corpus } = change;

  progress.phase('Building the keyword index (merging the changed documents)');
  const keyword = updateKeywordIndex(stored.keyword, corpus, change);

  progress.phase(`Embedding ${change.addedSeqs.length} paragraphs and updating the vector index`);
  const semantic = await semanticLoad;
  const added = Array.from(change.addedSeqs, (seq) => corpus.paragraphs[seq] as Paragraph);
  const { vectors, cached } = await updateVectors(
    { ...stored, ...semantic },
    added,
    { previousToNew: change.previousToNew, addedSeqs: change.addedSeqs, size: corpus.paragraphs.length },
    options,
  );

  const files = [...changes.unchanged, ...ingested.records].sort((a, b) =>
    a.source < b.source ? -1 : a.source > b.source ? 1 : 0,
  );
  // The cut-offs come from the corpus's own similarities, so they are measured again over the new
  // corpus exactly as a full build measures them: an incremental build must answer as a full one.
  // It is already cheap: a fixed sample of pairs (SIMILARITY_CALIBRATION.pairs), whatever the corpus size.
  if (vectors) progress.phase('Calibrating the similarity cut-offs');
  const similarity = vectors
    ? calibrateSimilarity(corpus.paragraphs.length, (seq) => vectorOfSeq(vectors, seq))
    : undefined;
  const next: Manifest = {
    ...stored.manifest,
    ...(similarity ? { similarity } : {}),
    builtAt: new Date().toISOString(),
    inputFingerprint: options.inputFingerprint,
    documents: corpus.documents.length,
    paragraphs: corpus.paragraphs.length,
  };
  progress.phase("Updating type-ahead suggestions (the changed documents' counts)");
  const suggest = await incrementalSuggestions(outDir, buildDir, {
    previous: stored.corpus,
    dropped,
    added: ingested.documents,
    corpus,
  });
  progress.phase(`Writing the index to ${path.resolve(outDir)}`);
  const written = await saveIndex(outDir, {
    manifest: next,
    corpus,
    keyword,
    vectors,
    embedderData: semantic.embedderData,
    suggest,
    inputs: { changedSinceFull, files },
    // The corpus model and, while its edits stay few, the graph file are linked, not written again.
    previousBuild: buildDir,
  });
  const summary = summaryOf(
    options,
    next,
    written,
    files,
    warningsOf(ingested.documents),
    cached,
    null,
    true,
  );
  summary.incremental = {
    base: name,
    added: changes.added.map((state) => state.source),
    changed: changes.changed.map((state) => state.source),
    removed: changes.removed,
    unchanged: changes.unchanged.length,
  };
  return { summary };
}

function summaryOf(
  options: IncrementalOptions,
  manifest: Manifest,
  buildDir: string,
  files: InputRecord[],
  freshWarnings: string[],
  cached: number,
  fullReason: string | null,
  wrote: boolean,
): BuildSummary {
  const fresh = new Set(freshWarnings);
  const carried = files.flatMap((file) => (file.warnings ?? []).filter((warning) => !fresh.has(warning)));
  return {
    buildDir,
    documents: manifest.documents,
    paragraphs: manifest.paragraphs,
    skipped: files.flatMap((file) => (file.skipped ? [{ source: file.source, reason: file.skipped }] : [])),
    warnings: [...carried, ...freshWarnings],
    embedder: manifest.embedder,
    embedderReason: manifest.embedder ? `kept from the previous build (${manifest.embedder.kind})` : 'none',
    cachedEmbeddings: cached,
    seconds: (performance.now() - options.started) / 1000,
    incremental: null,
    fullReason,
    wrote,
  };
}
