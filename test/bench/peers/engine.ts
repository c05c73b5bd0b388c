/**
 * The one shape every engine in the benchmark takes, ours and the peers alike, so that the runner
 * measures them with the same code on the same paragraphs and queries.
 */
import type { Corpus } from '../../../src/types.ts';

/** A full-text engine under benchmark: build, save, load, search — results are paragraph seqs. */
export interface BenchEngine {
  readonly name: string;
  /** Indexes every paragraph of the corpus (text, section and document title). */
  build(corpus: Corpus): Promise<void>;
  /** Writes the index into an empty folder, in the engine's own persisted form. */
  save(dir: string): Promise<void>;
  /** Replaces the in-memory index with the one saved in `dir` (the server's start-up path). */
  load(dir: string, corpus: Corpus): Promise<void>;
  /** The best `limit` paragraph seqs for a query; space-separated words must all match. */
  search(query: string, limit: number): Promise<number[]>;
}

/** One row a peer indexes: the same three fields our index searches. */
export interface PeerRow {
  seq: number;
  text: string;
  title: string;
  section: string;
}

/** The corpus as flat rows for the peers, which know nothing of documents. */
export function toPeerRows(corpus: Corpus): PeerRow[] {
  const titles = new Map(corpus.documents.map((d) => [d.id, d.title]));
  return corpus.paragraphs.map((p, seq) => ({
    seq,
    text: p.text,
    title: titles.get(p.docId) ?? '',
    section: p.section.join(' '),
  }));
}

/** Words of a query as the peers receive them: split on whitespace, empties dropped. */
export function queryWords(query: string): string[] {
  return query.split(/\s+/u).filter((w) => w.length > 0);
}
