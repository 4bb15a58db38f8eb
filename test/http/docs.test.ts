import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /docs', () => {
  it('loads Swagger UI from this server only, and every asset it names answers', async () => {
    const res = await t.app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) expect(url, url).toMatch(/^\/docs\/assets\/[\w.-]+$/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");

    for (const url of urls) {
      const asset = await t.app.request(url);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
    const bundle = await t.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(await bundle.text()).toContain('SwaggerUIBundle');
    expect(html).toContain('data-spec-url="/openapi.json"');
    expect(await (await t.app.request('/docs/assets/init.js')).text()).toContain('SwaggerUIBundle(');
  });

  it('serves only the listed files', async () => {
    for (const path of ['/docs/assets/package.json', '/docs/assets/..%2Fpackage.json', '/docs/assets/index.html']) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });
});
