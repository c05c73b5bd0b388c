/**
 * The corpus of an incremental build: the previous build's documents that did not change, with
 * their paragraphs exactly as they were (same ids, same text), and the documents read anew, in the
 * order a full build gives them (by source). Also says where each paragraph went, which is all the
 * keyword and vector indexes need to carry their parts over. Pure.
 */
import type { Corpus, IngestedDocument, Paragraph } from '../src/types.ts';

/** The new corpus and how its paragraphs relate to the previous build's. */
export interface CorpusChange {
  corpus: Corpus;
  /** New seq of each previous seq, or −1 for a paragraph of a removed or changed document. */
  previousToNew: Int32Array;
  /** Seqs (ascending) of the paragraphs of documents read anew. */
  addedSeqs: Uint32Array;
}

interface Entry {
  document: IngestedDocument['meta'];
  paragraphs: Paragraph[];
  /** Seq of the first paragraph in the previous corpus, or −1 for a document read anew. */
  previousStart: number;
}

function bySource(a: Entry, b: Entry): number {
  const x = a.document.source;
  const y = b.document.source;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Drops every document whose source is in `dropped` (removed, or changed and read again) from
 * `previous` and adds `added`; documents stay sorted by source, as a full build sorts them.
 */
export function mergeCorpus(
  previous: Corpus,
  dropped: ReadonlySet<string>,
  added: IngestedDocument[],
): CorpusChange {
  const byDocument = new Map<string, { start: number; paragraphs: Paragraph[] }>();
  previous.paragraphs.forEach((paragraph, seq) => {
    let run = byDocument.get(paragraph.docId);
    if (!run) {
      run = { start: seq, paragraphs: [] };
      byDocument.set(paragraph.docId, run);
    }
    run.paragraphs.push(paragraph);
  });
  const entries: Entry[] = [];
  for (const document of previous.documents) {
    if (dropped.has(document.source)) continue;
    const run = byDocument.get(document.id);
    entries.push({ document, paragraphs: run?.paragraphs ?? [], previousStart: run?.start ?? -1 });
  }
  for (const document of added) {
    entries.push({ document: document.meta, paragraphs: document.paragraphs, previousStart: -1 });
  }
  entries.sort(bySource);

  const previousToNew = new Int32Array(previous.paragraphs.length).fill(-1);
  const addedSeqs: number[] = [];
  const documents: Corpus['documents'] = [];
  const paragraphs: Paragraph[] = [];
  for (const entry of entries) {
    documents.push(entry.document);
    entry.paragraphs.forEach((paragraph, i) => {
      const seq = paragraphs.length;
      if (entry.previousStart >= 0) previousToNew[entry.previousStart + i] = seq;
      else addedSeqs.push(seq);
      paragraphs.push(paragraph);
    });
  }
  return { corpus: { documents, paragraphs }, previousToNew, addedSeqs: Uint32Array.from(addedSeqs) };
}
