/**
 * The keyword index: a typed-array inverted index (src/keyword/postings.ts) over the corpus
 * paragraphs, keyed by seq, plus per-seq lookups for field boosts. Why our own postings and not
 * FlexSearch, with the measurements: docs/DESIGN.md.
 */
import { type CorpusView, createCorpusView } from '../corpus/corpus-view.ts';
import { type ParagraphSource, paragraphsInMemory } from '../corpus/paragraph-source.ts';
import { ANALYZER_VERSION, matchTokens } from '../text/analyze.ts';
import type { Corpus } from '../types.ts';
import { mergePostings } from './merge-postings.ts';
import {
  buildPostings,
  loadPostings,
  type Postings,
  type PostingsColumns,
  savePostings,
} from './postings.ts';

/** Layout version of the exported keyword files; bump when their shape changes. */
export const KEYWORD_INDEX_FORMAT = 4;

/** The keyword index: postings over the paragraph texts and lookups derived from the corpus. */
export interface KeywordIndex {
  /** The corpus and its lookups (each seq's document position among them), shared with the searcher. */
  view: CorpusView;
  postings: Postings;
  /** Lower-cased title of each document, by position in `corpus.documents`. */
  titles: string[];
  /** Index into `sections` of each seq's headings. */
  sectionOf: Int32Array;
  /** Distinct section paths, headings joined by a space, lower-cased. */
  sections: string[];
  /** Paragraph length in characters, for BM25 length normalization. */
  lengths: Uint32Array;
  /** Mean paragraph length in characters, BM25's avgdl. */
  averageLength: number;
  /** Postings over `sections` and over `titles` (keyed by position): a query word's headings are looked up, not scanned. */
  sectionPostings: Postings;
  titlePostings: Postings;
}

type Lookups = Omit<KeywordIndex, 'view' | 'postings'>;

function deriveLookups(corpus: Corpus): Lookups {
  const count = corpus.paragraphs.length;
  const sectionOf = new Int32Array(count);
  const lengths = new Uint32Array(count);
  const sectionIds = new Map<string, number>();
  const sections: string[] = [];
  let totalLength = 0;
  corpus.paragraphs.forEach((paragraph, seq) => {
    const section = paragraph.section.join(' ').toLowerCase();
    let sectionId = sectionIds.get(section);
    if (sectionId === undefined) {
      sectionId = sections.length;
      sectionIds.set(section, sectionId);
      sections.push(section);
    }
    sectionOf[seq] = sectionId;
    lengths[seq] = paragraph.text.length;
    totalLength += paragraph.text.length;
  });
  const titles = corpus.documents.map((document) => document.title.toLowerCase());
  return {
    titles,
    sectionOf,
    sections,
    lengths,
    averageLength: count ? totalLength / count : 1,
    sectionPostings: buildPostings(sections.length, (id) => matchTokens(sections[id] as string)),
    titlePostings: buildPostings(titles.length, (position) => matchTokens(titles[position] as string)),
  };
}

/** Builds the keyword index over every paragraph of the corpus; ids are seqs. */
export function buildKeywordIndex(corpus: Corpus): KeywordIndex {
  const paragraphs = corpus.paragraphs;
  const postings = buildPostings(paragraphs.length, (seq) =>
    matchTokens((paragraphs[seq] as { text: string }).text),
  );
  return { view: createCorpusView(corpus), postings, ...deriveLookups(corpus) };
}

/**
 * The keyword index of an edited corpus from the previous one: only the paragraphs at `addedSeqs`
 * (ascending seqs of `corpus`) are tokenized; the others' postings are carried over through
 * `previousToNew` (see `merge-postings.ts`). Equal to {@link buildKeywordIndex} of `corpus`.
 */
export function updateKeywordIndex(
  previous: KeywordIndex,
  corpus: Corpus,
  change: { previousToNew: Int32Array; addedSeqs: Uint32Array },
): KeywordIndex {
  const paragraphs = corpus.paragraphs;
  const added = buildPostings(change.addedSeqs.length, (i) =>
    matchTokens((paragraphs[change.addedSeqs[i] as number] as { text: string }).text),
  );
  const postings = mergePostings({
    previous: previous.postings,
    previousToNew: change.previousToNew,
    added,
    addedToNew: change.addedSeqs,
  });
  return { view: createCorpusView(corpus), postings, ...deriveLookups(corpus) };
}

/** What a saved keyword index holds: the postings' columns and the per-seq lookups, so loading tokenizes nothing. */
export interface SavedKeywordIndex {
  meta: { format: number; analyzerVersion: number; paragraphs: number; averageLength: number };
  postings: PostingsColumns;
  sectionPostings: PostingsColumns;
  titlePostings: PostingsColumns;
  titles: string[];
  sections: string[];
  sectionOf: Int32Array;
  lengths: Uint32Array;
}

/** The index's saved form (the corpus view is rebuilt from the corpus at load). */
export function saveKeywordIndex(index: KeywordIndex): SavedKeywordIndex {
  return {
    meta: {
      format: KEYWORD_INDEX_FORMAT,
      analyzerVersion: ANALYZER_VERSION,
      paragraphs: index.view.paragraphCount,
      averageLength: index.averageLength,
    },
    postings: savePostings(index.postings),
    sectionPostings: savePostings(index.sectionPostings),
    titlePostings: savePostings(index.titlePostings),
    titles: index.titles,
    sections: index.sections,
    sectionOf: index.sectionOf,
    lengths: index.lengths,
  };
}

/**
 * Restores a saved keyword index for the same corpus, its paragraphs read through `source` (default:
 * the corpus's array); throws when it was made for another one.
 */
export function loadKeywordIndex(
  saved: SavedKeywordIndex,
  corpus: Corpus,
  source: ParagraphSource = paragraphsInMemory(corpus),
): KeywordIndex {
  const { meta } = saved;
  if (meta.format !== KEYWORD_INDEX_FORMAT || meta.analyzerVersion !== ANALYZER_VERSION) {
    throw new Error(
      `The keyword index has format ${meta.format} / analyzer ${meta.analyzerVersion}; this code needs ` +
        `${KEYWORD_INDEX_FORMAT} / ${ANALYZER_VERSION}. Rebuild the index.`,
    );
  }
  const count = source.count;
  if (meta.paragraphs !== count || saved.sectionOf.length !== count || saved.lengths.length !== count) {
    throw new Error(`The keyword index covers ${meta.paragraphs} paragraphs but the corpus has ${count}.`);
  }
  if (saved.titles.length !== corpus.documents.length) {
    throw new Error('The keyword index has a title for another number of documents than the corpus.');
  }
  return {
    view: createCorpusView(corpus, source),
    postings: loadPostings(saved.postings),
    sectionPostings: loadPostings(saved.sectionPostings),
    titlePostings: loadPostings(saved.titlePostings),
    titles: saved.titles,
    sections: saved.sections,
    sectionOf: saved.sectionOf,
    lengths: saved.lengths,
    averageLength: meta.averageLength,
  };
}
