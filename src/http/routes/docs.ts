import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';

const ASSETS = '/docs/assets';

// Only the files the page loads, by name, so a request path can never reach the rest of node_modules.
const distFiles: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// A script file rather than an inline one, so the page's CSP can forbid inline scripts.
const initScript = `const root = document.getElementById('swagger-ui');
window.ui = SwaggerUIBundle({ url: root.dataset.specUrl, domNode: root, deepLinking: true });
`;

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Showtime API</title>
<link rel="icon" type="image/png" href="${ASSETS}/favicon-32x32.png">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec-url="/openapi.json"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script src="${ASSETS}/init.js"></script>
</body>
</html>
`;

// Swagger UI sets inline styles and shows data: images; everything else stays on this origin.
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function swaggerUiDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** Interactive API docs with Swagger UI served from the installed swagger-ui-dist package (no CDN). */
export function docsRoutes() {
  const dir = swaggerUiDir();
  // Read on first use: most processes (tests, cluster nodes) never serve the 1.5 MB bundle.
  const cache = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let body = cache.get(name);
    if (!body) {
      body = readFile(join(dir, name));
      body.catch(() => cache.delete(name));
      cache.set(name, body);
    }
    return body;
  };

  return new Hono<AppEnv>()
    .get('/docs', (c) => c.html(page, 200, { 'content-security-policy': contentSecurityPolicy }))
    .get(`${ASSETS}/init.js`, (c) =>
      c.body(initScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }),
    )
    .get(`${ASSETS}/:name`, async (c) => {
      const name = c.req.param('name');
      const type = Object.hasOwn(distFiles, name) ? distFiles[name] : undefined;
      if (!type) return c.notFound();
      return c.body(new Uint8Array(await load(name)), 200, {
        'content-type': type,
        'cache-control': 'public, max-age=86400',
      });
    });
}
