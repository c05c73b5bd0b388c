/** The API over the shared seed index, served on an ephemeral port (rate limit off, page and vendor file on). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorCode } from '../../src/errors.ts';
import type { IndexSummary } from '../../src/search/searcher.ts';
import { type AppOptions, createApp } from '../../src/server/app.ts';
import type { DocumentMeta, Hit, SearchMode, SearchResponse } from '../../src/types.ts';
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

/** The body of `GET /api/documents`. */
export interface DocumentList {
  documents: DocumentMeta[];
}

/** The body of `GET /api/health`. */
export interface HealthBody extends IndexSummary {
  status: 'ok' | 'degraded';
}

/** The body of `GET /api/paragraphs/:id/similar`. */
export interface SimilarBody {
  hits: Hit[];
}

/** The body of `GET /api/export?format=json`. */
export interface ExportBody {
  query: string;
  mode: SearchMode;
  total: number;
  rows: {
    year: number | null;
    document: string;
    number: string | null;
    section: string[];
    text: string;
    citation: string;
    paragraphId: string;
    docId: string;
    score: number;
  }[];
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * Asserts nothing itself: reads status, content type and JSON body of a response together. The body
 * is typed as the route promises it (`Body`, a search response unless said otherwise), so a test that
 * reads a field the API does not have fails to type-check.
 */
export async function jsonOf<Body = SearchResponse>(
  response: Response,
): Promise<{ status: number; type: string; body: Body }> {
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (await response.json()) as Body,
  };
}
