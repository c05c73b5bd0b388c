/**
 * The thesaurus a query's concept groups are read with: the reviewed lay-word thesaurus
 * (policy-thesaurus.ts) joined with the everyday words written for the seeds' terms (lay-words.ts),
 * inverted to lay word → official terms. A lay word in both keeps the reviewed terms first.
 */
import { LAY_WORDS_BY_TERM } from './lay-words.ts';
import { POLICY_THESAURUS } from './policy-thesaurus.ts';

/** Lay word → official terms, from both sources. */
export function joinThesauri(
  reviewed: Readonly<Record<string, readonly string[]>>,
  layWordsByTerm: Readonly<Record<string, readonly string[]>>,
): Record<string, string[]> {
  const joined: Record<string, string[]> = {};
  for (const [word, terms] of Object.entries(reviewed)) joined[word] = [...terms];
  for (const [term, layWords] of Object.entries(layWordsByTerm)) {
    for (const word of layWords) {
      if (word === term) continue;
      const terms = joined[word] ?? [];
      if (!terms.includes(term)) terms.push(term);
      joined[word] = terms;
    }
  }
  return joined;
}

/** What hybrid mode's coverage ranking expands a query with. */
export const QUERY_THESAURUS: Readonly<Record<string, readonly string[]>> = joinThesauri(
  POLICY_THESAURUS,
  LAY_WORDS_BY_TERM,
);
