import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const esbuild = vi.hoisted(() => ({ transforms: 0 }));

vi.mock('esbuild', async (importOriginal) => {
  const real = await importOriginal<typeof import('esbuild')>();
  return {
    ...real,
    transformSync: ((...args: Parameters<typeof real.transformSync>) => {
      esbuild.transforms++;
      return real.transformSync(...args);
    }) as typeof real.transformSync,
  };
});

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/showtime-client/', import.meta.url));

/** A fresh copy of the module, as another process would load it: nothing compiled in memory. */
async function freshLoadAssets() {
  vi.resetModules();
  return (await import('../../src/http/web/static-assets.js')).loadAssets;
}

describe('compiled client modules on disk', () => {
  let dir: string;
  // Unique sources, so no earlier run has these compiled already.
  const marker = randomUUID();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'showtime-assets-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const name of await readdir(cacheDir).catch(() => [])) {
      const file = join(cacheDir, name);
      if ((await readFile(file, 'utf8').catch(() => '')).includes(marker)) await rm(file, { force: true });
    }
  });

  it('compiles a module once; a process starting later reads it from the cache without esbuild', async () => {
    await writeFile(join(dir, 'greet.ts'), `export const greeting: string = 'hello ${marker}';\n`);
    const first = (await freshLoadAssets())(dir).get('greet.js');
    expect(first?.body).toContain(`const greeting = "hello ${marker}";`);
    expect(esbuild.transforms).toBe(1);

    const again = (await freshLoadAssets())(dir).get('greet.js');
    expect(esbuild.transforms).toBe(1);
    expect(again).toEqual(first);
  });

  it('compiles a changed source again, and serves the change', async () => {
    const before = esbuild.transforms;
    await writeFile(join(dir, 'greet.ts'), `export const greeting: string = 'goodbye ${marker}';\n`);
    const changed = (await freshLoadAssets())(dir).get('greet.js');
    expect(esbuild.transforms).toBe(before + 1);
    expect(changed?.body).toContain(`const greeting = "goodbye ${marker}";`);
  });
});
