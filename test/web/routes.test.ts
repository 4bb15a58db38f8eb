import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/harness.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('web routes', () => {
  it.each([
    '/',
    '/events/some-event',
    '/shows/some-show',
    '/bookings/b1',
    '/my-bookings',
    '/login',
    '/register',
    '/verify-email',
    '/forgot-password',
    '/reset-password',
    '/login/complete',
    '/admin',
    '/admin/venues/new',
    '/admin/events/new',
    '/admin/shows/new',
    '/shows/some-show/queue',
    '/admin/shows/some-show/room',
  ])('serves %s as an HTML page that loads only its own scripts', async (path) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/^\/assets\/js\/pages\/[a-z-]+\.js$/);
    expect((await t.app.request(scripts[0]!)).status).toBe(200);
  });

  it('escapes ids from the path into the page', async () => {
    const res = await t.app.request('/shows/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('data-show-id="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('serves assets with a validator and answers a matching one with 304', async () => {
    const res = await t.app.request('/assets/js/seat-map.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await t.app.request('/assets/js/seat-map.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect((await t.app.request('/assets/site.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('knows nothing outside its asset folder', async () => {
    for (const path of [
      '/assets/nope.js',
      '/assets/../routes.tsx',
      '/assets/%2e%2e/routes.tsx',
      '/assets/pages/show.tsx',
    ]) {
      expect((await t.app.request(path)).status).toBe(404);
    }
  });

  it('leaves the API as it was: unknown API paths are problem+json 404s, API routes still answer', async () => {
    const missing = await t.app.request('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(((await missing.json()) as { code: string }).code).toBe('not_found');
    expect((await t.app.request('/api/cities')).status).toBe(200);
    expect((await t.app.request('/healthz')).status).toBe(200);
  });
});
