import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { inspectorAssets } from '../../src/http/web/inspector/assets.js';
import { webRoutes } from '../../src/http/web/routes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const clientDirs = ['src/http/web/assets', 'src/http/web/inspector/assets'].map((dir) => join(root, dir));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

const clientSources = clientDirs.flatMap(listFiles).filter((file) => /\.(js|ts)$/.test(file));
const typescriptSources = clientSources.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));

/** The URL a client source is served at. */
function urlOf(file: string): string {
  const [site, inspector] = clientDirs as [string, string];
  const served = file.replace(/\.ts$/, '.js');
  if (served.startsWith(inspector + sep)) return `/inspect/assets/${relative(inspector, served).split(sep).join('/')}`;
  return `/assets/${relative(site, served).split(sep).join('/')}`;
}

/** Every module specifier a served module loads: static imports, re-exports, dynamic imports. */
function importsOf(code: string): string[] {
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\s*(?:[\w*${}\s,]*?\s*from\s*)?(["'])([^"'\n]+)\1/gm),
    ...code.matchAll(/\bimport\(\s*(["'])([^"'\n]+)\1\s*\)/g),
  ];
  return found.map((m) => m[2]!);
}

function parsedConfig(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, file), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${file}`);
  return parsed;
}

describe('the web client build', () => {
  const site = webRoutes();
  const inspector = inspectorAssets();

  async function served(url: string): Promise<{ type: string | null; etag: string | null; body: string }> {
    if (url.startsWith('/inspect/assets/')) {
      const asset = inspector.get(url.slice('/inspect/assets/'.length));
      return asset ? { type: asset.type, etag: asset.etag, body: asset.body } : { type: null, etag: null, body: '' };
    }
    const res = await site.request(url);
    expect(res.status, url).toBe(200);
    return { type: res.headers.get('content-type'), etag: res.headers.get('etag'), body: await res.text() };
  }

  it('has TypeScript client modules to build', () => {
    expect(typescriptSources.length).toBeGreaterThan(0);
  });

  it('serves each .ts module as JavaScript under its .js name, types gone, with a validator', async () => {
    for (const file of typescriptSources) {
      const url = urlOf(file);
      const { type, etag, body } = await served(url);
      expect(type, url).toBe('text/javascript; charset=utf-8');
      expect(etag, url).toMatch(/^".+"$/);
      // Plain JavaScript parses as such; a type annotation left behind would not.
      expect(() => transformSync(body, { loader: 'js', format: 'esm' }), url).not.toThrow();
    }
    const res = await site.request('/assets/js/form-key.js');
    const body = await res.text();
    expect(body).toContain('function formKey(form) {');
    expect(body).not.toContain('HTMLFormElement');
    const again = await site.request('/assets/js/form-key.js', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await site.request('/assets/js/form-key.ts')).status).toBe(404);
  });

  it('serves every module a client module imports: no server code, no missing file', async () => {
    for (const file of clientSources) {
      const url = urlOf(file);
      const { body } = await served(url);
      for (const specifier of importsOf(body)) {
        const target = new URL(specifier, `http://site${url}`);
        expect(target.origin, `${url} imports ${specifier}`).toBe('http://site');
        const found = await served(target.pathname);
        expect(found.type, `${url} imports ${specifier}`).toBe('text/javascript; charset=utf-8');
      }
    }
  });

  it('builds DOM from data only, and uses nothing of Node: no markup strings, no server globals', () => {
    // The strict CSP stops inline scripts; this keeps API data from becoming markup in the first place.
    const markup = /\.(?:inner|outer)HTML\b|\binsertAdjacentHTML\b|\bdocument\.write|\beval\(|\bnew Function\(|\bcreateContextualFragment\b/;
    // The client's tsconfig knows Node's types (for the server types it imports); the browser has none of them.
    const node = /\bprocess\.|\bBuffer\b|\brequire\(|\b__dirname\b|from ['"]node:/;
    for (const file of clientSources) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        expect(markup.test(code), `${relative(root, file)}:${i + 1}: ${line.trim()}`).toBe(false);
        expect(node.test(code), `${relative(root, file)}:${i + 1}: ${line.trim()}`).toBe(false);
      });
    }
  });

  it('type-checks the client with DOM types, and keeps them out of the server build', () => {
    const client = parsedConfig('tsconfig.client.json');
    const server = parsedConfig('tsconfig.json');
    expect(client.options.strict).toBe(true);
    expect(client.options.lib).toEqual(expect.arrayContaining(['lib.dom.d.ts']));
    expect(server.options.lib?.some((lib) => /dom/i.test(lib))).toBe(false);
    const serverFiles = new Set(server.fileNames.map((f) => ts.sys.resolvePath(f)));
    const clientFiles = new Set(client.fileNames.map((f) => ts.sys.resolvePath(f)));
    for (const file of typescriptSources) {
      expect(clientFiles.has(ts.sys.resolvePath(file)), file).toBe(true);
      expect(serverFiles.has(ts.sys.resolvePath(file)), file).toBe(false);
    }
    const program = ts.createProgram({ rootNames: client.fileNames, options: client.options });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  }, 240_000);
});
