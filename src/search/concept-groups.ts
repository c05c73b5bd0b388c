/**
 * A query's concept groups: each of its words, OR the official terms the query thesaurus maps it to
 * (src/text/query-thesaurus.ts: the reviewed thesaurus joined with the everyday words written for the
 * seeds' terms). What hybrid mode's coverage ranking counts (coverage-ranking.ts).
 */
import { contentWords } from '../text/analyze.ts';
import { QUESTION_WORDS } from '../text/policy-thesaurus.ts';
import { QUERY_THESAURUS } from '../text/query-thesaurus.ts';

/** One concept of the query: the word as typed, and every term that states it (the word first). */
export interface ConceptGroup {
  word: string;
  terms: string[];
}

/** A thesaurus as {@link conceptGroups} reads it: lay word → official terms. */
export type Thesaurus = Readonly<Record<string, readonly string[]>>;

/** Keys longest first, so 抵押贷款 wins over 贷款 at the same place. */
function keyFinder(thesaurus: Thesaurus): { longest: number; has: (key: string) => boolean } {
  const keys = Object.keys(thesaurus).filter((key) => [...key].length >= 2);
  const set = new Set(keys);
  return { longest: Math.max(0, ...keys.map((key) => key.length)), has: (key) => set.has(key) };
}

const defaultFinder = keyFinder(QUERY_THESAURUS);

/**
 * The concept groups of a normalized query, in the order they occur. Thesaurus keys are found as
 * substrings (longest first, left to right), because jieba cuts lay phrases (借钱, 打官司) unevenly;
 * the rest of the query becomes one group per content word of two or more characters, with no
 * alternatives; question words (怎么办, 哪些) form none. A query with no thesaurus key yields only
 * single-word groups.
 */
export function conceptGroups(text: string, thesaurus: Thesaurus = QUERY_THESAURUS): ConceptGroup[] {
  const finder = thesaurus === QUERY_THESAURUS ? defaultFinder : keyFinder(thesaurus);
  const found: { at: number; group: ConceptGroup }[] = [];
  let rest = '';
  for (let at = 0; at < text.length; ) {
    let key = '';
    for (let length = Math.min(finder.longest, text.length - at); length >= 2; length--) {
      const candidate = text.slice(at, at + length);
      if (finder.has(candidate)) {
        key = candidate;
        break;
      }
    }
    if (key) {
      const terms = [...new Set([key, ...(thesaurus[key] ?? [])])];
      found.push({ at, group: { word: key, terms } });
      // Spaces keep the words on either side of the key apart and every place where it was in the text.
      rest += ' '.repeat(key.length);
      at += key.length;
    } else {
      rest += text[at];
      at++;
    }
  }
  const seen = new Set(found.map(({ group }) => group.word));
  let from = 0;
  for (const word of contentWords(rest)) {
    const at = rest.indexOf(word, from);
    if (at !== -1) from = at + word.length;
    if ([...word].length < 2 || seen.has(word) || QUESTION_WORDS.has(word)) continue;
    seen.add(word);
    found.push({ at: at === -1 ? text.length : at, group: { word, terms: [word] } });
  }
  return found.sort((a, b) => a.at - b.at).map(({ group }) => group);
}

/** Whether any group offers more than its own word: only then does coverage ranking add anything. */
export function expandsAny(groups: ConceptGroup[]): boolean {
  return groups.some((group) => group.terms.length > 1);
}
