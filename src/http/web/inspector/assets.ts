import { fileURLToPath } from 'node:url';
import { loadAssets, type Asset } from '../static-assets.js';

export type { Asset };

/**
 * The inspector's browser modules and styles, read (and the TypeScript ones compiled) once when the
 * app is built, and served like the site's: from memory, with a validator.
 */
export function inspectorAssets(): Map<string, Asset> {
  return loadAssets(fileURLToPath(new URL('./assets/', import.meta.url)));
}
