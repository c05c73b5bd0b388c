/**
 * What every browser test file needs: the real server over the seeds and a Chromium, started before
 * the file's tests and closed after them, and the folder screenshots go to (CI artifacts).
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { type SeedServer, startSeedServer } from './seed-server.ts';

/** Where screenshots are saved. */
export const SCREENSHOTS = 'test-results';

/** The seed server and browser of one test file; its fields are set once `beforeAll` has run. */
export function useSeedBrowser(): { server: SeedServer; browser: Browser } {
  const seed = {} as { server: SeedServer; browser: Browser };
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [seed.server, seed.browser] = await Promise.all([startSeedServer(), launchChromium()]);
  });
  afterAll(async () => {
    await seed.browser?.close();
    await seed.server?.close();
  });
  return seed;
}
