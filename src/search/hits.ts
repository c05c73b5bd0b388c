import { makeSnippet } from '../keyword/snippet.ts';
import type { Hit, MatchSource } from '../types.ts';
import type { CorpusView } from './corpus-view.ts';

/** A ranked paragraph before it is dressed as a hit. */
export interface Scored {
  seq: number;
  score: number;
  matchedBy: MatchSource[];
}

/** The API form of a ranked paragraph, with its snippet built around `terms` (those that occur are marked). */
export function toHit(view: CorpusView, scored: Scored, terms: string[]): Hit {
  const paragraph = view.paragraphAt(scored.seq);
  const doc = view.documentOf(scored.seq);
  const { snippet, highlights } = makeSnippet(paragraph.text, terms);
  return {
    id: paragraph.id,
    docId: doc.id,
    source: doc.source,
    title: doc.title,
    year: doc.year,
    section: paragraph.section,
    text: paragraph.text,
    snippet,
    highlights,
    score: scored.score,
    agencies: paragraph.agencies,
    matchedBy: scored.matchedBy,
  };
}
