/**
 * `GET /api/openapi.json` (the generated contract) and `GET /api/docs` (Swagger UI over it). The
 * Swagger UI files come from the `swagger-ui-dist` package and are served from this server, so the
 * reference works offline and within the page's content security policy (scripts from 'self' only).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router } from 'express';

const SWAGGER_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS = '/api/docs/assets';

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>policy-search API — 政策文件检索</title>
    <link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${ASSETS}/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS}/init.js"></script>
  </body>
</html>
`;

// A script file rather than an inline script: the content security policy allows scripts from 'self' only.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

/**
 * Swagger UI sets style attributes from React; the page alone may use inline styles (never
 * inline scripts) — the rest of the site keeps the strict policy.
 */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** The OpenAPI document and its reference page. */
export function apiDocsRoutes(): Router {
  const router = Router();
  // Generated on first request: zod-openapi is not loaded by a server that is never asked for it.
  let document: Promise<unknown> | undefined;
  router.get('/api/openapi.json', async (_req, res) => {
    document ??= import('../openapi/openapi-document.ts').then((module) => module.buildOpenApiDocument());
    res.json(await document);
  });
  router.get('/api/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(PAGE);
  });
  // Assets are middleware, not routes: the contract lists the API, not the files of its reference page.
  router.use(`${ASSETS}/init.js`, (_req, res) => {
    res.type('text/javascript').send(INIT);
  });
  router.use(ASSETS, express.static(SWAGGER_DIR, { index: false, fallthrough: false }));
  return router;
}
