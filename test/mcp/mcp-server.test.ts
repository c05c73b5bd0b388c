import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSeedApp } from '../helpers/seed-app.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOOL_NAMES = ['search', 'timeline', 'get_document', 'get_paragraph', 'similar', 'compare', 'lineage'];

let app: ServedApp;
const clients: Record<'stdio' | 'http', Client> = {} as never;

beforeAll(async () => {
  app = await serveSeedApp({ publicUrl: 'http://policy.example' });
  clients.http = new Client({ name: 'test-http', version: '1.0.0' });
  await clients.http.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)));
  clients.stdio = new Client({ name: 'test-stdio', version: '1.0.0' });
  await clients.stdio.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'src/mcp/main.ts')],
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        INDEX_DIR: await seedIndexDir(),
        PUBLIC_URL: 'http://policy.example',
      },
      stderr: 'ignore',
    }),
  );
}, 60_000);
afterAll(async () => {
  await Promise.all([clients.http?.close(), clients.stdio?.close()]);
  await app.close();
});

const call = async (transport: 'stdio' | 'http', name: string, args: Record<string, unknown>) =>
  (await clients[transport].callTool({ name, arguments: args })) as CallToolResult;

const textOf = (result: CallToolResult) =>
  result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

describe.each(['stdio', 'http'] as const)('the MCP server over %s', (transport) => {
  it('lists the seven tools, each with a Chinese and English description and an input schema', async () => {
    const { tools } = await clients[transport].listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TOOL_NAMES);
    for (const tool of tools) {
      expect(tool.description, tool.name).toMatch(/[\u4e00-\u9fff]/);
      expect(tool.description, tool.name).toMatch(/[A-Za-z]{4,} [a-z]+/);
      expect(tool.inputSchema.type).toBe('object');
    }
    const search = tools.find((tool) => tool.name === 'search');
    expect(Object.keys(search?.inputSchema.properties ?? {})).toEqual([
      'q',
      'mode',
      'year',
      'doc',
      'agency',
      'limit',
    ]);
    expect(search?.inputSchema.required).toEqual(['q']);
  });

  it('answers a search with cited hits', async () => {
    const result = await call(transport, 'search', { q: '知识产权质押融资', mode: 'keyword', limit: 3 });
    expect(result.isError).toBeFalsy();
    const data = result.structuredContent as {
      total: number;
      hits: { text: string; citation: Record<string, unknown> }[];
    };
    expect(data.total).toBeGreaterThan(0);
    expect(data.hits).toHaveLength(3);
    for (const hit of data.hits) {
      expect(hit.text).toContain('知识产权质押融资');
      expect(hit.citation).toMatchObject({
        title: expect.any(String),
        year: expect.any(Number),
        section: expect.any(Array),
        paragraphId: expect.stringMatching(/^[0-9a-f]{12}-[0-9a-f]{8}/),
      });
      expect(hit.citation.url).toBe(
        `http://policy.example/?view=doc&p=${hit.citation.paragraphId}&d=${hit.citation.docId}`,
      );
      // The text an assistant reads carries the same citation.
      expect(textOf(result)).toContain(String(hit.citation.url));
    }
  });

  it('follows a hit to its paragraph, document and similar paragraphs, and gives a timeline', async () => {
    const search = await call(transport, 'search', { q: '数据知识产权', mode: 'keyword', limit: 1 });
    const hit = (search.structuredContent as { hits: { citation: { paragraphId: string; docId: string } }[] })
      .hits[0];
    if (!hit) throw new Error('no hit');
    const paragraph = await call(transport, 'get_paragraph', { id: hit.citation.paragraphId });
    expect(paragraph.structuredContent).toMatchObject({
      paragraph: { citation: { paragraphId: hit.citation.paragraphId } },
    });
    expect(paragraph.structuredContent).toHaveProperty('prev');
    expect(paragraph.structuredContent).toHaveProperty('next');
    const document = await call(transport, 'get_document', { id: hit.citation.docId });
    const paragraphs = (document.structuredContent as { paragraphs: { id: string }[] }).paragraphs;
    expect(paragraphs.map((p) => p.id)).toContain(hit.citation.paragraphId);
    const similar = await call(transport, 'similar', { id: hit.citation.paragraphId, limit: 2 });
    const similarHits = (similar.structuredContent as { hits: { citation: { docId: string } }[] }).hits;
    expect(similarHits.length).toBeGreaterThan(0);
    expect(similarHits.every((h) => h.citation.docId !== hit.citation.docId)).toBe(true);
    const timeline = await call(transport, 'timeline', { q: '数据知识产权' });
    const years = (timeline.structuredContent as { years: { year: number }[] }).years;
    expect(years.length).toBeGreaterThan(0);
    expect(textOf(timeline)).toMatch(/first appears in \d{4}/);
  });

  it('compares two documents named by parts of their titles, each measure cited, and follows one across years', async () => {
    const result = await call(transport, 'compare', { from: '指引（2021）', to: '指引（2023）' });
    expect(result.isError).toBeFalsy();
    type Cited = {
      text: string;
      citation: { paragraphId: string; docId: string; year: number; url: string };
    };
    const data = result.structuredContent as {
      from: { id: string; year: number };
      to: { id: string; year: number };
      summary: Record<'continued' | 'modified' | 'uncertain' | 'new' | 'dropped', number>;
      links: { status: string; from: Cited[]; to: Cited[] }[];
      dropped: Cited[];
      new: Cited[];
    };
    expect([data.from.year, data.to.year]).toEqual([2021, 2023]);
    expect(data.summary.continued + data.summary.modified).toBeGreaterThan(10);
    expect(data.links.length).toBe(data.summary.continued + data.summary.modified + data.summary.uncertain);
    expect(data.new.length).toBe(data.summary.new);
    expect(data.dropped.length).toBe(data.summary.dropped);
    const modified = data.links.find((link) => link.status === 'modified');
    if (!modified) throw new Error('no modified link');
    for (const [units, document] of [
      [modified.from, data.from],
      [modified.to, data.to],
    ] as const) {
      for (const unit of units) {
        expect(unit.citation).toMatchObject({ docId: document.id, year: document.year });
        expect(unit.citation.url).toBe(
          `http://policy.example/?view=doc&p=${unit.citation.paragraphId}&d=${document.id}`,
        );
        expect(textOf(result)).toContain(unit.citation.url);
      }
    }
    expect(textOf(result)).toMatch(/延续 continued \d+ · 调整 modified \d+/);

    const paragraphId = modified.to[0]?.citation.paragraphId;
    const lineage = await call(transport, 'lineage', { id: paragraphId });
    expect(lineage.isError).toBeFalsy();
    const chain = (lineage.structuredContent as { chain: { year: number; status: string; units: Cited[] }[] })
      .chain;
    expect(
      chain.find((entry) => entry.status === 'origin')?.units.map((u) => u.citation.paragraphId),
    ).toContain(paragraphId);
    const earlier = chain.find((entry) => entry.year === 2021);
    expect(earlier?.status).toMatch(/continued|modified/);
    expect(earlier?.units.length).toBeGreaterThan(0);
  });

  // The same bad input over HTTP and as a tool call: the tool's error is the API's code and message.
  it.each([
    ['search', { q: '知识产权', limit: 0 }, '/api/search?q=知识产权&limit=0'],
    ['search', { q: '   ' }, '/api/search?q=%20%20%20'],
    ['search', { q: '"知识产权' }, '/api/search?q=%22知识产权'],
    ['search', { q: '专利', year: '2023-2020' }, '/api/search?q=专利&year=2023-2020'],
    ['timeline', { q: '专利', mode: 'fuzzy' }, '/api/timeline?q=专利&mode=fuzzy'],
    ['get_document', { id: 'nope' }, '/api/documents/nope'],
    ['get_paragraph', { id: 'nope' }, '/api/paragraphs/nope'],
    ['similar', { id: 'nope' }, '/api/paragraphs/nope/similar'],
    ['compare', { from: '', to: 'abc' }, '/api/compare?from=&to=abc'],
    ['compare', { from: 'abc', to: ' abc ' }, '/api/compare?from=abc&to=%20abc%20'],
    ['lineage', { id: 'nope' }, '/api/paragraphs/nope/lineage'],
  ])('answers bad input to %s %j with the HTTP API message', async (name, args, url) => {
    const http = (await (await app.get(encodeURI(url).replace(/%25/g, '%'))).json()) as {
      error: { code: string; message: string };
    };
    const result = await call(transport, name, args);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toEqual(http);
    expect(textOf(result)).toBe(`${http.error.code}: ${http.error.message}`);
  });
});

describe('POST /mcp', () => {
  it('refuses GET with 405: the endpoint is stateless', async () => {
    const response = await app.get('/mcp');
    expect(response.status).toBe(405);
  });

  it.each([
    ['a body that is not JSON', '{not json', 400],
    ['JSON that is not JSON-RPC', '{"hello":1}', 400],
  ])('answers %s with a 4xx, never a 5xx', async (_label, body, status) => {
    const response = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers an unknown method with a JSON-RPC error', async () => {
    const response = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"nope"}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32601 } });
  });
});
