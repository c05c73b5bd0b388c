/**
 * The compare and lineage views in a real browser (Debian's Chromium, playwright-core) against the
 * real server over the seeds: 对比 from the documents list picks the previous edition, the rows,
 * chips, folding, diff and filter work, the URL can be shared, and 沿革 from a hit shows the chain.
 * Saves test-results/compare-view.png (and the README's docs/compare-view.png when UPDATE_DOCS=1).
 */
import { copyFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useSeedBrowser } from './seed-browser.ts';

const seed = useSeedBrowser();

/** A page that records console errors and page errors (CSP violations among them). */
async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await seed.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${seed.server.baseUrl}${path}`);
  return { page, problems };
}

describe('compare view', () => {
  it('opens from 对比 in the documents list with the previous edition of the series', async () => {
    const { page, problems } = await openPage('/?view=documents');
    await page
      .getByRole('row', { name: /年度工作指引（2023）/ })
      .getByRole('link', { name: /对比/ })
      .click();
    await page.locator('#compare-view table.compare').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('view')).toBe('compare');
    expect(url.searchParams.get('from')).toBeTruthy();
    await expect(page.locator('.compare-docs').textContent()).resolves.toMatch(/（2021）.*→.*（2023）/);
    // The counts on top match the rows below.
    const summary = await page.locator('.compare-summary [data-status="modified"]').textContent();
    const modifiedRows = await page.locator('tr.compare-row[data-status="modified"]').count();
    expect(summary).toBe(`调整 ${modifiedRows}`);
    expect(modifiedRows).toBeGreaterThan(10);
    // Modified rows carry a character diff; continued rows are folded.
    expect(await page.locator('tr.compare-row.modified ins').count()).toBeGreaterThan(0);
    const folded = page.locator('tr.compare-row.continued details').first();
    expect(await folded.getAttribute('open')).toBeNull();
    await page.screenshot({ path: `${SCREENSHOTS}/compare-view.png`, fullPage: false });
    if (process.env.UPDATE_DOCS === '1')
      copyFileSync(`${SCREENSHOTS}/compare-view.png`, 'docs/compare-view.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by status through the URL, so the filtered view can be shared', async () => {
    const { page } = await openPage('/?view=documents');
    await page
      .getByRole('row', { name: /年度工作指引（2023）/ })
      .getByRole('link', { name: /对比/ })
      .click();
    await page.locator('#compare-view table.compare').waitFor();
    await page.locator('.compare-summary [data-status="continued"]').click();
    await page.waitForURL(/status=/);
    expect(await page.locator('tr.compare-row[data-status="continued"]').count()).toBe(0);
    const shared = page.url();
    const { page: other } = await openPage(new URL(shared).search);
    await other.locator('#compare-view table.compare').waitFor();
    expect(await other.locator('tr.compare-row[data-status="continued"]').count()).toBe(0);
    expect(
      await other.locator('.compare-summary [data-status="continued"]').getAttribute('aria-pressed'),
    ).toBe('false');
    await page.close();
    await other.close();
  });
});

describe('lineage view', () => {
  it('opens from 沿革 on a hit and lists the editions oldest first', async () => {
    const { page, problems } = await openPage(
      `/?q=${encodeURIComponent('知识产权服务业集聚区')}&mode=keyword`,
    );
    const hit = page.locator('li.hit', { hasText: '2023' }).first();
    await hit.waitFor();
    await hit.getByRole('link', { name: '沿革' }).click();
    await page.locator('#lineage-view .chain').waitFor();
    const years = await page.locator('#lineage-view .chain-entry .badge.year').allTextContents();
    expect(years.length).toBeGreaterThan(1);
    expect([...years].sort()).toEqual(years);
    expect(await page.locator('#lineage-view .chain-entry.status-modified').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
