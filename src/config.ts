/**
 * Every tunable of the engine in one place, each with the reason for its value. Environment
 * variables that override a value are read only by the entry points (server, indexer, CLI).
 */

/** Version of the `index-data/` layout; bump when a saved file changes shape. */
export const INDEX_FORMAT_VERSION = 5;

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
  /**
   * The main thread walks the semantic graph itself only when no other connection has sent a request
   * for this long (src/server/lone-client.ts): one client's requests wait for each other anyway, while
   * under concurrent load a walk here (≈ 1.3 ms at laws scale) holds back every other connection's
   * request and leaves the worker idle.
   */
  loneClientWindowMs: 100,
  /** How often the server looks at `CURRENT` for a new build (a stat of one small file: free at this rate). */
  reloadPollMs: 500,
  /** A replaced index stays open this long: past the request time limit, every request begun on it is done. */
  retireAfterMs: 12_000,
  /**
   * How long a semantic or hybrid request waits for a semantic half still loading after start
   * (src/vector/pending-neighbours.ts) before 503 SEMANTIC_LOADING: the load takes 2–3 s at laws
   * scale, so a request waits it out and is answered; 8 s stays inside the request time limit, so a
   * stuck load gets this clear answer rather than a bare TIMEOUT.
   */
  semanticLoadWaitMs: 8_000,
  /**
   * How long after it starts listening the server begins making the type-ahead tables: reading and
   * parsing the suggestion file is one block of ≈ 0.3 s at laws scale, which the first searches after
   * a start queued behind when it began at once. A type-ahead request before then makes them itself.
   */
  suggestionsWarmDelayMs: 1_000,
  /**
   * A moment after listening (after the type-ahead tables begin), the comparison code is run once on
   * made-up documents (`src/lineage/warm-up.ts`, ≈ 0.2 s of CPU) so the first real comparison is not
   * also the engine's first sight of it; `LINEAGE_WARM_UP=0` turns it off.
   */
  lineageWarmUpDelayMs: 2_000,
  /**
   * Keyword search threads over the index in shared memory (src/persist/keyword-threads.ts;
   * `KEYWORD_THREADS`, 0 = keyword search on the main thread). 0: on this project's two cores the
   * server already gets ≈ 1.4 cores with none (main thread, semantic worker, GC helpers; autocannon
   * and the rest take the others), and one or two threads measured no more requests/s with the
   * result cache off and +45–95 MB RSS (BENCHMARKS.md, "Both cores, third pass"). Worth trying
   * where the server has cores to spare.
   */
  keywordThreads: 0,
  /**
   * Young generation of each keyword search thread, MB (`resourceLimits.maxYoungGenerationSizeMb`):
   * at laws scale the inherited 16 MB semi-spaces left a thread's heap at 48 MB for 13 MB used; with
   * 6–8 MB it stays ≈ 30 MB (test/bench/keyword-threads-memory.ts).
   */
  keywordThreadYoungMb: 8,
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
} as const;

/** Ranking and result-set sizes of the searcher (src/search/). */
export const SEARCH = {
  /** Reciprocal rank fusion constant: 60 is the value of Cormack et al. (2009), robust across collections. */
  rrfK: 60,
  /** Semantic result set size: past the first hundred neighbours the meaning drifts off the query. */
  semanticResults: 100,
  /**
   * Concept-coverage list size in hybrid mode (src/search/coverage-ranking.ts): as deep as the
   * semantic list, so neither of the two lists that reach past the query's own words outweighs the other.
   */
  coverageResults: 100,
  /**
   * Coverage levels in that list: only the best one reached. Fused by rank, a paragraph covering two of
   * six concepts that is also a semantic neighbour outscored the one paragraph covering all six.
   */
  coverageLevels: 1,
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

/** The keyword postings of a loaded index (src/keyword/postings.ts). */
export const KEYWORD_POSTINGS = {
  /**
   * Seqs kept decoded across all tokens (4 bytes each): a loaded index keeps each list packed and
   * decodes it on first read; 4M seqs (16 MB) hold the lists of the commonest ≈ 400 tokens. 8M (32 MB)
   * held ≈ 20 MB more of the server's RSS under the users workload; 2M (8 MB) made keyword search's
   * p95 ≈ 0.2 ms slower in six of six side-by-side runs, 4M no slower than 8M (BENCHMARKS.md, "Server
   * memory under the users workload" and "After the December 2 evening merge").
   */
  decodedSeqsCache: 4_000_000,
} as const;

/** The paragraphs of an opened build (src/persist/paragraph-file.ts). */
export const PARAGRAPH_FILE = {
  /**
   * How long after a build is opened its searched texts are decoded into one string (what searches
   * then slice). Decoding the column is one block of 0.1–0.2 s of CPU at laws scale, which a start
   * paid before its first answer; until then each text asked for is decoded on its own from the
   * column's bytes (well under a microsecond each), and a process that exits sooner (the CLI) never
   * pays it.
   */
  decodeTextsAfterMs: 1_500,
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
 * How an index's similarity cut-offs are read from its own vectors at build time
 * (src/embedding/similarity-calibration.ts): quantiles of the cosine of random paragraph pairs.
 */
export const SIMILARITY_CALIBRATION = {
  /** Random pairs drawn: the 99th percentile of 20,000 pairs moves by about 0.01 between seeds. */
  pairs: 20_000,
  /**
   * Semantic results must beat 90 % of random pairs: on the seeds (corpus model) that is 0.19, where
   * the floor measured on the paraphrase set sat (0.2: below it noise grew faster than recall); 0.21 on
   * laws + seeds. For a BGE-like transformer, whose unrelated pairs sit near 0.4, it lands above them.
   */
  searchFloorQuantile: 0.9,
  /** Meaning-only timeline evidence (可能相关) must beat 99 % of random pairs: 0.45 on the seeds, 0.39 on laws + seeds. */
  timelineFloorQuantile: 0.99,
  /** Seed of the pair sampler, so a rebuild of the same vectors records the same cut-offs. */
  seed: 20_261_201,
} as const;

/** Which paragraphs found by meaning a timeline may count (src/meaning/states-measure.ts). */
export const TIMELINE_EVIDENCE = {
  /**
   * Letters allowed between consecutive words of the measure's name, in order, in one sentence. On
   * test/fixtures/timeline-evidence.json (98 meaning matches at laws scale that share a sentence with
   * every word of the name, each read and judged: 81 state the measure) the words in any order admit
   * 98 at precision 0.83; in order with no limit 72 at 1.00 (recall 0.89); within 16 letters 52 at 1.00
   * (0.64); within 8, 42 at 1.00 (0.52). 16 keeps a margin against the long enumerations of laws, whose
   * commas join unrelated clauses into one sentence; first years stay 13/13 at laws scale (`npm run eval`).
   */
  maxGap: 16,
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

/** Type-ahead suggestions (src/suggest/): what counts as a term, and how a list is shared out. */
export const SUGGEST = {
  /** A word must be in at least this many paragraphs: once is a typo or a name, not a term people look for. */
  minWordParagraphs: 2,
  /** A run of 2–3 words (a measure such as 知识产权质押融资) must recur this often to be a phrase, not a coincidence. */
  minMeasureParagraphs: 3,
  /** Longest measure, in words: four-word runs are mostly clauses, not names of measures. */
  maxMeasureWords: 3,
  /** Most measures kept (the most frequent): bounds the index at laws scale, where rare runs are noise. */
  maxMeasures: 150_000,
  /** Default and largest list: one dropdown's worth. */
  defaultLimit: 8,
  maxLimit: 20,
  /** Longest prefix looked up: a suggestion is for the start of a query, and no term is longer. */
  maxPrefixLength: 50,
  /** Share of a list kept for titles and for agencies each when they match, so terms cannot crowd them out. */
  reservedShare: 0.25,
} as const;

/**
 * Measure lineage (src/lineage): where a pair of measures becomes a link, and how its signals
 * combine. Calibrated on the tuning pairs of test/fixtures/lineage-gold.json (the held-out pair
 * was not looked at); `npx tsx test/bench/lineage-gold.ts` prints the figures each value gives.
 */
export const LINEAGE = {
  /**
   * Swept on the two tuning pairs (`--sweep`, a grid over the thresholds, the clause weight and the
   * neighbour support; best mean link F1 — BENCHMARKS lists the grid):
   * weak true counterparts score 0.15–0.3 on unit cosine, so links start low and a one-to-one
   * assignment, not a high bar, keeps look-alikes out.
   */
  thresholds: {
    /** Pairs below this never compete in the one-to-one assignment. */
    candidate: 0.06,
    /** An assigned pair at or above this is a link; below it, `uncertain` (0.2 before clause scores and neighbour support). */
    link: 0.22,
    /**
     * Below this an assigned pair is not even shown as `uncertain` (its units read as new / dropped):
     * at 0.06 the 2021↔2023 guidelines showed 36 uncertain rows, mostly noise; links are unaffected.
     */
    uncertain: 0.14,
    /** Cosine at which a link with no number or agency change reads as `continued`. */
    continued: 0.8,
    /** Share of a leftover unit inside a linked unit that makes it part of a split or merge. */
    contained: 0.5,
    /** …provided the two also reach this cosine (a short unit is inside many long ones by chance). */
    containedCosine: 0.15,
    /** Weight of neighbour support (a pair beside the first pass's links, on their diagonal). */
    neighbour: 0.1,
    /** Units before and after a pair searched for those links. */
    neighbourWindow: 2,
  },
  score: {
    /** Bonus for naming the same 《…》 title: a strong anchor that a measure is the same (0.1 and 0.3 tie). */
    anchor: 0.1,
    /** Weight of the agencies' Jaccard overlap: 0.05 beat 0, 0.15 and 0.3 (departments move between items). */
    agency: 0.05,
    /**
     * Weight of the paragraphs' embedding similarity above `semanticBase`. Off: with the corpus
     * embedder, 0.6 and 1.2 lowered the tuning F1 (0.719 → 0.682, 0.674) — paragraph vectors are
     * too coarse for sentence-level measures. Kept as a knob for a transformer index.
     */
    semantic: 0,
    semanticBase: 0.5,
    /** Weight of the lexical cosine of the units' paragraphs; 0.3 lowered the tuning F1 (0.719 → 0.705). */
    context: 0,
    /** A pair scores at least this times its best clause-to-clause cosine (see the sweep in BENCHMARKS). */
    clause: 0.55,
  },
  /**
   * Which pairs are scored at all. Bigrams held by more than `maxShare` of the two documents' units
   * (or `minDocumentFrequency`) propose no pair — at laws scale 人民, 法院 would join every article to
   * every other — and each unit keeps its `perUnit` best proposals for exact scoring.
   */
  candidates: { perUnit: 12, maxShare: 0.02, minDocumentFrequency: 30 },
  /**
   * Largest group of candidate pairs (rows × columns) solved exactly by Munkres, O(n³); a larger one
   * (two long laws) is assigned greedily, best pair first, to stay inside the request budget.
   */
  maxExactAssignmentCells: 10_000,
  /** Most units a lineage chain shows per document of the series. */
  chainMaxUnits: 5,
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
  /**
   * An incremental build hard-links the previous HNSW graph file and logs its edits beside it
   * (`vector/edits.bin`) until they add more vectors than this; then it writes the graph whole
   * again. Every load replays the log (~1,700 insertions/s here), so this bounds that cost to ~1 s.
   */
  maxLoggedVectors: 2_000,
  /** Watch mode waits this long after the last file event before building: a copy of many files is one build, not one per file. */
  watchDebounceMs: 1_000,
  /** A file still growing (being copied or saved) is taken once its size has held this long. */
  watchSettleMs: 500,
} as const;

/** The searcher's cache of whole search answers for repeated requests (src/search/result-cache.ts). */
export const RESULT_CACHE = {
  /** Answers kept: a page's repeated and shared searches (the landing query, facet clicks, paging back) fit many times over. */
  maxEntries: 2_000,
  /**
   * Bytes kept, heap and the server's JSON bodies together (`estimateBytes`, within 2% of the memory
   * measured by test/bench/result-cache-memory.ts): a 20-hit page holds ~60 kB, so ~500 pages. The
   * whole server is meant to stay under 700 MB and opens at 600–690, so the cache gets a small share.
   */
  maxBytes: 32 * 1024 * 1024,
} as const;
