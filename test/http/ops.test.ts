import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('operations', () => {
  it('reports health and readiness', async () => {
    expect(await t.call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await t.call('GET', '/readyz');
    expect(ready).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: true, migrations: true, ring: true } },
    });
  });

  it('is not ready without the migrations', async () => {
    await t.tdb.sql`alter table drizzle.__drizzle_migrations rename to moved_away`;
    try {
      const res = await t.call('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body.checks).toEqual({ database: true, migrations: false, ring: true });
    } finally {
      await t.tdb.sql`alter table drizzle.moved_away rename to __drizzle_migrations`;
    }
  });

  it('serves an OpenAPI 3.1 document built from the route schemas, and the docs page', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/me/bookings',
      '/api/shows/{showId}',
      '/api/shows/{showId}/seats',
      '/api/shows/{showId}/stream',
      '/api/shows/{showId}/holds',
      '/api/shows/{showId}/holds/{holdId}',
      '/api/shows/{showId}/holds/{holdId}/confirm',
      '/api/shows/{showId}/waitlist',
      '/api/shows/{showId}/waitlist/{entryId}',
      '/api/bookings/{bookingId}',
      '/api/admin/venues',
      '/api/admin/events',
      '/api/admin/shows',
    ]) {
      expect(paths).toContain(p);
    }
    expect(Object.keys(res.body.paths['/api/shows/{showId}/holds/{holdId}'])).toEqual(['get', 'delete']);
    expect(res.body.components.schemas).toHaveProperty('Problem');
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });

    const docs = await t.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
  });
});
