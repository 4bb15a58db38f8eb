import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

// The API and the operations endpoints; web pages, docs assets and /openapi.json itself are not API.
const documented = (path: string) => path.startsWith('/api/') || ['/healthz', '/readyz', '/metrics'].includes(path);

/** Hono's `/api/shows/:showId{[a-z]+}` as OpenAPI writes it: `/api/shows/{showId}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
}

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the validator refuses a broken document, so the check above can fail', async () => {
    const res = await t.call('GET', '/openapi.json');
    const broken = structuredClone(res.body);
    const [first] = Object.values(broken.paths) as Record<string, { responses?: unknown }>[];
    for (const op of Object.values(first!)) op.responses = 'none';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('documents every API and operations route with its method', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const registered = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && documented(r.path))
        .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`),
    );
    // The comparison below is only as good as this list: it must hold the routes, not just middleware.
    expect(registered.size).toBeGreaterThan(40);
    expect(registered).toContain('get /metrics');
    expect(registered).toContain('patch /api/admin/api-keys/{apiKeyId}');
    const inDoc = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`)),
    );
    const missing = [...registered].filter((r) => !inDoc.has(r)).sort();
    expect(missing).toEqual([]);
    // And nothing documented that no handler answers.
    const stale = [...inDoc].filter((r) => !registered.has(r)).sort();
    expect(stale).toEqual([]);
  });

  it('documents the limits: 429 with Retry-After on every API route, and the X-Api-Key scheme', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    expect(Object.keys(doc.components.responses.RateLimited.headers)).toEqual(
      expect.arrayContaining(['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
    );
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/api/auth/register', 'post'],
      ['/api/shows/{showId}/holds', 'post'],
      ['/api/shows/{showId}/waitlist', 'post'],
      ['/api/cities', 'get'],
    ] as const) {
      expect(doc.paths[path][method].responses['429'], `${method} ${path}`).toEqual({
        $ref: '#/components/responses/RateLimited',
      });
    }
    expect(doc.paths['/healthz'].get.responses['429']).toBeUndefined();
  });

  it('converts Hono paths the way the document writes them', () => {
    expect(toOpenApiPath('/api/shows/:showId/holds/:holdId/confirm')).toBe(
      '/api/shows/{showId}/holds/{holdId}/confirm',
    );
    expect(toOpenApiPath('/api/bookings/:bookingId{[0-9a-f-]+}/qr.png')).toBe('/api/bookings/{bookingId}/qr.png');
  });
});
