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
  utf16Section,
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

/**
 * The paragraphs held by a decoded `paragraphs.bin`, in seq order. Throws {@link BinaryFileError}
 * when the columns disagree with each other or with `documents`.
 */
export function paragraphsFromSections(file: BinaryFile, documents: DocumentMeta[]): Paragraph[] {
  const { paragraphs: count } = jsonSection(file, 'meta') as { paragraphs: number };
  const text = utf16Section(file, 'text');
  const textStarts = uint32Section(file, 'textStarts');
  const ids = utf16Section(file, 'id');
  const idStarts = uint32Section(file, 'idStarts');
  const documentPosition = uint32Section(file, 'documentPosition');
  const ordinal = uint32Section(file, 'ordinal');
  const sectionTable = jsonSection(file, 'sectionTable') as string[][];
  const sectionOf = uint32Section(file, 'sectionOf');
  const agencyTable = jsonSection(file, 'agencyTable') as string[][];
  const agenciesOf = uint32Section(file, 'agenciesOf');
  const originalOf = int32Section(file, 'originalOf');
  const originals = utf16Section(file, 'original');
  const originalStarts = uint32Section(file, 'originalStarts');
  const fields = new Map(jsonSection(file, 'fields') as [number, Record<string, string>][]);
  const columns = [textStarts.length - 1, idStarts.length - 1, documentPosition.length, ordinal.length];
  if (
    columns.some((length) => length !== count) ||
    [sectionOf.length, agenciesOf.length, originalOf.length].some((length) => length !== count) ||
    textStarts[count] !== text.length ||
    idStarts[count] !== ids.length ||
    originalStarts[originalStarts.length - 1] !== originals.length
  ) {
    throw new BinaryFileError('its paragraph columns disagree in length');
  }
  const paragraphs = new Array<Paragraph>(count);
  for (let seq = 0; seq < count; seq++) {
    const document = documents[documentPosition[seq] as number];
    const section = sectionTable[sectionOf[seq] as number];
    const agencies = agencyTable[agenciesOf[seq] as number];
    if (!document || !section || !agencies)
      throw new BinaryFileError(`paragraph ${seq} refers outside its tables`);
    const own = text.slice(textStarts[seq], textStarts[seq + 1]);
    const originalAt = originalOf[seq] as number;
    const paragraph: Paragraph = {
      id: ids.slice(idStarts[seq], idStarts[seq + 1]),
      docId: document.id,
      ordinal: ordinal[seq] as number,
      section,
      text: own,
      original:
        originalAt < 0 ? own : originals.slice(originalStarts[originalAt], originalStarts[originalAt + 1]),
      agencies,
    };
    const extra = fields.get(seq);
    if (extra) paragraph.fields = extra;
    paragraphs[seq] = paragraph;
  }
  return paragraphs;
}
