import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

const OPS_TOKEN = 'ops-token-for-the-tests';
const opsPaths = ['/metrics', '/api/cluster', '/api/cluster/owner/some-show'];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OPS_TOKEN });
});
afterAll(async () => {
  await t?.close();
});

describe('OPS_TOKEN', () => {
  it('keeps metrics, cluster membership and show owners from anyone without it, admins too', async () => {
    const admin = await t.adminToken();
    for (const path of opsPaths) {
      for (const authorization of [undefined, `Bearer ${admin}`, `Bearer ${OPS_TOKEN}x`, OPS_TOKEN]) {
        const res = await t.app.request(path, { headers: authorization ? { authorization } : {} });
        expect(res.status, `${path} with ${authorization}`).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        const body = (await res.json()) as { code: string };
        expect(body.code).toBe('unauthorized');
      }
      const res = await t.app.request(path, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
      expect(res.status, path).toBe(200);
    }
    const scrape = await t.app.request('/metrics', { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
    expect(await scrape.text()).toContain('showtime_live_shows');
  });

  it('leaves the other public routes alone', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200);
    expect((await t.call('GET', '/api/events')).status).toBe(200);
  });
});

describe('without OPS_TOKEN', () => {
  it('the operations endpoints stay open, for a monitoring network that needs no token', async () => {
    const open = await startTestApp();
    try {
      for (const path of opsPaths) expect((await open.app.request(path)).status, path).toBe(200);
    } finally {
      await open.close();
    }
  });
});
