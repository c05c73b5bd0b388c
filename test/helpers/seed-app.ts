/** The API over the shared seed index, served on an ephemeral port (rate limit off, page and vendor file on). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppOptions, createApp } from '../../src/server/app.ts';
import { seedSearcher } from './seed-index.ts';
import { type ServedApp, serveApp } from './serve-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Serves the app over the seed index; `options` override the test defaults. */
export async function serveSeedApp(options: AppOptions = {}): Promise<ServedApp> {
  return serveApp(
    createApp(await seedSearcher(), {
      publicDir: path.join(ROOT, 'public'),
      rateLimit: false,
      logError: () => {},
      ...options,
    }),
  );
}

/** Asserts nothing itself: reads status, content type and JSON body of a response together. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are untyped JSON that the tests check field by field
export async function jsonOf(response: Response): Promise<{ status: number; type: string; body: any }> {
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.json(),
  };
}
