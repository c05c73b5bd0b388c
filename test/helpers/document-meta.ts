/** Test documents: a full DocumentMeta from the few fields a test cares about. */
import type { DocumentMeta } from '../../src/types.ts';

/** A document `id` with `source` `<id>.txt`, no dates, issuer or number, and the given fields. */
export function documentMeta(
  id: string,
  fields: Partial<Omit<DocumentMeta, 'id'>> & Pick<DocumentMeta, 'year'>,
): DocumentMeta {
  return {
    id,
    source: `${id}.txt`,
    title: `文件${id}`,
    period: null,
    published: null,
    signed: null,
    issuer: null,
    number: null,
    paragraphCount: 0,
    ...fields,
  };
}
