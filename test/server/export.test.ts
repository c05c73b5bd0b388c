import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, type ExportBody, jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

describe('GET /api/export', () => {
  it.each([
    ['', 'INVALID_PARAMETER'],
    ['q=专利&format=xlsx', 'INVALID_PARAMETER'],
    ['q=%22专利', 'INVALID_QUERY'],
  ])('answers 400 for ?%s', async (query, code) => {
    const { status, body } = await jsonOf<ErrorBody>(await app.get(`/api/export?${query}`));
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
  });

  it('exports the whole result set as JSON rows with citations', async () => {
    const total = (await jsonOf(await app.get('/api/search?q=知识产权&mode=keyword&limit=1'))).body.total;
    const { status, type, body } = await jsonOf<ExportBody>(
      await app.get('/api/export?q=知识产权&mode=keyword&format=json'),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.rows).toHaveLength(total);
    expect(total).toBeGreaterThan(100);
    const row = body.rows.find((r) => r.number === '国知发运字〔2021〕3号');
    expect(row?.citation).toContain('国知发运字〔2021〕3号');
    expect(row?.citation).toContain(row?.paragraphId);
    expect(row?.citation).toContain('2021');
  });

  it('exports CSV with a header row, one line per hit and a download file name', async () => {
    const response = await app.get('/api/export?q=一窗通办&mode=keyword');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?search-export\.csv"?$/,
    );
    const text = await response.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('year,document,number,section,text,citation,paragraphId,score');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]).toMatch(/^2021,/);
  });
});
