/**
 * The paragraphs of an opened build, read from `paragraphs.bin` as searches need them. What every
 * search reads stays in memory — the searched texts (phrase checks scan thousands of them), ids,
 * each paragraph's document, ordinal, section and agencies (small shared tables and typed arrays) —
 * and the original wording, which only a shown paragraph, a document or a comparison needs, is read
 * from the file on an open descriptor (`fs.readSync` at the column's offset; a document's
 * originals are one run of the column, so a whole document is one read). The file was checked
 * against its checksum when the build was opened; a build's files never change afterwards.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { PARAGRAPH_FILE } from '../config.ts';
import type { ParagraphSource } from '../corpus/paragraph-source.ts';
import { findToken, type TokenTable, tokenAt, tokenTableOf } from '../keyword/token-table.ts';
import type { DocumentMeta, Paragraph } from '../types.ts';
import type { BinaryFile } from './binary-file.ts';
import { paragraphColumns, utf16Text } from './paragraph-store.ts';
import type { SharedParagraphColumns } from './shared-keyword.ts';

/** A {@link ParagraphSource} over a `paragraphs.bin` on disk; `close()` lets go of its descriptor. */
export interface ParagraphFile extends ParagraphSource {
  close(): void;
  /**
   * Decodes the searched texts into the one string they are sliced from, now, if not done yet (done
   * by itself `PARAGRAPH_FILE.decodeTextsAfterMs` after opening): until then each text is decoded
   * on its own from a copy of the column's bytes. Either way a text reads the same.
   */
  decodeTexts(): void;
  /**
   * The columns keyword search reads, in shared memory, when the file was opened with `share`
   * (keyword search threads read them); null otherwise.
   */
  shared(): SharedParagraphColumns | null;
}

/** How {@link openParagraphFile} holds the columns keyword search reads. */
export interface ParagraphFileOptions {
  /**
   * Keep the searched texts, documents and agencies in `SharedArrayBuffer`s for keyword search
   * threads: the texts then stay code units read per text in this thread too (never one string),
   * so the process holds them once (BENCHMARKS.md, "Both cores, third pass").
   */
  share?: boolean;
}

/** Closes the descriptor of a source nobody closed (an index loaded by a script and dropped). */
const descriptors = new FinalizationRegistry<{ fd: number | null }>((held) => {
  if (held.fd !== null) closeSync(held.fd);
});

/**
 * Opens the paragraphs of `file` (the decoded container of `bytes`, the whole verified file at
 * `filePath`) for reading on demand. Everything kept is copied out of `bytes`, which the caller can
 * then let go. Throws `BinaryFileError` when the columns disagree (see `paragraphColumns`).
 */
export function openParagraphFile(
  filePath: string,
  file: BinaryFile,
  bytes: Uint8Array,
  documents: DocumentMeta[],
  options: ParagraphFileOptions = {},
): ParagraphFile {
  const columns = paragraphColumns(file, documents);
  const { count, sectionTable, agencyTable, fields } = columns;
  const share = options.share === true;
  // Copies of their own: the file's buffer (77 MB at laws scale) goes once this returns. Those that
  // keyword search threads read too go into shared memory when they are shared.
  const ownCopy = <T extends Int32Array | Uint32Array>(
    column: Uint32Array,
    Type: new (buffer: ArrayBuffer | SharedArrayBuffer) => T,
  ): T => {
    const copy = new Type(
      share ? new SharedArrayBuffer(column.byteLength) : new ArrayBuffer(column.byteLength),
    );
    copy.set(column);
    return copy;
  };
  const documentPosition = ownCopy(columns.documentPosition, Int32Array);
  const ordinal = columns.ordinal.slice();
  const sectionOf = columns.sectionOf.slice();
  const agenciesOf = ownCopy(columns.agenciesOf, Uint32Array);
  const originalOf = columns.originalOf.slice();
  const originalStarts = columns.originalStarts.slice();
  const idStarts = columns.idStarts.slice();
  const idCodes = new Uint16Array(
    columns.id.buffer,
    columns.id.byteOffset,
    columns.id.byteLength / 2,
  ).slice();
  const originalOffset = columns.original.byteOffset - bytes.byteOffset;
  // One string, sliced when a text is asked for: a slice costs a few nanoseconds and 20 bytes of
  // young garbage, where 160,308 slices kept would hold 4 MB for as long as the index is open. The
  // string is made a moment after opening, not at once (PARAGRAPH_FILE.decodeTextsAfterMs): until
  // then a text is decoded on its own from a copy of the column's bytes (a copy, so that the file's
  // buffer, twice its size, goes now and not with the copy once the string is made).
  let textBytes: Buffer | null = share
    ? Buffer.from(new SharedArrayBuffer(columns.text.byteLength))
    : Buffer.allocUnsafeSlow(columns.text.byteLength);
  textBytes.set(columns.text);
  let allText = '';
  const textStarts = ownCopy(columns.textStarts, Uint32Array);
  const textOf = (seq: number): string => {
    if (!(seq >= 0 && seq < count)) return '';
    const start = textStarts[seq] as number;
    const end = textStarts[seq + 1] as number;
    return textBytes === null ? allText.slice(start, end) : textBytes.toString('utf16le', start * 2, end * 2);
  };
  const sharedColumns: SharedParagraphColumns | null = share
    ? {
        count,
        text: new Uint8Array(textBytes.buffer, textBytes.byteOffset, textBytes.byteLength),
        textStarts,
        documentPosition,
        agenciesOf,
        agencyTable,
      }
    : null;
  const decodeTexts = () => {
    // Shared texts stay code units: one string of them here too would hold them twice.
    if (textBytes === null || share) return;
    allText = utf16Text(textBytes);
    textBytes = null;
  };
  if (!share) setTimeout(decodeTexts, PARAGRAPH_FILE.decodeTextsAfterMs).unref();

  // Id → seq: the ids as a table of strings in code units (no string per paragraph, no Map), its hash
  // slots made on the first lookup by id: a start and the searches it serves read ids by seq only
  // (hashing 160,308 ids was ≈ 45 ms of a server start).
  let ids: TokenTable = { text: idCodes, starts: idStarts, slots: new Uint32Array(0) };
  const idOf = (seq: number): string => tokenAt(ids, seq);
  const idTable = (): TokenTable => {
    if (ids.slots.length === 0) ids = tokenTableOf(idCodes, idStarts);
    return ids;
  };

  const held: { fd: number | null } = { fd: openSync(filePath, 'r') };
  const source = {} as ParagraphFile;
  descriptors.register(source, held, source);
  let scratch = Buffer.allocUnsafeSlow(1 << 16);
  /** Originals `first` … `last` (indexes into the original column) as one string, with where each starts in it. */
  const readOriginals = (first: number, last: number): string => {
    const from = originalStarts[first] as number;
    const length = ((originalStarts[last + 1] as number) - from) * 2;
    if (held.fd === null) throw new Error('the paragraph file was closed');
    if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(length);
    const read = readSync(held.fd, scratch, 0, length, originalOffset + from * 2);
    if (read !== length) throw new Error('paragraphs.bin is shorter than when it was opened');
    return scratch.toString('utf16le', 0, length);
  };
  const check = (seq: number) => {
    if (!(seq >= 0 && seq < count)) throw new RangeError(`no paragraph at seq ${seq}`);
  };

  return Object.assign(source, {
    count,
    documentPosition,
    text: textOf,
    id(seq: number) {
      check(seq);
      return idOf(seq);
    },
    section(seq: number) {
      check(seq);
      return sectionTable[sectionOf[seq] as number] as string[];
    },
    agencies(seq: number) {
      check(seq);
      return agencyTable[agenciesOf[seq] as number] as string[];
    },
    read(start: number, end: number): Paragraph[] {
      if (!(start >= 0 && end <= count && start <= end))
        throw new RangeError(`no paragraphs at seqs ${start}–${end - 1}`);
      // The range's originals are consecutive in their column: one read covers them all.
      let first = -1;
      let last = -1;
      for (let seq = start; seq < end; seq++) {
        const at = originalOf[seq] as number;
        if (at < 0) continue;
        if (first < 0) first = at;
        last = at;
      }
      const originals = first < 0 ? '' : readOriginals(first, last);
      const base = first < 0 ? 0 : (originalStarts[first] as number);
      const paragraphs = new Array<Paragraph>(end - start);
      for (let seq = start; seq < end; seq++) {
        const text = textOf(seq);
        const at = originalOf[seq] as number;
        const paragraph: Paragraph = {
          id: idOf(seq),
          docId: (documents[documentPosition[seq] as number] as DocumentMeta).id,
          ordinal: ordinal[seq] as number,
          section: sectionTable[sectionOf[seq] as number] as string[],
          text,
          original:
            at < 0
              ? text
              : originals.slice(
                  (originalStarts[at] as number) - base,
                  (originalStarts[at + 1] as number) - base,
                ),
          agencies: agencyTable[agenciesOf[seq] as number] as string[],
        };
        const extra = fields.get(seq);
        if (extra) paragraph.fields = extra;
        paragraphs[seq - start] = paragraph;
      }
      return paragraphs;
    },
    seqOf(id: string) {
      const seq = findToken(idTable(), id);
      return seq < 0 ? undefined : seq;
    },
    decodeTexts,
    shared: () => sharedColumns,
    close() {
      if (held.fd === null) return;
      closeSync(held.fd);
      held.fd = null;
      descriptors.unregister(source);
    },
  });
}
