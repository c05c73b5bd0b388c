/**
 * A document named the way a person names it on the command line: its id, or a part of its title
 * (normalized like the documents, so 指引(2021) finds 指引（2021）).
 */
import { normalizeText } from '../text/normalize.ts';
import type { DocumentMeta } from '../types.ts';

/** The one document `name` names, or why there is none (and how many documents it matched). */
export function findDocument(
  documents: readonly DocumentMeta[],
  name: string,
): { document: DocumentMeta } | { error: string; matches: number } {
  const byId = documents.find((document) => document.id === name);
  if (byId) return { document: byId };
  const needle = normalizeText(name).replace(/\s+/gu, '');
  if (needle === '') return { error: 'A document is named by its id or a part of its title.', matches: 0 };
  const matches = documents.filter((document) => document.title.replace(/\s+/gu, '').includes(needle));
  if (matches.length === 1) return { document: matches[0] as DocumentMeta };
  if (matches.length === 0) return { error: `No document id or title matches “${name}”.`, matches: 0 };
  const listed = matches
    .slice(0, 10)
    .map((document) => `  ${document.id}  ${document.year ?? '—'}  ${document.title}`)
    .join('\n');
  return {
    error: `“${name}” matches ${matches.length} documents; name one by id or a longer part of its title:\n${listed}`,
    matches: matches.length,
  };
}
