import type { CorpusView } from '../corpus/corpus-view.ts';
import { makeSnippet } from '../keyword/snippet.ts';
import type { Hit, ParagraphContext } from '../types.ts';
import type { Scored } from './search-types.ts';

/** The paragraph at `seq` with its document's title, year and source. */
export function contextOf(view: CorpusView, seq: number): ParagraphContext {
  const doc = view.documentOf(seq);
  // Read field by field: a hit needs no original wording, which is not kept in memory.
  return {
    id: view.idAt(seq),
    docId: doc.id,
    source: doc.source,
    title: doc.title,
    year: doc.year,
    section: view.sectionAt(seq),
    text: view.textAt(seq),
    agencies: view.agenciesAt(seq),
  };
}

/** The API form of a ranked paragraph, with its snippet built around `terms` (those that occur are marked). */
export function toHit(view: CorpusView, scored: Scored, terms: string[]): Hit {
  const context = contextOf(view, scored.seq);
  const { snippet, highlights } = makeSnippet(context.text, terms);
  // Added to the fresh context, not `{ ...context, snippet, … }`: V8 (Node 20) defines every key that
  // follows a spread in its runtime, about 1.4 µs a key — a tenth of a millisecond for a page of 20
  // hits (BENCHMARKS.md, "Object spreads on the search path").
  return Object.assign(context, { snippet, highlights, score: scored.score, matchedBy: scored.matchedBy });
}
