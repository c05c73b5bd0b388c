/**
 * Lineage over a loaded index: compares two documents, finds a document's series, and follows a
 * paragraph's measures through the other editions of its series. Units are cut once per document
 * and alignments kept for the last few pairs asked, so a page that asks for a comparison and then
 * for chains of its rows does the work once.
 */
import { LRUCache } from 'lru-cache';
import { LINEAGE } from '../config.ts';
import type { CorpusView } from '../corpus/corpus-view.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../types.ts';
import type { VectorIndex } from '../vector/vector-index.ts';
import {
  type AlignedDocuments,
  alignDocuments,
  type CompareOptions,
  type CompareResponse,
  describeComparison,
  type UnitRef,
} from './compare.ts';
import type { ParagraphSimilarity } from './pair-scores.ts';
import { byEdition, seriesKey } from './series.ts';
import { comparisonOptionsKey } from './series-alignments.ts';
import type { StoredLineage } from './stored-lineage.ts';
import { type MeasureUnit, measureUnits } from './units.ts';

/** One edition in a paragraph's chain. */
export interface ChainEntry {
  year: number | null;
  docId: string;
  title: string;
  units: UnitRef[];
  /** `origin` for the paragraph's own document; a link status; or `absent` when no unit is linked. */
  status: 'origin' | 'continued' | 'modified' | 'uncertain' | 'absent';
  score: number | null;
}

/** The body of `GET /api/paragraphs/:id/lineage`. */
export interface LineageResponse {
  paragraphId: string;
  chain: ChainEntry[];
}

/** What the routes and the CLI call. Unknown ids give null. */
export interface LineageService {
  compare(fromId: string, toId: string): CompareResponse | null;
  /** The other documents of a document's series, oldest first (empty when it stands alone). */
  series(docId: string): DocumentMeta[] | null;
  lineage(paragraphId: string): LineageResponse | null;
}

/** Documents whose paragraphs are kept made (two per cached alignment). */
const PARAGRAPH_CACHE_DOCUMENTS = 64;

/** Alignments kept for repeated questions about the same pair. */
const ALIGNMENT_CACHE_SIZE = 32;

/**
 * What lineage reads of an index — its documents, its paragraphs, the build's stored records and,
 * when this thread holds it, the graph's vectors; a loaded index (`src/persist/loaded-index.ts`) has
 * all of it.
 */
export interface LineageIndex {
  readonly corpus: Corpus;
  readonly keyword: { readonly view: CorpusView };
  readonly storedLineage?: StoredLineage;
  readonly semantic: { readonly local: { readonly vectors: VectorIndex } | null } | null;
}

/** A lineage service over `index`; `options` override the configured thresholds (for calibration). */
export function createLineageService(
  index: LineageIndex,
  options: Partial<Pick<CompareOptions, 'thresholds' | 'weights'>> & { useEmbeddings?: boolean } = {},
): LineageService {
  const documents = new Map(index.corpus.documents.map((document) => [document.id, document]));
  // Paragraphs through the corpus view (its lookups are built once per index, whatever the storage).
  const { view } = index.keyword;
  // Bounded: an opened index makes each document's paragraphs from its file (original wordings
  // included) when asked, so an unbounded map would end up holding the whole corpus again.
  const paragraphsCache = new LRUCache<string, Paragraph[]>({ max: PARAGRAPH_CACHE_DOCUMENTS });
  const paragraphsOf = (docId: string) => {
    let paragraphs = paragraphsCache.get(docId);
    if (!paragraphs) {
      paragraphs = view.paragraphsOfDocument(docId);
      paragraphsCache.set(docId, paragraphs);
    }
    return paragraphs;
  };
  // Series keys of every document, made on the first question about a series (a comparison needs none).
  let seriesMembers: Map<string, DocumentMeta[]> | null = null;
  const membersOf = (key: string) => {
    if (!seriesMembers) {
      seriesMembers = new Map();
      for (const document of index.corpus.documents) {
        const documentKey = seriesKey(document.title);
        const members = seriesMembers.get(documentKey);
        if (members) members.push(document);
        else seriesMembers.set(documentKey, [document]);
      }
    }
    return seriesMembers.get(key) ?? [];
  };
  const unitsCache = new Map<string, MeasureUnit[]>();
  const unitsOf = (docId: string) => {
    let units = unitsCache.get(docId);
    if (!units) {
      // As the build stored them when it did (read in a few milliseconds), else cut from the paragraphs.
      units = index.storedLineage?.unitsOf(docId) ?? measureUnits(paragraphsOf(docId));
      unitsCache.set(docId, units);
    }
    return units;
  };
  // No bigram table shared between comparisons: each numbers the bigrams of its own two documents
  // afresh, so a comparison's answer depends on its two documents only — not on which comparisons
  // this service made before (ties between equal scores fall by bigram order), and is the same as
  // the one the build stored for it.
  const compareOptions: CompareOptions = {
    thresholds: options.thresholds ?? LINEAGE.thresholds,
    weights: options.weights ?? LINEAGE.score,
    limits: LINEAGE.candidates,
  };
  const similarity =
    options.useEmbeddings === false || compareOptions.weights.semantic === 0
      ? undefined
      : paragraphSimilarity(index, view.seqOf);
  if (similarity) compareOptions.paragraphSimilarity = similarity;
  // The build aligned the editions of every series with the default options, without embeddings.
  const storedOptions = similarity ? null : comparisonOptionsKey(compareOptions);
  const storedAlignment = (fromId: string, toId: string): AlignedDocuments | null => {
    const stored = index.storedLineage;
    if (!stored || storedOptions === null) return null;
    const fromUnits = unitsOf(fromId);
    const toUnits = unitsOf(toId);
    const counts = { from: fromUnits.length, to: toUnits.length };
    const alignment = stored.alignmentOf(fromId, toId, storedOptions, counts);
    return alignment ? { fromUnits, toUnits, alignment } : null;
  };
  const textOf = (docId: string) => {
    const document = documents.get(docId);
    if (!document) return null;
    const units = unitsOf(docId);
    return {
      document,
      // Read only by a comparison that weighs the paragraphs' context: stored units need no text.
      get paragraphs() {
        return paragraphsOf(docId);
      },
      units,
      // The build's scan of a large document's units: read instead of scanning the texts.
      scan: index.storedLineage?.scanOf?.(docId, units.length) ?? null,
    };
  };
  // The same pair asked again (a page's reload, its CSV export, the chains of its rows) is served
  // from here: an alignment depends only on the two documents and this service's options.
  const alignments = new Map<string, AlignedDocuments>();
  const alignmentOf = (fromId: string, toId: string) => {
    const key = `${fromId}|${toId}`;
    let found = alignments.get(key);
    if (found) {
      alignments.delete(key);
    } else {
      if (!documents.has(fromId) || !documents.has(toId)) return null;
      found = storedAlignment(fromId, toId) ?? undefined;
      if (!found) {
        const from = textOf(fromId);
        const to = textOf(toId);
        if (!from || !to) return null;
        found = alignDocuments(from, to, compareOptions);
      }
      if (alignments.size >= ALIGNMENT_CACHE_SIZE)
        alignments.delete(alignments.keys().next().value as string);
    }
    alignments.set(key, found);
    return found;
  };

  const series = (docId: string) => {
    const document = documents.get(docId);
    if (!document) return null;
    return membersOf(seriesKey(document.title))
      .filter((other) => other.id !== docId)
      .sort(byEdition);
  };

  return {
    compare(fromId, toId) {
      const started = performance.now();
      const from = documents.get(fromId);
      const to = documents.get(toId);
      if (!from || !to) return null;
      const aligned = alignmentOf(fromId, toId) as AlignedDocuments;
      return describeComparison({ from, to }, aligned, compareOptions, started);
    },
    series,
    lineage(paragraphId) {
      const seq = view.seqOf(paragraphId);
      if (seq === undefined) return null;
      const paragraph = view.paragraphAt(seq);
      const own = documents.get(paragraph.docId) as DocumentMeta;
      const ownUnits = unitsOf(own.id).filter((unit) => unit.paragraphId === paragraphId);
      const entries: ChainEntry[] = [
        {
          year: own.year,
          docId: own.id,
          title: own.title,
          units: ownUnits.map(({ paragraphId: id, text }) => ({ paragraphId: id, text })),
          status: 'origin',
          score: null,
        },
      ];
      for (const other of series(own.id) ?? []) {
        entries.push(chainEntry(own.id, other, paragraphId, alignmentOf));
      }
      return {
        paragraphId,
        chain: entries.sort((a, b) => byEdition(asMeta(a, documents), asMeta(b, documents))),
      };
    },
  };
}

function asMeta(entry: ChainEntry, documents: Map<string, DocumentMeta>): DocumentMeta {
  return documents.get(entry.docId) as DocumentMeta;
}

const STATUS_RANK = { continued: 3, modified: 2, uncertain: 1 } as const;

/** The units of `other` linked to the paragraph's units, with the strongest link's status. */
function chainEntry(
  ownId: string,
  other: DocumentMeta,
  paragraphId: string,
  alignmentOf: (fromId: string, toId: string) => AlignedDocuments | null,
): ChainEntry {
  const found = alignmentOf(ownId, other.id);
  const entry: ChainEntry = {
    year: other.year,
    docId: other.id,
    title: other.title,
    units: [],
    status: 'absent',
    score: null,
  };
  if (!found) return entry;
  const seen = new Set<number>();
  let best: { status: 'continued' | 'modified' | 'uncertain'; score: number } | null = null;
  for (const link of found.alignment.links) {
    if (!link.from.some((at) => found.fromUnits[at]?.paragraphId === paragraphId)) continue;
    for (const at of link.to) seen.add(at);
    if (
      !best ||
      STATUS_RANK[link.status] > STATUS_RANK[best.status] ||
      (link.status === best.status && link.score > best.score)
    ) {
      best = { status: link.status, score: link.score };
    }
  }
  entry.units = [...seen]
    .sort((a, b) => a - b)
    .slice(0, LINEAGE.chainMaxUnits)
    .map((at) => {
      const unit = found.toUnits[at] as MeasureUnit;
      return { paragraphId: unit.paragraphId, text: unit.text };
    });
  if (best) {
    entry.status = best.status;
    entry.score = Math.round(best.score * 1000) / 1000;
  }
  return entry;
}

/** Cosine of two paragraphs' stored vectors (hnswlib keeps them normalized), or none without embeddings in this thread. */
function paragraphSimilarity(
  index: LineageIndex,
  seqOf: (id: string) => number | undefined,
): ParagraphSimilarity | undefined {
  // Read synchronously, so only from a graph this thread holds (the weight is off by default, LINEAGE.score).
  const semantic = index.semantic?.local;
  if (!semantic) return undefined;
  const vectors = new Map<number, number[]>();
  const vectorAt = (seq: number) => {
    let vector = vectors.get(seq);
    if (!vector) {
      vector = semantic.vectors.hnsw.getPoint(seq);
      if (vectors.size > 4096) vectors.clear();
      vectors.set(seq, vector);
    }
    return vector;
  };
  return (fromId, toId) => {
    const a = seqOf(fromId);
    const b = seqOf(toId);
    if (a === undefined || b === undefined) return null;
    const x = vectorAt(a);
    const y = vectorAt(b);
    let dot = 0;
    for (let at = 0; at < x.length; at++) dot += (x[at] ?? 0) * (y[at] ?? 0);
    return dot;
  };
}
