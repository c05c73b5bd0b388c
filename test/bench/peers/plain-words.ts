/**
 * Our query language reduced to plain words for the peers, which have none of it: quotes,
 * proximity brackets and OR bars are dropped, leaving the words they surround (ANDed).
 */

/** `同句(数据 知识产权) "质押融资"` → `数据 知识产权 质押融资`; `-word` exclusions are dropped. */
export function plainWords(query: string): string {
  return query
    .replace(/同[句段]\(/gu, ' ')
    .replace(/["“”()（）|]/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w !== '' && w !== 'OR' && !w.startsWith('-'))
    .join(' ');
}
