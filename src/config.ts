/**
 * Every tunable of the engine in one place, each with the reason for its value. Environment
 * variables that override a value are read only by the entry points (server, indexer, CLI).
 */

/** Version of the `index-data/` layout; bump when a saved file changes shape. */
export const INDEX_FORMAT_VERSION = 2;

/** Query and request limits. */
export const LIMITS = {
  /** Longest query accepted, after trimming: long enough for a pasted sentence, short enough to bound work. */
  maxQueryLength: 200,
  /** Default page size: one screen of results. */
  defaultLimit: 20,
  /** Largest page: bounds snippet work per request. */
  maxLimit: 100,
  /** Deepest offset: nobody pages past ten thousand results; export uses its own paging. */
  maxOffset: 10_000,
} as const;

/** Server defaults. */
export const SERVER = {
  port: 3000,
  host: '0.0.0.0',
  /** Per-client budget: a researcher's page makes a few requests per keystroke; 600 a minute stops floods, not people. Loopback is exempt (local tools, load tests). */
  rateLimit: { windowMs: 60_000, limit: 600, skipLoopback: true },
  /** Longest a request may run: a laws-corpus search takes milliseconds; seconds mean something is wrong. */
  requestTimeoutMs: 10_000,
  /** The API takes no bodies; the smallest limit that still lets a stray JSON body be refused politely. */
  bodyLimit: '10kb',
  /** Largest request head: a 10,000-character Chinese query is 90 kB percent-encoded, and must reach validation to get its JSON 400 instead of a bare 431. */
  maxHeaderBytes: 128 * 1024,
  /** How long shutdown waits for in-flight requests before exiting anyway. */
  shutdownGraceMs: 10_000,
  /**
   * Bulk requests (src/server/bulk-lane.ts) allowed to wait for their turn: at 10–50 ms each on the
   * laws corpus, 64 is a second or two of queue, well inside the request timeout; past it a client is
   * told BUSY at once instead of timing out.
   */
  bulkMaxWaiting: 64,
  /**
   * Bulk work run back to back before the lane lets other requests in (src/server/bulk-lane.ts). In
   * `npm run loadtest` (laws corpus) cheap p99 alone → beside heavy was 66 → 55 ms at 0, 74 → 77 ms
   * at 5 and 60 → 105 ms at 20; heavy throughput 35, 37 and 67 req/s: 5 keeps cheap requests unstalled.
   */
  bulkSliceMs: 5,
  /** How often the server looks at `CURRENT` for a new build (a stat of one small file: free at this rate). */
  reloadPollMs: 500,
  /** A replaced index stays open this long: past the request time limit, every request begun on it is done. */
  retireAfterMs: 12_000,
} as const;

/** The corpus-trained latent semantic model (TF-IDF → truncated SVD), used when no transformer is available. */
export const CORPUS_EMBEDDER = {
  /** Latent dimensions: enough to separate the topics of a large corpus, small enough for fast HNSW and a compact model. */
  dimensions: 256,
  /** On a small corpus at most one dimension per this many paragraphs: more re-learn single paragraphs (keyword search again); 2 measured best on the seeds (≈100 dims for 206 paragraphs). */
  paragraphsPerDimension: 2,
  /** A word must occur in this many paragraphs: a word seen once cannot relate two paragraphs. */
  minDocumentFrequency: 2,
  /** Words in more than this share of paragraphs carry no topic (之, 的, 工作…); dropping them also keeps the matrix sparse. */
  maxDocumentShare: 0.3,
  /** Vocabulary cap (most frequent first): bounds the saved projection to vocabulary × dimensions float32s. */
  maxVocabulary: 40_000,
  /** Paragraphs the SVD is trained on; the rest are only projected. SVD time grows linearly with it; co-occurrence topics are stable well below it. */
  trainingSample: 40_000,
  /** Extra random directions in the randomized SVD (Halko et al. recommend 5–10; more is cheap here and sharpens the tail). */
  oversampling: 16,
  /** Power iterations of the randomized SVD: text spectra decay slowly so one pass is needed; a second costs a third more time for little retrieval gain. */
  powerIterations: 1,
  /** Seed of the random test matrix, so the same corpus gives the same model and the same content hash. */
  seed: 20_240_601,
} as const;

/** The transformer embedder (transformers.js + onnxruntime-node). */
export const TRANSFORMER_EMBEDDER = {
  /** A small Chinese retrieval model (512-dim, ~24 MB quantized) that runs on two CPU cores. */
  model: 'Xenova/bge-small-zh-v1.5',
  /** 8-bit quantized weights: about 4× smaller and faster than fp32 with a negligible loss in retrieval quality. */
  dtype: 'q8',
  /** BGE's retrieval instruction, which its authors prescribe for short queries (and not for passages). */
  queryPrefix: '为这个句子生成表示以用于检索相关文章：',
  /** Texts per forward pass: large enough to amortize overhead, small enough to bound padding waste and memory. */
  batchSize: 32,
  /** Tokens shared by neighbouring chunks of a paragraph longer than the model window, so no sentence is cut off from its context. */
  chunkOverlap: 64,
  /** How long `auto` waits for the model hub before falling back to the corpus model. */
  probeTimeoutMs: 3_000,
  /**
   * Worker threads that embed search queries off the event loop: one, because the machine has two
   * cores and onnxruntime already spreads each forward pass over its own intra-op threads — a second
   * worker would hold a second copy of the model and still share the same two cores.
   */
  queryThreads: 1,
} as const;

/** The HNSW vector index (hnswlib-node, cosine). */
export const VECTOR_INDEX = {
  /** Links per node: 16 is hnswlib's recommended default for 100–500 dimensional embeddings. */
  m: 16,
  /** Candidate list while building: on 160k law paragraphs 200 gave recall@10 0.99 for 114 s of CPU; 100 halved that but fell to 0.982. */
  efConstruction: 200,
  /** Candidate list while searching: on 160k law paragraphs (256-dim LSA, 196 short queries) recall@10 vs exact search was 0.940 at 128, 0.976 at 256 and 0.982 at 400 (p50 1.5 ms) — 400 is the smallest that reaches 0.98 (BENCHMARKS.md). */
  efSearch: 400,
  /** Seed of the level generator, so a rebuild of the same vectors gives the same graph. */
  seed: 100,
  /** A filter admitting at most this many paragraphs is searched exactly (≈1 ms at 256 dims) when the vectors are kept. */
  exactSearchBelow: 4_000,
} as const;

/** Ranking and result-set sizes of the searcher (src/search/). */
export const SEARCH = {
  /** Reciprocal rank fusion constant: 60 is the value of Cormack et al. (2009), robust across collections. */
  rrfK: 60,
  /** Semantic result set size: past the first hundred neighbours the meaning drifts off the query. */
  semanticResults: 100,
  /**
   * Keyword matches hybrid mode fuses with the neighbours before it needs to rank the rest: any value
   * of at least `semanticResults` gives the exact fused order (src/search/hybrid-ranking.ts); a
   * thousand fills every page a person reads without sorting a common word's 100k matches.
   */
  hybridKeywordDepth: 1_000,
  /** Most rows one export returns: the whole result set of any real query, bounded so one request cannot exhaust memory. */
  exportMaxRows: 10_000,
  /** Hits shown per year of a timeline: enough to see the measure, few enough for one screen. */
  timelineHitsPerYear: 3,
  /** Neighbours a semantic timeline considers before its threshold: a measure rarely has more mentions in the seeds and laws. */
  timelineCandidates: 200,
} as const;

/** Keyword ranking (src/keyword/bm25.ts): BM25 over the paragraphs the postings match. */
export const KEYWORD_RANKING = {
  /** Term-frequency saturation: 1.2 is the classic Robertson value; a policy paragraph repeating a term twice is not twice as relevant. */
  k1: 1.2,
  /** Length normalization: 0.75 (classic); laws' long articles would otherwise win by sheer length. */
  b: 0.75,
  /** Weight of a query word found in the paragraph's section headings, relative to one occurrence in its text: a heading names the topic of everything under it. */
  sectionBoost: 0.5,
  /** Weight of a query word found in the document title: weaker than a heading, because it covers every paragraph of the document. */
  titleBoost: 0.25,
} as const;

/**
 * Cosine-similarity cut-offs per embedder kind. `searchFloor` drops neighbours too far to be matches
 * from semantic result sets; `timelineThreshold` decides whether a paragraph states a measure at all
 * (a semantic timeline's "first" must not be a false match), so it favours precision.
 */
export const SEMANTIC_SIMILARITY = {
  /**
   * Calibrated on test/fixtures/paraphrase-queries.json over the seed index (14 queries × 206
   * paragraphs, labelled pairs vs the rest): at 0.2 recall is 0.65 (below it noise grows faster than
   * recall); at 0.5 precision passes one half (0.55, recall 0.26) — above it recall collapses
   * (0.12 at 0.6) — so a semantic timeline counts a paragraph from 0.5.
   */
  corpus: { searchFloor: 0.2, timelineThreshold: 0.5 },
  /**
   * Not calibrated here (the model hub is unreachable): BGE-small-zh v1.5 puts unrelated Chinese
   * sentences around 0.3–0.5 and paraphrases above 0.6, so the floor and threshold sit at those edges.
   */
  transformer: { searchFloor: 0.45, timelineThreshold: 0.65 },
} as const;

/** Snippets (src/keyword/snippet.ts). */
export const SNIPPET = {
  /** Characters shown: about two lines of Chinese on the results page. */
  length: 120,
  /** Characters kept before the first match, so it is read in context. */
  lead: 20,
  /** How far a cut may move to land on a sentence or clause boundary instead of mid-phrase. */
  reach: 20,
} as const;

/** Incremental builds (`npm run index` after a first build, `--add`, `--remove`, `--watch`). */
export const INCREMENTAL = {
  /**
   * Share of documents added, changed or removed since the last full build past which the next build
   * is full again: an incremental build keeps the corpus model trained on the old corpus and leaves
   * deleted vectors in the HNSW graph; past a fifth of the corpus the model's topics and the graph
   * are worth rebuilding.
   */
  maxChangedShare: 0.2,
  /** …but never below this many files: on a small folder the share is reached by a few edits, and incremental stays cheap there. */
  minChangedFiles: 50,
  /** Watch mode waits this long after the last file event before building: a copy of many files is one build, not one per file. */
  watchDebounceMs: 1_000,
  /** A file still growing (being copied or saved) is taken once its size has held this long. */
  watchSettleMs: 500,
} as const;
