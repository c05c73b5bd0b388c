/**
 * Debian's Chromium through playwright-core for every browser test: launch options, and a page that
 * records what must not happen (console errors — CSP violations among them — uncaught errors, and
 * requests that leave the server).
 */
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium without the background traffic a test must not depend on. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A new page of `browser` at `baseUrl + path`, with the problems it runs into and the API paths it asked for. */
export async function openWatchedPage(
  browser: Browser,
  baseUrl: string,
  path: string,
): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(baseUrl)) requests.push(decodeURIComponent(url.slice(baseUrl.length)));
    else if (!/^(data|blob):/.test(url)) problems.push(`external request: ${url}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${baseUrl}${path}`);
  return { page, problems, requests };
}
