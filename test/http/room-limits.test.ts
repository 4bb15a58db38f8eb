import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type CallResult, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp({
    RATE_LIMIT: 'on',
    TRUST_PROXY: 'on',
    RATE_LIMIT_QUEUE_JOINS_PER_MINUTE: '3',
    RATE_LIMIT_QUEUE_POLLS_PER_MINUTE: '4',
    RATE_LIMIT_ROOM_VIEWS_PER_MINUTE: '3',
  });
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
const from = (ip: string) => ({ 'x-forwarded-for': ip });

function expectLimited(res: CallResult, limit: number): void {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status: 429, code: 'rate_limited' });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(res.headers.get('ratelimit-limit')).toBe(String(limit));
}

async function roomShow() {
  const showId = await t.createShow();
  const res = await t.call('PUT', `/api/admin/shows/${showId}/room`, {
    token: admin,
    body: {
      preQueueAt: iso(Date.now() - 1000),
      salesOpenAt: iso(Date.now() + 3_600_000),
      maxActive: 10,
      admitPerMinute: 60,
    },
  });
  expect(res.status).toBe(200);
  return showId;
}

describe('waiting room limits per customer', () => {
  it('joins: a few per account per minute, then 429 with Retry-After; another account still joins', async () => {
    const showId = await roomShow();
    const [ada, bob] = [await t.register(), await t.register()];
    for (let i = 0; i < 3; i++)
      expect((await t.call('POST', `/api/shows/${showId}/queue`, { token: ada.token })).status).toBeLessThan(300);
    expectLimited(await t.call('POST', `/api/shows/${showId}/queue`, { token: ada.token }), 3);
    expect((await t.call('POST', `/api/shows/${showId}/queue`, { token: bob.token })).status).toBe(201);
  });

  it('polls and stream opens share one budget per account, whatever the address', async () => {
    const showId = await roomShow();
    const ada = await t.register();
    const bob = await t.register();
    const ticket = (await t.call('POST', `/api/shows/${showId}/queue`, { token: ada.token })).body.ticketId as string;
    const poll = (ip: string) =>
      t.call('GET', `/api/shows/${showId}/queue/${ticket}`, { token: ada.token, headers: from(ip) });
    for (let i = 0; i < 3; i++) expect((await poll(`10.1.0.${i + 1}`)).status).toBe(200);
    const stream = await t.app.request(`/api/shows/${showId}/queue/${ticket}/events`, {
      headers: { ...from('10.1.0.9'), authorization: `Bearer ${ada.token}` },
    });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    expectLimited(await poll('10.1.0.10'), 4);
    const streamAgain = await t.call('GET', `/api/shows/${showId}/queue/${ticket}/events`, { token: ada.token });
    expectLimited(streamAgain, 4);
    // Another account's reads are its own (its ticket is not Ada's, so it looks missing).
    expect((await t.call('GET', `/api/shows/${showId}/queue/${ticket}`, { token: bob.token })).status).toBe(404);
  });

  it('room reads: signed out by client address, signed in by account', async () => {
    const showId = await roomShow();
    const view = (headers: Record<string, string>, token?: string) =>
      t.call('GET', `/api/shows/${showId}/room`, { headers, ...(token ? { token } : {}) });
    for (let i = 0; i < 3; i++) expect((await view(from('10.2.0.1'))).status).toBe(200);
    expectLimited(await view(from('10.2.0.1')), 3);
    expect((await view(from('10.2.0.2'))).status).toBe(200);
    // A signed-in customer behind the same address has a budget of their own.
    const ada = await t.register();
    expect((await view(from('10.2.0.1'), ada.token)).status).toBe(200);
  });
});
