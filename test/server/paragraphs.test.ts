import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentWithParagraphs, ParagraphWithNeighbours } from '../../src/search/searcher.ts';
import type { DocumentMeta } from '../../src/types.ts';
import {
  type DocumentList,
  type ErrorBody,
  jsonOf,
  type SimilarBody,
  serveSeedApp,
} from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
let docs: DocumentMeta[];
beforeAll(async () => {
  app = await serveSeedApp();
  docs = (await jsonOf<DocumentList>(await app.get('/api/documents'))).body.documents;
});
afterAll(() => app.close());

async function paragraphIdsOf(source: string): Promise<string[]> {
  const doc = docs.find((d) => d.source === source);
  const { body } = await jsonOf<DocumentWithParagraphs>(await app.get(`/api/documents/${doc?.id}`));
  return body.paragraphs.map((p: { id: string }) => p.id);
}

describe('GET /api/paragraphs/:id', () => {
  it('answers 404 in JSON for an unknown id', async () => {
    const { status, type, body } = await jsonOf<ErrorBody>(await app.get('/api/paragraphs/0000-0000'));
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/json/);
    expect(body.error).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('returns the paragraph with its document fields and its neighbours in the same document', async () => {
    const ids = await paragraphIdsOf('003_04412ee2bb764e95.txt');
    const { status, type, body } = await jsonOf<ParagraphWithNeighbours>(
      await app.get(`/api/paragraphs/${ids[1]}`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.paragraph).toMatchObject({ id: ids[1], source: '003_04412ee2bb764e95.txt', year: 2020 });
    for (const field of ['docId', 'title', 'section', 'text', 'original', 'agencies']) {
      expect(body.paragraph).toHaveProperty(field);
    }
    expect(body.prev?.id).toBe(ids[0]);
    expect(body.next?.id).toBe(ids[2]);
  });

  it('gives null neighbours at the edges of a document', async () => {
    const ids = await paragraphIdsOf('001_f2b5bd6f9b254a2f.txt');
    const first = await jsonOf<ParagraphWithNeighbours>(await app.get(`/api/paragraphs/${ids[0]}`));
    const last = await jsonOf<ParagraphWithNeighbours>(await app.get(`/api/paragraphs/${ids.at(-1)}`));
    expect(first.body.prev).toBeNull();
    expect(last.body.next).toBeNull();
  });
});

describe('GET /api/paragraphs/:id/similar', () => {
  it.each([
    ['limit=0', 'INVALID_PARAMETER'],
    ['limit=101', 'INVALID_PARAMETER'],
    ['limit=abc', 'INVALID_PARAMETER'],
    ['sameDocument=maybe', 'INVALID_PARAMETER'],
  ])('answers 400 for %s', async (query, code) => {
    const ids = await paragraphIdsOf('000_2b34ef53993d7fe3.txt');
    const { status, body } = await jsonOf<ErrorBody>(
      await app.get(`/api/paragraphs/${ids[0]}/similar?${query}`),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
  });

  it('answers 404 for an unknown paragraph', async () => {
    const { status, body } = await jsonOf<ErrorBody>(await app.get('/api/paragraphs/unknown/similar'));
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('returns the closest paragraphs from other documents only, most similar first', async () => {
    const ids = await paragraphIdsOf('004_07740394ff6dd330.txt');
    const own = (await jsonOf<ParagraphWithNeighbours>(await app.get(`/api/paragraphs/${ids[5]}`))).body
      .paragraph;
    const { status, type, body } = await jsonOf<SimilarBody>(
      await app.get(`/api/paragraphs/${ids[5]}/similar?limit=5`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.hits).toHaveLength(5);
    for (const hit of body.hits) {
      expect(hit.docId).not.toBe(own.docId);
      expect(hit.matchedBy).toEqual(['semantic']);
    }
    const scores = body.hits.map((hit: { score: number }) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('includes the same document when sameDocument=true, but never the paragraph itself', async () => {
    const ids = await paragraphIdsOf('004_07740394ff6dd330.txt');
    const { body } = await jsonOf<SimilarBody>(
      await app.get(`/api/paragraphs/${ids[5]}/similar?limit=20&sameDocument=true`),
    );
    const sameDocument = body.hits.filter((hit: { id: string }) => ids.includes(hit.id));
    expect(sameDocument.length).toBeGreaterThan(0);
    expect(body.hits.map((hit: { id: string }) => hit.id)).not.toContain(ids[5]);
  });
});
