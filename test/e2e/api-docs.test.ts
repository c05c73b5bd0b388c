/**
 * The API reference at /api/docs in Chromium: Swagger UI renders every route of the OpenAPI
 * document from files this server serves — no request leaves it, no CSP violation — and a
 * screenshot goes to test-results/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/server/openapi/openapi-document.ts';
import { launchChromium, openWatchedPage } from './browser.ts';
import { type SeedServer, startSeedServer } from './seed-server.ts';

const SCREENSHOTS = 'test-results';
let server: SeedServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startSeedServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('/api/docs', () => {
  it('renders every route offline, within the content security policy', async () => {
    const { page, problems, requests } = await openWatchedPage(browser, server.baseUrl, '/api/docs');
    await page.locator('.opblock').first().waitFor();
    const paths = await page
      .locator('.opblock-summary-path')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path')));
    expect(new Set(paths)).toEqual(new Set(API_ROUTES.map((route) => route.path)));
    expect(await page.locator('.info .title').textContent()).toContain('policy-search API');
    expect(requests).toContain('/api/openapi.json');
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs.png`, fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows a route with its parameters when opened', async () => {
    const { page, problems } = await openWatchedPage(browser, server.baseUrl, '/api/docs');
    await page.locator('.opblock-summary-path[data-path="/api/suggest"]').click();
    await page.locator('.parameters-container .parameter__name').first().waitFor();
    const names = await page.locator('.parameters-container .parameter__name').allTextContents();
    expect(names.map((name) => name.replace(/\s*\*?\s*$/, '').trim())).toEqual(['q', 'limit']);
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs-suggest.png` });
    expect(problems).toEqual([]);
  });
});
