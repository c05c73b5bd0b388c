/**
 * `paragraphs.bin`: every paragraph as columns in one binary container (binary-file.ts) rather
 * than 100+ MB of JSON. The searched texts are one UTF-16LE column decoded into one string and
 * sliced per seq (slices share the string's memory); numbers are typed arrays; sections and
 * agency lists are stored once each and shared by the paragraphs that carry them; `original`
 * only where it differs from `text`; the few table rows' `fields` as JSON. Pure: bytes in, bytes out.
 */
import type { DocumentMeta, Paragraph } from '../types.ts';
import {
  type BinaryFile,
  BinaryFileError,
  int32Section,
  jsonBytes,
  jsonSection,
  type SectionData,
  uint32Section,
  utf16Bytes,
  utf16BytesSection,
} from './binary-file.ts';

/** The container kind of `paragraphs.bin`. */
export const PARAGRAPHS_FILE_KIND = 'paragraphs';

/** Strings joined into one column, with where each starts (the last entry is the total length). */
function stringColumn(values: string[]): { text: Uint8Array; starts: Uint32Array } {
  const starts = new Uint32Array(values.length + 1);
  values.forEach((value, i) => {
    starts[i + 1] = (starts[i] as number) + value.length;
  });
  return { text: utf16Bytes(values.join('')), starts };
}

/** Ids of distinct values (compared by `key`) in first-seen order, and each item's id. */
function distinct<T>(items: T[], key: (item: T) => string): { values: T[]; idOf: Uint32Array } {
  const ids = new Map<string, number>();
  const values: T[] = [];
  const idOf = new Uint32Array(items.length);
  items.forEach((item, i) => {
    const k = key(item);
    let id = ids.get(k);
    if (id === undefined) {
      id = values.length;
      ids.set(k, id);
      values.push(item);
    }
    idOf[i] = id;
  });
  return { values, idOf };
}

/** The sections of `paragraphs.bin` for `paragraphs` (each paragraph's document must be in `documents`). */
export function paragraphSections(
  paragraphs: Paragraph[],
  documents: DocumentMeta[],
): [string, SectionData][] {
  const positionById = new Map(documents.map((document, position) => [document.id, position]));
  const documentPosition = Uint32Array.from(paragraphs, (paragraph) => {
    const position = positionById.get(paragraph.docId);
    if (position === undefined)
      throw new Error(`Paragraph ${paragraph.id} names unknown document ${paragraph.docId}.`);
    return position;
  });
  const texts = stringColumn(paragraphs.map((paragraph) => paragraph.text));
  const ids = stringColumn(paragraphs.map((paragraph) => paragraph.id));
  const sections = distinct(
    paragraphs.map((paragraph) => paragraph.section),
    (section) => JSON.stringify(section),
  );
  const agencies = distinct(
    paragraphs.map((paragraph) => paragraph.agencies),
    (list) => JSON.stringify(list),
  );
  const originalOf = new Int32Array(paragraphs.length).fill(-1);
  const originals: string[] = [];
  const fields: [number, Record<string, string>][] = [];
  paragraphs.forEach((paragraph, seq) => {
    if (paragraph.original !== paragraph.text) {
      originalOf[seq] = originals.length;
      originals.push(paragraph.original);
    }
    if (paragraph.fields) fields.push([seq, paragraph.fields]);
  });
  const originalColumn = stringColumn(originals);
  return [
    ['meta', jsonBytes({ paragraphs: paragraphs.length })],
    ['text', texts.text],
    ['textStarts', texts.starts],
    ['id', ids.text],
    ['idStarts', ids.starts],
    ['documentPosition', documentPosition],
    ['ordinal', Uint32Array.from(paragraphs, (paragraph) => paragraph.ordinal)],
    ['sectionTable', jsonBytes(sections.values)],
    ['sectionOf', sections.idOf],
    ['agencyTable', jsonBytes(agencies.values)],
    ['agenciesOf', agencies.idOf],
    ['originalOf', originalOf],
    ['original', originalColumn.text],
    ['originalStarts', originalColumn.starts],
    ['fields', jsonBytes(fields)],
  ];
}

/** The columns of a decoded `paragraphs.bin`, checked against each other: views into the file's bytes. */
export interface ParagraphColumns {
  count: number;
  /** UTF-16LE bytes of every searched text, one after another; paragraph seq's is `textStarts[seq]` … `textStarts[seq + 1]` (in characters). */
  text: Uint8Array;
  textStarts: Uint32Array;
  /** UTF-16LE bytes of every id, likewise. */
  id: Uint8Array;
  idStarts: Uint32Array;
  documentPosition: Uint32Array;
  ordinal: Uint32Array;
  sectionTable: string[][];
  sectionOf: Uint32Array;
  agencyTable: string[][];
  agenciesOf: Uint32Array;
  /** Which original (an index into `originalStarts`) each paragraph has, -1 where it is its text; ascending by seq. */
  originalOf: Int32Array;
  original: Uint8Array;
  originalStarts: Uint32Array;
  fields: Map<number, Record<string, string>>;
}

/**
 * The columns of a decoded `paragraphs.bin`. Throws {@link BinaryFileError} when they disagree with
 * each other or refer outside `documents` or their tables.
 */
export function paragraphColumns(file: BinaryFile, documents: DocumentMeta[]): ParagraphColumns {
  const { paragraphs: count } = jsonSection(file, 'meta') as { paragraphs: number };
  const columns: ParagraphColumns = {
    count,
    text: utf16BytesSection(file, 'text'),
    textStarts: uint32Section(file, 'textStarts'),
    id: utf16BytesSection(file, 'id'),
    idStarts: uint32Section(file, 'idStarts'),
    documentPosition: uint32Section(file, 'documentPosition'),
    ordinal: uint32Section(file, 'ordinal'),
    sectionTable: jsonSection(file, 'sectionTable') as string[][],
    sectionOf: uint32Section(file, 'sectionOf'),
    agencyTable: jsonSection(file, 'agencyTable') as string[][],
    agenciesOf: uint32Section(file, 'agenciesOf'),
    originalOf: int32Section(file, 'originalOf'),
    original: utf16BytesSection(file, 'original'),
    originalStarts: uint32Section(file, 'originalStarts'),
    fields: new Map(jsonSection(file, 'fields') as [number, Record<string, string>][]),
  };
  const { textStarts, idStarts, originalStarts, originalOf } = columns;
  const perParagraph = [
    textStarts.length - 1,
    idStarts.length - 1,
    columns.documentPosition.length,
    columns.ordinal.length,
    columns.sectionOf.length,
    columns.agenciesOf.length,
    originalOf.length,
  ];
  if (
    perParagraph.some((length) => length !== count) ||
    textStarts[count] !== columns.text.byteLength / 2 ||
    idStarts[count] !== columns.id.byteLength / 2 ||
    originalStarts[originalStarts.length - 1] !== columns.original.byteLength / 2
  ) {
    throw new BinaryFileError('its paragraph columns disagree in length');
  }
  let nextOriginal = 0;
  for (let seq = 0; seq < count; seq++) {
    if (
      !documents[columns.documentPosition[seq] as number] ||
      !columns.sectionTable[columns.sectionOf[seq] as number] ||
      !columns.agencyTable[columns.agenciesOf[seq] as number]
    )
      throw new BinaryFileError(`paragraph ${seq} refers outside its tables`);
    const originalAt = originalOf[seq] as number;
    // Originals are written in seq order: a document's are one run of the column (read in one go).
    if (originalAt >= 0 && originalAt !== nextOriginal++)
      throw new BinaryFileError(`paragraph ${seq} refers outside its tables`);
  }
  if (nextOriginal !== originalStarts.length - 1)
    throw new BinaryFileError('its paragraph columns disagree in length');
  return columns;
}

/** UTF-16LE code units as one string. */
export function utf16Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
}

/**
 * The paragraphs held by a decoded `paragraphs.bin`, in seq order, all in memory. Throws
 * {@link BinaryFileError} when the columns disagree with each other or with `documents`.
 */
export function paragraphsFromSections(file: BinaryFile, documents: DocumentMeta[]): Paragraph[] {
  const columns = paragraphColumns(file, documents);
  const text = utf16Text(columns.text);
  const ids = utf16Text(columns.id);
  const originals = utf16Text(columns.original);
  const { textStarts, idStarts, originalStarts, originalOf } = columns;
  const paragraphs = new Array<Paragraph>(columns.count);
  for (let seq = 0; seq < columns.count; seq++) {
    const own = text.slice(textStarts[seq], textStarts[seq + 1]);
    const originalAt = originalOf[seq] as number;
    const paragraph: Paragraph = {
      id: ids.slice(idStarts[seq], idStarts[seq + 1]),
      docId: (documents[columns.documentPosition[seq] as number] as DocumentMeta).id,
      ordinal: columns.ordinal[seq] as number,
      section: columns.sectionTable[columns.sectionOf[seq] as number] as string[],
      text: own,
      original:
        originalAt < 0 ? own : originals.slice(originalStarts[originalAt], originalStarts[originalAt + 1]),
      agencies: columns.agencyTable[columns.agenciesOf[seq] as number] as string[],
    };
    const extra = columns.fields.get(seq);
    if (extra) paragraph.fields = extra;
    paragraphs[seq] = paragraph;
  }
  return paragraphs;
}
