import { describe, expect, it } from 'vitest';
import { jsonBody } from '../../src/server/json-body.ts';

const hits = [{ id: 'p1', text: '知识产权"质押"\n融资', highlights: [[0, 4]], score: 1.5 }];

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
