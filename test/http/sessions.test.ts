import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/actors/runtime/index.js';
import { loadEnv } from '../../src/config/env.js';
import { createAuth } from '../../src/http/auth/index.js';
import { silentLog, startTestApp, type TestApp } from './harness.js';

const secret = 'a-test-secret-that-is-long-enough-for-hs256!';
let t: TestApp;
beforeAll(async () => {
  // Another node's view of an account is at most a second old here.
  t = await startTestApp({ JWT_SECRET: secret, AUTH_CACHE_SECONDS: '1' });
});
afterAll(async () => {
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function login(email: string, password = 'correct horse') {
  const res = await t.call('POST', '/api/auth/login', { body: { email, password } });
  expect(res.status).toBe(200);
  return res.body as { userId: string; token: string; refreshToken: string; expiresAt: string };
}

describe('roles and sessions', () => {
  it('access tokens are short-lived by default', () => {
    expect(loadEnv({}).TOKEN_TTL_SECONDS).toBeLessThanOrEqual(3600);
  });

  it('a demoted admin stops being admin within the cache time, without a new token', async () => {
    const customer = await t.register('Soon Admin');
    const admin = await t.adminToken();
    const promoted = await t.call('POST', `/api/admin/users/${customer.userId}/role`, {
      token: admin,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: customer.userId, role: 'admin' });
    // The same token, issued while a customer: the role comes from the account, not from the token.
    expect((await t.call('GET', '/api/admin/webhooks', { token: customer.token })).status).toBe(200);

    // Demoted behind this node's back (another node, or by hand in the database).
    await t.tdb.sql`update users set role = 'customer' where id = ${customer.userId}`;
    await sleep(1100);
    const after = await t.call('GET', '/api/admin/webhooks', { token: customer.token });
    expect(after.status).toBe(403);

    const audit = await t.call('GET', '/api/admin/audit?action=user.role', { token: admin });
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetId: customer.userId, details: { role: 'admin', previous: 'customer' } }),
      ]),
    );
  });

  it('refuses role changes from customers and for unknown users', async () => {
    const customer = await t.register();
    const other = await t.register();
    const byCustomer = await t.call('POST', `/api/admin/users/${other.userId}/role`, {
      token: customer.token,
      body: { role: 'admin' },
    });
    expect(byCustomer.status).toBe(403);
    const admin = await t.adminToken();
    const unknown = await t.call('POST', '/api/admin/users/00000000-0000-4000-8000-000000000000/role', {
      token: admin,
      body: { role: 'admin' },
    });
    expect(unknown.status).toBe(404);
    const bad = await t.call('POST', `/api/admin/users/${other.userId}/role`, { token: admin, body: { role: 'root' } });
    expect(bad.status).toBe(400);
  });

  it("a deleted account's token stops working", async () => {
    const user = await t.register();
    expect((await t.call('GET', '/api/me/bookings', { token: user.token })).status).toBe(200);
    await t.tdb.sql`delete from users where id = ${user.userId}`;
    await sleep(1100);
    expect((await t.call('GET', '/api/me/bookings', { token: user.token })).status).toBe(401);
  });

  it('refreshes: a new pair for the refresh token, which is then used up; using it again ends the sign-in', async () => {
    const { email } = await t.register();
    const first = await login(email);
    const refreshed = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.refreshToken);
    expect((await t.call('GET', '/api/me', { token: refreshed.body.token })).status).toBe(200);

    // The first refresh token again: someone copied it. Both it and the one it was traded for stop working.
    const replay = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    const next = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } });
    expect(next.status).toBe(401);

    const [row] = await t.tdb
      .sql`select count(*)::int as n from refresh_tokens where token_hash = ${first.refreshToken}`;
    expect(row!.n).toBe(0);
  });

  it('logout ends the sign-in: its refresh token is refused too', async () => {
    const { email } = await t.register();
    const session = await login(email);
    expect((await t.call('POST', '/api/auth/logout', { token: session.token })).status).toBe(204);
    const res = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(res.status).toBe(401);
  });

  it('signs out everywhere: every token and refresh token of the account, on this node and the others', async () => {
    const { email, token: registered } = await t.register();
    const laptop = await login(email);
    const phone = await login(email);
    const other = await createAuth({
      db: t.tdb.db,
      clock: systemClock,
      log: silentLog,
      jwtSecret: secret,
      tokenTtlSeconds: 900,
      accountCacheMs: 1000,
    });
    try {
      expect(await other.verify(phone.token)).not.toBeNull();
      expect((await t.call('POST', '/api/auth/logout-everywhere', { token: laptop.token })).status).toBe(204);
      for (const token of [registered, laptop.token, phone.token]) {
        expect((await t.call('GET', '/api/me', { token })).status).toBe(401);
      }
      for (const refreshToken of [laptop.refreshToken, phone.refreshToken]) {
        expect((await t.call('POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(401);
      }
      await sleep(1100);
      expect(await other.verify(phone.token)).toBeNull();
      // Signing in again works, with a token of the new version.
      const again = await login(email);
      expect((await t.call('GET', '/api/me', { token: again.token })).status).toBe(200);
    } finally {
      other.stop();
    }
  });

  it('checks the account at most once per cache time, not on every request', async () => {
    const cached = await createAuth({
      db: t.tdb.db,
      clock: systemClock,
      log: silentLog,
      jwtSecret: secret,
      tokenTtlSeconds: 900,
      accountCacheMs: 60_000,
    });
    try {
      const user = await t.register();
      expect((await cached.verify(user.token))?.user.userId).toBe(user.userId);
      // Within the cache time this node answers from memory: the row's change is not read yet.
      await t.tdb.sql`update users set name = 'Renamed' where id = ${user.userId}`;
      expect((await cached.verify(user.token))?.user.name).toBe('Test User');
      cached.forget(user.userId);
      expect((await cached.verify(user.token))?.user.name).toBe('Renamed');
    } finally {
      cached.stop();
    }
  });
});
