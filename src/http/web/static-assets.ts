import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync, version as esbuildVersion } from 'esbuild';
import type { Context } from 'hono';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.ts': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
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

/** Compiled client modules by file, so building the app again (tests build many) compiles only what changed. */
const compiled = new Map<string, { source: string; code: string }>();

const transformOptions = {
  loader: 'ts',
  format: 'esm',
  target: 'es2022',
  tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
} as const;

/**
 * Compiled modules on disk, by a hash of the source, the options and esbuild's version, so a process
 * whose client files are all there never starts esbuild: a test run starts the app in well over a
 * hundred processes (test files and spawned servers), and starting esbuild and compiling some 60
 * files cost each a noticeable share of a second. node_modules/.cache is the project's own, where
 * tools keep such caches; without node_modules there (or if it cannot be written), no disk cache.
 */
const projectModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
const diskCache = existsSync(projectModules) ? join(projectModules, '.cache', 'showtime-client') : undefined;
const optionsKey = `${esbuildVersion}\0${JSON.stringify(transformOptions)}\0`;

function readDiskCache(key: string): string | undefined {
  if (!diskCache) return undefined;
  try {
    return readFileSync(join(diskCache, `${key}.js`), 'utf8');
  } catch {
    return undefined;
  }
}

function writeDiskCache(key: string, code: string): void {
  if (!diskCache) return;
  try {
    mkdirSync(diskCache, { recursive: true });
    // Whole or absent: processes compiling the same file at once each rename a complete copy in.
    const partial = join(diskCache, `${key}.${process.pid}.tmp`);
    writeFileSync(partial, code);
    renameSync(partial, join(diskCache, `${key}.js`));
  } catch {
    // A read-only checkout compiles at every start, as without the cache.
  }
}

/**
 * A TypeScript client module as the browser loads it: types stripped, one file in, one file out.
 * Imports stay as written (`./api.js`), so every module keeps its own URL and .ts and .js modules
 * import each other freely; `verbatimModuleSyntax` keeps a value import even when unused, as tsc
 * checks it, and drops `import type` whole, which is how the client names the server's types.
 */
function compileClientModule(file: string, source: string): string {
  const cached = compiled.get(file);
  if (cached?.source === source) return cached.code;
  const key = createHash('sha256').update(optionsKey).update(source).digest('hex');
  let code = readDiskCache(key);
  if (code === undefined) {
    code = transformSync(source, { ...transformOptions, sourcefile: file }).code;
    writeDiskCache(key, code);
  }
  compiled.set(file, { source, code });
  return code;
}

/**
 * The site's scripts and styles, read once when the routes are built: a handful of small files, so
 * serving them from memory is simpler than touching the disk per request, and a path can never leave
 * the folder because only names found in it exist. A `.ts` file is compiled here, at start, and
 * served under its `.js` name, so there is no build step to forget. `extra` serves a few files from
 * elsewhere under the names given: a module the server shares with the browser.
 */
export function loadAssets(dir: string, extra: Record<string, string> = {}): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const files: [string, string][] = [
    ...listFiles(dir).map((file): [string, string] => [relative(dir, file).split(sep).join('/'), file]),
    ...Object.entries(extra),
  ];
  for (const [path, file] of files) {
    const type = contentTypes[extname(file)];
    if (!type || file.endsWith('.d.ts')) continue;
    const typescript = extname(file) === '.ts';
    const name = typescript ? path.replace(/\.ts$/, '.js') : path;
    if (assets.has(name)) throw new Error(`Two client files would be served as ${name}: keep only one of .js and .ts`);
    const source = readFileSync(file, 'utf8');
    const body = typescript ? compileClientModule(file, source) : source;
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
