import { parseQuery, type QueryNode } from '../keyword/query-parser.ts';
import { contentWords } from '../text/analyze.ts';
import { normalizeText } from '../text/normalize.ts';
import { type ConceptGroup, conceptGroups } from './concept-groups.ts';

/**
 * A query as every part of one search reads it, made once by {@link prepareQuery} and passed down
 * to the keyword, semantic and hybrid rankings and the timeline, so none of them normalizes,
 * segments or parses the query again.
 */
export interface PreparedQuery {
  /** As the caller typed it: what responses echo. */
  readonly raw: string;
  /**
   * The whole query normalized like a paragraph: what the embedder reads, and the phrase that hybrid
   * mode pins and the keyword timeline counts.
   */
  readonly text: string;
  /**
   * The keyword query tree, parsed on first read: semantic mode never reads it, so keyword syntax
   * (an unclosed quote) is no error there. Throws `QuerySyntaxError`. The parser tokenizes the raw
   * query and normalizes each term on its own, because normalizing first would drop the spaces
   * between Chinese words, which are the AND operator.
   */
  readonly tree: QueryNode;
  /** The query's content words of two or more characters, for marking meaning-only hits. */
  readonly words: string[];
  /**
   * The query's concept groups — each word OR the official terms the reviewed thesaurus maps it to
   * (src/text/policy-thesaurus.ts) — made on first read: only hybrid mode's coverage ranking reads them.
   */
  readonly groups: ConceptGroup[];
}

/** Normalizes and segments `raw` once; parses it on demand (see {@link PreparedQuery.tree}). */
export function prepareQuery(raw: string): PreparedQuery {
  const text = normalizeText(raw);
  let tree: QueryNode | undefined;
  let groups: ConceptGroup[] | undefined;
  return {
    raw,
    text,
    get tree() {
      tree ??= parseQuery(raw);
      return tree;
    },
    get groups() {
      groups ??= conceptGroups(text);
      return groups;
    },
    words: [...new Set(contentWords(text).filter((word) => [...word].length >= 2))],
  };
}
