/**
 * The researcher's page in a real browser (Debian's Chromium driven by playwright-core) against the
 * real server over the real seeds index. Screenshots go to test-results/ (CI artifacts).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useSeedBrowser } from './seed-browser.ts';

const QUERY = '知识产权质押融资';

const seed = useSeedBrowser();

/**
 * A fresh page that records console errors (CSP violations among them), dialogs, and requests
 * that leave the server (the page must work offline: no CDN, no web fonts).
 */
async function openPage(path = '/', viewport = { width: 1280, height: 900 }) {
  const page = await seed.browser.newPage({ viewport });
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(seed.server.baseUrl) && !/^(data|blob):/.test(url))
      problems.push(`external request: ${url}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(`${seed.server.baseUrl}${path}`);
  return { page, problems, dialogs };
}

/** Types a query the way a person does (key by key, fast) and presses Enter. */
async function search(page: Page, query: string) {
  const box = page.locator('#q');
  await box.click();
  await box.pressSequentially(query, { delay: 15 });
  await box.press('Enter');
}

async function waitForResults(page: Page) {
  await page.waitForSelector('#summary strong');
  return page.locator('#results .hit');
}

/** The year badge of every hit that shows a marked match. */
async function yearsOfMarkedHits(page: Page): Promise<string[]> {
  return page
    .locator('#results .hit')
    .filter({ has: page.locator('.snippet mark') })
    .locator('.badge.year')
    .allTextContents();
}

describe('the search page', () => {
  it('shows marked results from at least three years for a typed query, with the query in the URL and one history entry', async () => {
    const { page, problems } = await openPage();
    const historyBefore = await page.evaluate(() => history.length);
    await page.locator('#q').pressSequentially(QUERY, { delay: 15 });
    await waitForResults(page); // searched as typed, after a short pause
    await page.locator('#q').press('Enter');
    const hits = await waitForResults(page);
    expect(await hits.count()).toBeGreaterThan(0);
    expect(new Set(await yearsOfMarkedHits(page)).size).toBeGreaterThanOrEqual(3);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(QUERY);
    await expect
      .poll(() => page.locator('#summary').textContent())
      .toMatch(/共 \d+ 条结果 · 用时 \d+(\.\d)? 毫秒/);
    await page.screenshot({ path: `${SCREENSHOTS}/results.png` });
    // Searching as one types and then pressing Enter leaves one history entry, so Back leaves the search.
    expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1);
    await page.goBack();
    await expect.poll(() => page.locator('#welcome').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says the query first appears in 2020 and filters by a year clicked on the timeline', async () => {
    const { page, problems } = await openPage(`/?q=${encodeURIComponent(QUERY)}`);
    await page.waitForSelector('.first-label');
    expect(await page.locator('.first-label').textContent()).toBe('首次出现：2020年');
    await page.locator('#timeline').screenshot({ path: `${SCREENSHOTS}/timeline.png` });

    await page.locator('.timeline-chart .bar[data-year="2021"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('year')).toBe('2021');
    await expect
      .poll(async () => new Set(await page.locator('#results .hit .badge.year').allTextContents()))
      .toEqual(new Set(['2021年']));
    const chip = page.locator('#active-filters .chip');
    expect(await chip.textContent()).toContain('年份：2021年');

    await chip.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('year')).toBeNull();
    await expect.poll(async () => new Set(await yearsOfMarkedHits(page)).size).toBeGreaterThanOrEqual(3);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a result in its document with the paragraph highlighted, its agencies and similar paragraphs from other years', async () => {
    const { page, problems } = await openPage(`/?q=${encodeURIComponent(QUERY)}&mode=keyword`);
    const first = (await waitForResults(page)).first();
    const openedYear = await first.locator('.badge.year').textContent();
    const openedId = await first.getAttribute('data-id');
    const listedAgencies = await first.locator('.hit-agencies').textContent();
    await first.locator('.hit-title').click();

    const target = page.locator('#document-view .para.target');
    await target.waitFor();
    expect(await target.getAttribute('data-id')).toBe(openedId);
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(await target.locator('mark').count()).toBeGreaterThan(0);
    expect(await target.locator('.para-agencies').textContent()).toBe(listedAgencies);
    expect(await page.locator('#document-view .doc-heading').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('target'))).toBe(true);

    const similarYears = page.locator('.similar-panel .similar .badge.year');
    await similarYears.first().waitFor();
    const years = await similarYears.allTextContents();
    expect(years.some((year) => year !== openedYear)).toBe(true);

    await page.screenshot({ path: `${SCREENSHOTS}/document.png` });

    await page.locator('.similar-panel .compare-button').first().click();
    const comparison = page.locator('.compare .diff');
    await comparison.waitFor();
    expect(await comparison.locator('ins, del').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}/comparison.png` });

    await page.goBack();
    await (await waitForResults(page)).first().waitFor();
    expect(await page.locator('#q').inputValue()).toBe(QUERY);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('restores a search, its mode and its filters from the URL', async () => {
    const { page } = await openPage(`/?q=${encodeURIComponent(QUERY)}&mode=keyword&year=2020,2023&page=1`);
    await waitForResults(page);
    expect(await page.locator('#q').inputValue()).toBe(QUERY);
    expect(await page.locator('input[name="mode"][value="keyword"]').isChecked()).toBe(true);
    expect(new Set(await page.locator('#results .hit .badge.year').allTextContents())).toEqual(
      new Set(['2020年', '2023年']),
    );
    expect(await page.locator('#active-filters .chip').count()).toBe(2);
    await page.close();
  });

  it.each(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>'])(
    'renders the query %s as text, never as markup',
    async (query) => {
      const { page, dialogs } = await openPage();
      const before = await page.evaluate(() => document.querySelectorAll('script, img, iframe').length);
      await page.locator('.modes label', { hasText: '关键词' }).click();
      await search(page, query);
      await page.waitForSelector('#message:not([hidden]), #summary strong');
      await expect.poll(() => page.title()).toBe(`${query} · 政策文件检索`);
      expect(await page.locator('#message').textContent()).toContain(query);
      expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe').length)).toBe(before);
      expect(await page.locator('#q').inputValue()).toBe(query);
      expect(dialogs).toEqual([]);
      await page.close();
    },
  );

  it('renders only the <mark> tags of a snippet as markup, everything else in it as text', async () => {
    const { page } = await openPage();
    // A string, not a function: the test runner would rewrite a dynamic import() inside a function.
    const rendered = await page.evaluate(`(async () => {
      const { snippetFragment } = await import('/snippet.js');
      const holder = document.createElement('p');
      holder.append(snippetFragment('&lt;img src=x onerror=alert(1)&gt;<mark>质押&amp;融资</mark><b>粗</b>&#39;'));
      return { text: holder.textContent, marks: holder.querySelectorAll('mark').length, elements: holder.querySelectorAll('*').length };
    })()`);
    expect(rendered).toEqual({
      text: "<img src=x onerror=alert(1)>质押&融资<b>粗</b>'",
      marks: 1,
      elements: 1,
    });
    await page.close();
  });

  it('pages through a large result set and exports all of it, not just the visible page', async () => {
    const { page, problems } = await openPage(`/?q=${encodeURIComponent('知识产权')}&mode=keyword`);
    await waitForResults(page);
    const summary = (await page.locator('#summary strong').textContent()) ?? '';
    const total = Number(summary.replace(/[^\d]/g, ''));
    expect(total).toBeGreaterThan(20);
    const firstPageIds = await page
      .locator('#results .hit')
      .evaluateAll((hits) => hits.map((hit) => hit.getAttribute('data-id')));

    await page.locator('#pagination a', { hasText: '下一页' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
    await expect
      .poll(() => page.locator('#results .hit').first().getAttribute('data-id'))
      .not.toBe(firstPageIds[0]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export button[data-format="json"]').click(),
    ]);
    const exported = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8'));
    expect(exported.rows).toHaveLength(total);
    expect(download.suggestedFilename()).toMatch(/^检索结果_知识产权_\d{4}-\d{2}-\d{2}\.json$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('focuses the search box when / is pressed outside a text field', async () => {
    const { page } = await openPage('/?view=documents');
    await page.locator('table.documents tbody tr').first().waitFor();
    await page.locator('body').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.close();
  });

  it('lists every document with its number, and opens one where any paragraph can be chosen for its similar paragraphs', async () => {
    const { page } = await openPage('/?view=documents');
    const rows = page.locator('table.documents tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(5);
    expect(await page.locator('table.documents').textContent()).toContain('国知发运字〔2021〕3号');

    await rows.filter({ hasText: '国知发运字〔2021〕3号' }).locator('a').first().click();
    const paragraphs = page.locator('#document-view .para');
    await paragraphs.first().waitFor();
    expect(await page.locator('.similar-panel').count()).toBe(0);
    const chosen = paragraphs.nth(3);
    const chosenId = await chosen.getAttribute('data-id');
    await chosen.click();
    await page.locator('.similar-panel .similar').first().waitFor();
    expect(await page.locator('#document-view .para.target').getAttribute('data-id')).toBe(chosenId);
    await page.close();
  });

  it('stays readable at a phone width', async () => {
    const { page, problems } = await openPage(`/?q=${encodeURIComponent(QUERY)}`, {
      width: 390,
      height: 844,
    });
    await waitForResults(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOTS}/results-phone.png` });
    expect(problems).toEqual([]);
    await page.close();
  });
});
