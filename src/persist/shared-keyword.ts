/**
 * The keyword side of an opened build held once in shared memory, for the keyword search threads
 * (keyword-threads.ts): `keyword.bin` whole in a `SharedArrayBuffer` (its typed-array views work
 * unchanged over it) and the paragraph columns keyword search reads — the searched texts as UTF-16
 * code units, each paragraph's document and agency list — in shared buffers too. A thread handed
 * them builds a {@link KeywordIndex} of views over the same bytes: nothing is copied but the small
 * tables (the documents, the agency lists, the titles and section names). Pure: buffers in, index out.
 */
import type { ParagraphSource } from '../corpus/paragraph-source.ts';
import { type KeywordIndex, loadKeywordIndex } from '../keyword/keyword-index.ts';
import { limitDecodedSeqs } from '../keyword/postings.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../types.ts';
import { decodeBinaryFile } from './binary-file.ts';
import { KEYWORD_FILE_KIND, keywordFromSections } from './keyword-store.ts';

/** The paragraph columns keyword search reads, each typed array over a `SharedArrayBuffer`. */
export interface SharedParagraphColumns {
  count: number;
  /** UTF-16LE code units of every searched text, one after another. */
  text: Uint8Array;
  /** Where paragraph seq's text starts in `text`, in code units; `count + 1` entries. */
  textStarts: Uint32Array;
  /** Position in the documents of each paragraph's document, by seq. */
  documentPosition: Int32Array;
  /** Index into `agencyTable` of each paragraph's agencies, by seq. */
  agenciesOf: Uint32Array;
  agencyTable: string[][];
}

/** What a keyword search thread is handed: shared bytes, plus the documents (small, copied). */
export interface SharedKeywordData {
  /** `keyword.bin`, whole and already verified, over a `SharedArrayBuffer`. */
  keywordBytes: Uint8Array;
  paragraphs: SharedParagraphColumns;
  documents: DocumentMeta[];
  /** The thread's share of the decoded-postings cache, seqs (default: the whole `KEYWORD_POSTINGS.decodedSeqsCache`). */
  decodedSeqsCache?: number;
}

/** Whether every array of `data` is over shared memory (so a thread gets it without a copy). */
export function isShared(data: SharedKeywordData): boolean {
  const { paragraphs } = data;
  return [
    data.keywordBytes,
    paragraphs.text,
    paragraphs.textStarts,
    paragraphs.documentPosition,
    paragraphs.agenciesOf,
  ].every((array) => array.buffer instanceof SharedArrayBuffer);
}

/**
 * The paragraphs keyword search reads — texts, documents, agencies — over the shared columns. A text
 * is decoded from its code units when asked for (a few hundred nanoseconds; no string of all texts
 * is held per thread). What only shown paragraphs need (ids, originals, sections) is not here: the
 * main thread reads those.
 */
export function sharedParagraphSource(columns: SharedParagraphColumns): ParagraphSource {
  const { count, textStarts, documentPosition, agenciesOf, agencyTable } = columns;
  const bytes = Buffer.from(columns.text.buffer, columns.text.byteOffset, columns.text.byteLength);
  const check = (seq: number) => {
    if (!(seq >= 0 && seq < count)) throw new RangeError(`no paragraph at seq ${seq}`);
  };
  const notHere = (what: string) => (): never => {
    throw new Error(`A keyword search thread reads no paragraph ${what}.`);
  };
  return {
    count,
    documentPosition,
    text(seq) {
      if (!(seq >= 0 && seq < count)) return '';
      return bytes.toString('utf16le', (textStarts[seq] as number) * 2, (textStarts[seq + 1] as number) * 2);
    },
    agencies(seq) {
      check(seq);
      return agencyTable[agenciesOf[seq] as number] as string[];
    },
    id: notHere('ids'),
    section: notHere('sections'),
    read: notHere('records') as (start: number, end: number) => Paragraph[],
    seqOf: notHere('ids') as (id: string) => number | undefined,
  };
}

/** The keyword index over shared data: views into `keyword.bin`'s shared bytes, texts read from the shared column. */
export function keywordIndexFromShared(data: SharedKeywordData): KeywordIndex {
  const saved = keywordFromSections(
    // The loader checked the file's checksum before sharing it.
    decodeBinaryFile(data.keywordBytes, KEYWORD_FILE_KIND, { verify: false }),
  );
  const source = sharedParagraphSource(data.paragraphs);
  // Keyword search reads only the documents of the corpus (filters); its paragraphs come from `source`.
  const corpus = { documents: data.documents } as Corpus;
  const index = loadKeywordIndex(saved, corpus, source);
  if (data.decodedSeqsCache !== undefined) limitDecodedSeqs(index.postings, data.decodedSeqsCache);
  return index;
}
