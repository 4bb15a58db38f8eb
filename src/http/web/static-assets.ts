import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Context } from 'hono';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: string;
  type: string;
  etag: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * The site's scripts and styles, read once when the routes are built: a handful of small files, so
 * serving them from memory is simpler than touching the disk per request, and a path can never leave
 * the folder because only names found in it exist. `extra` serves a few files from elsewhere under
 * the names given: a module the server shares with the browser.
 */
export function loadAssets(dir: string, extra: Record<string, string> = {}): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const files: [string, string][] = [
    ...listFiles(dir).map((file): [string, string] => [relative(dir, file).split(sep).join('/'), file]),
    ...Object.entries(extra),
  ];
  for (const [name, file] of files) {
    const type = contentTypes[extname(file)];
    if (!type) continue;
    const body = readFileSync(file, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(name, { body, type, etag });
  }
  return assets;
}

/** One asset with a validator, so browsers revalidate cheaply instead of caching a stale script. */
export function serveAsset(c: Context, asset: Asset): Response {
  const headers = { etag: asset.etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers);
  return c.body(asset.body, 200, { ...headers, 'content-type': asset.type });
}
