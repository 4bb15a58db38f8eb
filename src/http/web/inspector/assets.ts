import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

export interface Asset {
  body: string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const ASSET_DIR = new URL('./assets/', import.meta.url);

/**
 * The inspector's browser modules and styles, read once when the app is built. They are plain ES
 * modules, so `npm start` serves them as they are, with no build step.
 */
export function inspectorAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(ASSET_DIR)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(new URL(name, ASSET_DIR), 'utf8'), type });
  }
  return assets;
}
