import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openWatchedPage } from './browser.ts';
import { SCREENSHOTS, useSeedBrowser } from './seed-browser.ts';

const seed = useSeedBrowser();

const options = (page: Page) => page.locator('#suggestions [role="option"]');
const suggestRequests = (requests: string[]) => requests.filter((url) => url.startsWith('/api/suggest'));

describe('the suggestion box', () => {
  it('shows completions of what is typed, and takes one with ↓ ↓ ↑ Enter', async () => {
    const { page, problems } = await openWatchedPage(seed.browser, seed.server.baseUrl, '/');
    await page.locator('#q').pressSequentially('知识产', { delay: 30 });
    await expect.poll(() => options(page).count()).toBeGreaterThan(3);
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('true');
    const texts = await page.locator('#suggestions .suggestion-text').allTextContents();
    expect(texts[0]).toBe('知识产权');
    expect(texts.every((text) => text.includes('知识产'))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/suggest-dropdown.png` });

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await options(page).nth(0).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe('suggestion-0');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('知识产权');
    expect(await page.locator('#q').inputValue()).toBe('知识产权');
    expect(await page.locator('#suggestions').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('closes on Esc and leaves the typed text', async () => {
    const { page } = await openWatchedPage(seed.browser, seed.server.baseUrl, '/');
    await page.locator('#q').pressSequentially('专利', { delay: 30 });
    await expect.poll(() => options(page).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('#suggestions').isHidden()).toBe(true);
    expect(await page.locator('#q').inputValue()).toBe('专利');
  });

  it('normalizes like a search: 智慧財產 suggests 知识产权', async () => {
    const { page } = await openWatchedPage(seed.browser, seed.server.baseUrl, '/');
    await page.locator('#q').fill('智慧財產');
    await expect
      .poll(() => page.locator('#suggestions .suggestion-text').first().textContent())
      .toBe('知识产权');
  });

  it('asks nothing while an input method composes, and asks once when it commits', async () => {
    const { page, requests } = await openWatchedPage(seed.browser, seed.server.baseUrl, '/');
    await page.locator('#q').focus();
    await page.evaluate(() => {
      const input = document.getElementById('q') as HTMLInputElement;
      input.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
      for (const partial of ['z', 'zh', 'zhi', 'zhis']) {
        input.value = partial;
        input.dispatchEvent(new InputEvent('input', { data: partial, isComposing: true }));
      }
    });
    await page.waitForTimeout(400);
    expect(suggestRequests(requests)).toEqual([]);
    await page.evaluate(() => {
      const input = document.getElementById('q') as HTMLInputElement;
      input.value = '知识';
      input.dispatchEvent(new CompositionEvent('compositionend', { data: '知识' }));
    });
    await expect.poll(() => options(page).count()).toBeGreaterThan(0);
    expect(suggestRequests(requests)).toEqual(['/api/suggest?q=知识&limit=8']);
  });

  it('sends one request for a burst of fast typing, not one per key', async () => {
    const { page, requests } = await openWatchedPage(seed.browser, seed.server.baseUrl, '/');
    await page.locator('#q').focus();
    // Seven keystrokes inside one task: faster than any typist, and than the debounce.
    await page.evaluate(() => {
      const input = document.getElementById('q') as HTMLInputElement;
      for (const char of '国家知识产权局') {
        input.value += char;
        input.dispatchEvent(new InputEvent('input', { data: char }));
      }
    });
    await expect.poll(() => options(page).count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    expect(suggestRequests(requests)).toEqual(['/api/suggest?q=国家知识产权局&limit=8']);
  });
});
