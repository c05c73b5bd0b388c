import { describe, expect, it } from 'vitest';
import { jsonBody, jsonBodyParts } from '../../src/server/json-body.ts';

const hits = [{ id: 'p1', text: '知识产权"质押"\n融资', highlights: [[0, 4]], score: 1.5 }];

/** A one-screen answer's shape (src/types.ts, SearchResponse) with `hits` and `facets` as given. */
const answer = (hitList: unknown[], facets: unknown = { years: [], documents: [], agencies: [] }) => ({
  query: '知识产权',
  mode: 'keyword',
  total: hitList.length,
  tookMs: 0.412,
  hits: hitList,
  facets,
});
const hit = (fields: Record<string, unknown>) => ({
  id: 'd1-p1',
  docId: 'd1',
  source: 'laws/民法典.md',
  title: '中华人民共和国民法典',
  year: 2020,
  section: ['第一编 总则'],
  text: '第一条 为了保护民事主体的合法权益。',
  agencies: [],
  snippet: '第一条 为了保护<mark>民事</mark>主体的合法权益。',
  highlights: [[8, 10]],
  score: 1.9050045013427734,
  matchedBy: ['keyword'],
  ...fields,
});

describe('jsonBody', () => {
  it.each<[string, unknown]>([
    [
      'a search answer',
      { query: '质押', mode: 'keyword', total: 1, tookMs: 0.5, hits, facets: { years: [] } },
    ],
    ['fields JSON.stringify leaves out', { a: undefined, b: () => 1, c: Symbol('s'), d: 1 }],
    ['only left-out fields', { a: undefined }],
    ['an empty object', {}],
    ['null fields and nested nulls', { a: null, b: [null, undefined], c: { d: undefined } }],
    ['a field with toJSON', { when: new Date(0), n: Number.NaN }],
    ['a field whose toJSON gives nothing', { gone: { toJSON: () => undefined }, kept: [1] }],
    ['an object with toJSON', { toJSON: () => ({ x: 1 }) }],
    ['an array', [1, 'a', { b: 2 }]],
    ['a string', '用时 2 毫秒'],
    ['null', null],
    ['a null-prototype object', Object.assign(Object.create(null), { a: [1] })],
    ['keys that need escaping', { 'a"b': 1, '\u2028': 2 }],
  ])('equals JSON.stringify for %s', (_name, value) => {
    expect(jsonBody(value).toString('utf8')).toBe(JSON.stringify(value) ?? 'null');
  });

  it.each<[string, unknown]>([
    ['no hits', answer([])],
    ['a hit with null year and no section', answer([hit({ year: null, section: [] })])],
    [
      'hits of several modes',
      answer([hit({ matchedBy: ['keyword', 'semantic'] }), hit({ matchedBy: ['concept'] })]),
    ],
    [
      'quotes, backslashes and control characters',
      answer([hit({ text: '"引"\\路径\t\u0000\u001f', snippet: '<mark>"</mark>' })]),
    ],
    [
      'U+2028, emoji and lone surrogates',
      answer([hit({ title: '\u2028\u2029', text: '😀 \ud800 \udfff 知识' })]),
    ],
    [
      'odd numbers',
      answer([hit({ score: Number.NaN }), hit({ score: -0 }), hit({ score: 1e21 }), hit({ score: 5e-324 })]),
    ],
    ['infinite and negative numbers', { ...answer([hit({ score: Number.POSITIVE_INFINITY })]), tookMs: -1 }],
    [
      'full facets',
      answer([hit({})], {
        years: [{ year: 2020, count: 3 }],
        documents: [{ id: 'd1', title: '民法典"草案"', count: 3 }],
        agencies: [{ name: '知识产权局', count: 1 }],
      }),
    ],
    ['fields JSON.stringify leaves out beside the large ones', { a: undefined, hits: [], b: () => 1 }],
    ['a string', '用时 2 毫秒'],
    ['null', null],
  ])(
    'gives pieces that join to JSON.stringify for %s, served first, again and a third time',
    (_name, value) => {
      const expected = JSON.stringify(value) ?? 'null';
      // First whole, then in pieces with the large parts' bytes remembered, then from those bytes.
      for (let serve = 0; serve < 3; serve++) {
        expect(Buffer.concat(jsonBodyParts(value)).toString('utf8')).toBe(expected);
        expect(jsonBody(value).equals(Buffer.from(expected))).toBe(true);
      }
    },
  );

  it('serializes a fresh answer whole, then gives the same answer again its remembered pieces, not copies', () => {
    const shared = [hit({})];
    const facets = { years: [], documents: [], agencies: [] };
    const first = jsonBodyParts(answer(shared, facets));
    expect(first).toHaveLength(1);
    const second = jsonBodyParts({ ...answer(shared, facets), tookMs: 0.01 });
    const third = jsonBodyParts({ ...answer(shared, facets), tookMs: 0.02 });
    expect(second.length).toBeGreaterThan(1);
    expect(third[1]).toBe(second[1]);
    expect(third[3]).toBe(second[3]);
    expect(Buffer.concat(third).toString()).toBe(JSON.stringify({ ...answer(shared, facets), tookMs: 0.02 }));
  });

  it('remembers the parts of an answer that shares one part with an answer served before', () => {
    const hitList = [hit({ id: 'shared' })];
    jsonBodyParts(answer(hitList));
    // Other facets, same hits (a cached answer's hits with new facets): served in pieces at once.
    const other = answer(hitList, { years: [{ year: 2021, count: 1 }], documents: [], agencies: [] });
    const parts = jsonBodyParts(other);
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.concat(parts).toString()).toBe(JSON.stringify(other));
  });

  it("serializes an answer sharing a cached answer's hits once, with its own top-level fields", () => {
    const shared = [{ id: 'p2', text: '商标' }];
    const first = jsonBody({ tookMs: 3, hits: shared });
    const second = jsonBody({ tookMs: 0.01, hits: shared });
    expect(JSON.parse(first.toString())).toEqual({ tookMs: 3, hits: shared });
    expect(JSON.parse(second.toString())).toEqual({ tookMs: 0.01, hits: shared });
  });

  it("never serves one object's bytes for another with other contents", () => {
    const a = { hits: [{ id: 'a' }] };
    const b = { hits: [{ id: 'b' }] };
    expect(jsonBody(a).toString()).toBe(JSON.stringify(a));
    expect(jsonBody(b).toString()).toBe(JSON.stringify(b));
  });
});
