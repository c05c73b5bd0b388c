import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareResponse } from '../../src/lineage/compare.ts';
import type { LineageResponse } from '../../src/lineage/lineage-service.ts';
import type { DocumentWithParagraphs } from '../../src/search/searcher.ts';
import type { DocumentMeta } from '../../src/types.ts';
import { jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

const GUIDELINE_2021 = '000_2b34ef53993d7fe3.txt';
const GUIDELINE_2023 = '002_ca027c0f700d14af.txt';
/** Every body this file reads: the routes' answers, and the error body of a failure. */
type Body = CompareResponse &
  LineageResponse &
  DocumentWithParagraphs & { documents: DocumentMeta[]; error: { code: string; message: string } };

const TASKLIST_2020 = '003_04412ee2bb764e95.txt';

let app: ServedApp;
let idOf: (source: string) => string;
beforeAll(async () => {
  app = await serveSeedApp();
  const docs: { id: string; source: string }[] = (await jsonOf<Body>(await app.get('/api/documents'))).body
    .documents;
  idOf = (source) => docs.find((doc) => doc.source === source)?.id ?? '';
});
afterAll(() => app.close());

describe('GET /api/compare', () => {
  it.each([
    ['no parameters', '', /from is required/],
    ['no to', '?from=abc', /to is required/],
    ['the same document twice', '?from=abc&to=abc', /two different documents/],
    ['an unknown format', '?from=abc&to=def&format=xml', /format must be json or csv/],
    ['a repeated from', '?from=abc&from=def&to=ghi', /from must be given once/],
  ])('answers 400 for %s', async (_, query, message) => {
    const { status, type, body } = await jsonOf<Body>(await app.get(`/api/compare${query}`));
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.code).toBe('INVALID_PARAMETER');
    expect(body.error.message).toMatch(message);
  });

  it('answers 404 in JSON for an unknown document', async () => {
    const { status, type, body } = await jsonOf<Body>(
      await app.get(`/api/compare?from=${idOf(GUIDELINE_2021)}&to=000000000000`),
    );
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/json/);
    expect(body.error).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('aligns the 2021 and 2023 guidelines: summary, links with changes, units only one side holds, thresholds', async () => {
    const { status, type, body } = await jsonOf<Body>(
      await app.get(`/api/compare?from=${idOf(GUIDELINE_2021)}&to=${idOf(GUIDELINE_2023)}`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.from).toMatchObject({ id: idOf(GUIDELINE_2021), year: 2021 });
    expect(body.to).toMatchObject({ id: idOf(GUIDELINE_2023), year: 2023 });
    const count = (status: string) =>
      body.links.filter((link: { status: string }) => link.status === status).length;
    expect(body.summary).toEqual({
      continued: count('continued'),
      modified: count('modified'),
      uncertain: count('uncertain'),
      new: body.onlyTo.length,
      dropped: body.onlyFrom.length,
    });
    expect(body.summary.modified).toBeGreaterThan(20);
    for (const link of body.links) {
      expect(link).toEqual({
        status: expect.stringMatching(/^(continued|modified|uncertain)$/),
        from: expect.arrayContaining([{ paragraphId: expect.any(String), text: expect.any(String) }]),
        to: expect.arrayContaining([{ paragraphId: expect.any(String), text: expect.any(String) }]),
        score: expect.any(Number),
        changes: {
          numbers: { removed: expect.any(Array), added: expect.any(Array) },
          agenciesAdded: expect.any(Array),
          agenciesRemoved: expect.any(Array),
        },
      });
    }
    const target = body.links.find((link: { from: { text: string }[] }) =>
      link.from.some((unit) => unit.text.includes('发明专利审查周期压减至18.5个月')),
    );
    expect(target?.status).toBe('modified');
    expect(target?.changes.numbers.removed).toContain('18.5个月');
    expect(target?.changes.numbers.added).toContain('16个月');
    const heading = body.links.find(
      (link: { from: { text: string }[] }) => link.from[0]?.text === '健全知识产权保护政策',
    );
    expect(heading).toMatchObject({ status: 'continued', to: [{ text: '健全知识产权保护政策' }] });
    expect(body.thresholds).toMatchObject({
      candidate: expect.any(Number),
      link: expect.any(Number),
      weights: expect.any(Object),
    });
  });

  it('works in either order: new and dropped swap', async () => {
    const forward = (
      await jsonOf<Body>(
        await app.get(`/api/compare?from=${idOf(GUIDELINE_2021)}&to=${idOf(GUIDELINE_2023)}`),
      )
    ).body;
    const backward = (
      await jsonOf<Body>(
        await app.get(`/api/compare?from=${idOf(GUIDELINE_2023)}&to=${idOf(GUIDELINE_2021)}`),
      )
    ).body;
    expect(backward.from.id).toBe(idOf(GUIDELINE_2023));
    expect(backward.summary.new + backward.summary.dropped).toBeGreaterThan(0);
    expect(Math.abs(backward.summary.modified - forward.summary.modified)).toBeLessThanOrEqual(3);
  });

  it('exports the comparison as CSV with format=csv: a header, every link, every new and dropped unit', async () => {
    const response = await app.get(
      `/api/compare?from=${idOf(GUIDELINE_2021)}&to=${idOf(GUIDELINE_2023)}&format=csv`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="?compare-.*\.csv"?/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('status,score,fromParagraphIds,fromText,toParagraphIds,toText,')).toBe(true);
    const json = (
      await jsonOf<Body>(
        await app.get(`/api/compare?from=${idOf(GUIDELINE_2021)}&to=${idOf(GUIDELINE_2023)}`),
      )
    ).body;
    const rows = text
      .split('\r\n')
      .filter((line) => /^(continued|modified|uncertain|new|dropped),/.test(line));
    expect(rows.length).toBe(json.links.length + json.onlyFrom.length + json.onlyTo.length);
    expect(text).toContain('18.5个月');
  });
});

describe('GET /api/documents/:id/series', () => {
  it('answers 404 for an unknown document', async () => {
    const { status, body } = await jsonOf<Body>(await app.get('/api/documents/000000000000/series'));
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('lists the other editions, oldest first', async () => {
    const { status, type, body } = await jsonOf<Body>(
      await app.get(`/api/documents/${idOf(GUIDELINE_2023)}/series`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.documents.map((doc: { source: string }) => doc.source)).toEqual([
      TASKLIST_2020,
      GUIDELINE_2021,
    ]);
  });
});

describe('GET /api/paragraphs/:id/lineage', () => {
  it('answers 404 in JSON for an unknown paragraph', async () => {
    const { status, type, body } = await jsonOf<Body>(await app.get('/api/paragraphs/0000-0000/lineage'));
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('follows a 2023 paragraph’s measures back through the series, oldest first', async () => {
    const doc = (await jsonOf<Body>(await app.get(`/api/documents/${idOf(GUIDELINE_2023)}`))).body;
    const paragraph = doc.paragraphs.find((p: { text: string }) =>
      p.text.includes('知识产权服务业集聚区优化升级'),
    );
    const { status, type, body } = await jsonOf<Body>(
      await app.get(`/api/paragraphs/${paragraph?.id}/lineage`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.chain.map((entry) => entry.year)).toEqual([2020, 2021, 2023]);
    const [y2020, y2021, y2023] = body.chain;
    expect(y2023).toMatchObject({ docId: idOf(GUIDELINE_2023), status: 'origin' });
    expect(y2021?.status).toBe('modified');
    expect(y2021?.units.map((unit: { text: string }) => unit.text)).toContain('优化升级知识产权服务业集聚区');
    expect(['modified', 'uncertain', 'absent']).toContain(y2020?.status);
    for (const entry of body.chain) {
      expect(entry).toEqual({
        year: expect.any(Number),
        docId: expect.any(String),
        title: expect.any(String),
        units: expect.any(Array),
        status: expect.any(String),
        score: entry.status === 'origin' || entry.status === 'absent' ? null : expect.any(Number),
      });
    }
  });
});
