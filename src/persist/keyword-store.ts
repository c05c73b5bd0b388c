/**
 * `keyword.bin`: the keyword index's columns in one binary container (binary-file.ts) — the
 * paragraph postings, the section and title postings and the per-seq lookups — so loading views
 * typed arrays in the file's buffer and tokenizes nothing. Pure: bytes in, bytes out.
 */
import type { SavedKeywordIndex } from '../keyword/keyword-index.ts';
import { POSTINGS_COLUMNS, type PostingsColumns } from '../keyword/postings.ts';
import {
  type BinaryFile,
  int32Section,
  jsonBytes,
  jsonSection,
  type SectionData,
  sectionBytes,
  uint16Section,
  uint32Section,
} from './binary-file.ts';

/** The container kind of `keyword.bin`. */
export const KEYWORD_FILE_KIND = 'keyword';

const POSTINGS_PARTS = ['postings', 'sectionPostings', 'titlePostings'] as const;

/** The sections of `keyword.bin` for a saved keyword index. */
export function keywordSections(saved: SavedKeywordIndex): [string, SectionData][] {
  const sections: [string, SectionData][] = [
    ['meta', jsonBytes(saved.meta)],
    ['titles', jsonBytes(saved.titles)],
    ['sections', jsonBytes(saved.sections)],
    ['sectionOf', saved.sectionOf],
    ['lengths', saved.lengths],
  ];
  for (const part of POSTINGS_PARTS) {
    const columns = saved[part];
    for (const name of POSTINGS_COLUMNS) {
      const data = columns[name];
      sections.push([`${part}.${name}`, data]);
    }
  }
  return sections;
}

function postingsColumns(file: BinaryFile, part: string): PostingsColumns {
  const name = (column: string) => `${part}.${column}`;
  return {
    tokens: uint16Section(file, name('tokens')),
    tokenStarts: uint32Section(file, name('tokenStarts')),
    tokenSlots: uint32Section(file, name('tokenSlots')),
    offsets: uint32Section(file, name('offsets')),
    seqStarts: uint32Section(file, name('seqStarts')),
    seqs: sectionBytes(file, name('seqs')),
    frequencies: sectionBytes(file, name('frequencies')),
  };
}

/** The saved keyword index held by a decoded `keyword.bin` (views into its bytes). */
export function keywordFromSections(file: BinaryFile): SavedKeywordIndex {
  return {
    meta: jsonSection(file, 'meta') as SavedKeywordIndex['meta'],
    titles: jsonSection(file, 'titles') as string[],
    sections: jsonSection(file, 'sections') as string[],
    sectionOf: int32Section(file, 'sectionOf'),
    lengths: uint32Section(file, 'lengths'),
    postings: postingsColumns(file, 'postings'),
    sectionPostings: postingsColumns(file, 'sectionPostings'),
    titlePostings: postingsColumns(file, 'titlePostings'),
  };
}
