/**
 * Where a corpus view reads its paragraphs. A corpus built in memory (the indexer, tests) holds
 * them as one array; an index opened from disk keeps in memory only what every search reads (the
 * searched texts, each paragraph's document and agencies) and reads the rest of a paragraph — its
 * id, its original wording, its section and fields — from `paragraphs.bin` when a hit, a document
 * or a comparison shows it (src/persist/paragraph-file.ts).
 */
import type { Corpus, DocumentMeta, Paragraph } from '../types.ts';

/** A corpus's paragraphs by seq, whatever holds them. */
export interface ParagraphSource {
  /** How many paragraphs; seqs run from 0 to `count - 1`. */
  readonly count: number;
  /** Position in the corpus's documents of each paragraph's document, by seq. */
  readonly documentPosition: Int32Array;
  /** The searched (normalized) text of the paragraph at `seq`: what hot loops read, always in memory. */
  text(seq: number): string;
  /** The id of the paragraph at `seq`. */
  id(seq: number): string;
  /** The headings above the paragraph at `seq` (shared lists: do not modify). */
  section(seq: number): string[];
  /** The agencies named for the paragraph at `seq` (shared lists: do not modify). */
  agencies(seq: number): string[];
  /** The whole paragraphs `start` … `end - 1`, read in one go (a document's paragraphs are consecutive). */
  read(start: number, end: number): Paragraph[];
  /** The seq of the paragraph with this id, or undefined. */
  seqOf(id: string): number | undefined;
}

/** The position of each paragraph's document; throws when a paragraph names a document not in `documents`. */
export function documentPositions(paragraphs: Paragraph[], documents: DocumentMeta[]): Int32Array {
  const positionById = new Map(documents.map((document, position) => [document.id, position]));
  return Int32Array.from(paragraphs, (paragraph) => {
    const position = positionById.get(paragraph.docId);
    if (position === undefined)
      throw new Error(`Paragraph ${paragraph.id} names unknown document ${paragraph.docId}.`);
    return position;
  });
}

/** The paragraphs of a corpus held in memory as one array. */
export function paragraphsInMemory(corpus: Corpus): ParagraphSource {
  const { paragraphs } = corpus;
  const documentPosition = documentPositions(paragraphs, corpus.documents);
  const seqById = new Map(paragraphs.map((paragraph, seq) => [paragraph.id, seq]));
  const at = (seq: number): Paragraph => {
    const paragraph = paragraphs[seq];
    if (!paragraph) throw new RangeError(`no paragraph at seq ${seq}`);
    return paragraph;
  };
  return {
    count: paragraphs.length,
    documentPosition,
    text: (seq) => paragraphs[seq]?.text ?? '',
    id: (seq) => at(seq).id,
    section: (seq) => at(seq).section,
    agencies: (seq) => at(seq).agencies,
    read(start, end) {
      if (start < 0 || end > paragraphs.length || start > end)
        throw new RangeError(`no paragraphs at seqs ${start}–${end - 1}`);
      return paragraphs.slice(start, end);
    },
    seqOf: (id) => seqById.get(id),
  };
}

/**
 * A corpus whose `paragraphs` array is made from `source` only when something asks for all of them
 * (an incremental build, the evaluation scripts); searching never does, so a server never holds it.
 */
export function corpusOnDemand(documents: DocumentMeta[], source: ParagraphSource): Corpus {
  const corpus = { documents } as Corpus;
  Object.defineProperty(corpus, 'paragraphs', {
    configurable: true,
    enumerable: true,
    get() {
      const paragraphs = source.read(0, source.count);
      Object.defineProperty(corpus, 'paragraphs', { value: paragraphs, enumerable: true, writable: true });
      return paragraphs;
    },
  });
  return corpus;
}

/** Whether `corpus.paragraphs` of a {@link corpusOnDemand} corpus has been made (tests hold the server to never). */
export function paragraphsMade(corpus: Corpus): boolean {
  return Object.getOwnPropertyDescriptor(corpus, 'paragraphs')?.get === undefined;
}
