import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/server/openapi/openapi-document.ts';
import { openWatchedPage } from './browser.ts';
import { SCREENSHOTS, useSeedBrowser } from './seed-browser.ts';

const seed = useSeedBrowser();

describe('/api/docs', () => {
  it('renders every route offline, within the content security policy', async () => {
    const { page, problems, requests } = await openWatchedPage(
      seed.browser,
      seed.server.baseUrl,
      '/api/docs',
    );
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
    const { page, problems } = await openWatchedPage(seed.browser, seed.server.baseUrl, '/api/docs');
    await page.locator('.opblock-summary-path[data-path="/api/suggest"]').click();
    await page.locator('.parameters-container .parameter__name').first().waitFor();
    const names = await page.locator('.parameters-container .parameter__name').allTextContents();
    expect(names.map((name) => name.replace(/\s*\*?\s*$/, '').trim())).toEqual(['q', 'limit']);
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs-suggest.png` });
    expect(problems).toEqual([]);
  });
});
