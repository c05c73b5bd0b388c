import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentWithParagraphs } from '../../src/search/searcher.ts';
import type { DocumentMeta } from '../../src/types.ts';
import { type DocumentList, type ErrorBody, jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

describe('GET /api/documents/:id', () => {
  it.each(['nope', 'x'.repeat(500), '..%2F..%2Fpackage.json'])(
    'answers 404 in JSON for the unknown id %s',
    async (id) => {
      const { status, type, body } = await jsonOf<ErrorBody>(await app.get(`/api/documents/${id}`));
      expect(status).toBe(404);
      expect(type).toMatch(/^application\/json/);
      expect(body.error.code).toBe('NOT_FOUND');
    },
  );

  it('returns the document with its paragraphs in order', async () => {
    const list = await jsonOf<DocumentList>(await app.get('/api/documents'));
    const doc = list.body.documents.find((d) => d.source === '004_07740394ff6dd330.txt') as DocumentMeta;
    const { status, type, body } = await jsonOf<DocumentWithParagraphs>(
      await app.get(`/api/documents/${doc.id}`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.document).toMatchObject({ id: doc.id, year: 2021, period: '2021–2022' });
    expect(body.paragraphs).toHaveLength(body.document.paragraphCount);
    expect(Object.keys(body.paragraphs[0] ?? {}).sort()).toEqual(
      expect.arrayContaining(['id', 'section', 'text', 'original', 'agencies']),
    );
  });
});

describe('GET /api/documents', () => {
  it('lists the five seeds with their metadata', async () => {
    const { status, type, body } = await jsonOf<DocumentList>(await app.get('/api/documents'));
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.documents.map((d: { source: string }) => d.source)).toEqual([
      '000_2b34ef53993d7fe3.txt',
      '001_f2b5bd6f9b254a2f.txt',
      '002_ca027c0f700d14af.txt',
      '003_04412ee2bb764e95.txt',
      '004_07740394ff6dd330.txt',
    ]);
    const first = body.documents[0];
    expect(first).toMatchObject({ year: 2021, number: '国知发运字〔2021〕3号', published: '2021-03-05' });
    for (const field of ['id', 'title', 'period', 'issuer', 'paragraphCount'])
      expect(first).toHaveProperty(field);
  });
});
