import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/actors/runtime/index.js';
import { createAuth } from '../../src/http/auth/index.js';
import { silentLog, startTestApp, type TestApp } from './harness.js';

const secret = 'a-test-secret-that-is-long-enough-for-hs256!';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ JWT_SECRET: secret });
});
afterAll(async () => {
  await t?.close();
});

describe('auth', () => {
  it('registers, refuses a duplicate email whatever its case, logs in, and says who you are', async () => {
    const reg = await t.call('POST', '/api/auth/register', {
      body: { email: 'Ann@Example.com', password: 'correct horse', name: 'Ann' },
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ userId: expect.any(String), token: expect.any(String) });

    const dup = await t.call('POST', '/api/auth/register', {
      body: { email: 'ann@example.COM', password: 'another one', name: 'Ann 2' },
    });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toContain('application/problem+json');
    expect(dup.body.code).toBe('email_taken');

    const wrong = await t.call('POST', '/api/auth/login', {
      body: { email: 'ann@example.com', password: 'wrong horse' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    const nobody = await t.call('POST', '/api/auth/login', { body: { email: 'nobody@example.com', password: 'x' } });
    expect(nobody.status).toBe(401);
    expect(nobody.body.code).toBe('invalid_credentials');

    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'ANN@example.com', password: 'correct horse' },
    });
    expect(login.status).toBe(200);
    expect(login.body.userId).toBe(reg.body.userId);

    const me = await t.call('GET', '/api/me', { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      userId: reg.body.userId,
      email: 'ann@example.com',
      name: 'Ann',
      role: 'customer',
      emailVerified: false,
      hasPassword: true,
    });
  });

  it('stores only an argon2id hash of the password', async () => {
    const { email } = await t.register();
    const [row] = await t.tdb.sql<{ password_hash: string }[]>`select password_hash from users where email = ${email}`;
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain('correct horse');
  });

  it('refuses a token after logout, here at once and on a node that starts later', async () => {
    const { token } = await t.register();
    expect((await t.call('GET', '/api/me', { token })).status).toBe(200);
    const out = await t.call('POST', '/api/auth/logout', { token });
    expect(out.status).toBe(204);
    const after = await t.call('GET', '/api/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthorized');
    expect(after.body.detail).toContain('revoked');
    // A stale token must not lock its holder out of the public routes or of signing in again.
    const { email } = await t.register();
    const relogin = await t.call('POST', '/api/auth/login', { token, body: { email, password: 'correct horse' } });
    expect(relogin.status).toBe(200);

    const other = await createAuth({
      db: t.tdb.db,
      clock: systemClock,
      log: silentLog,
      jwtSecret: secret,
      tokenTtlSeconds: 3600,
    });
    try {
      expect(await other.verify(token)).toBeNull();
      const { token: live } = await t.register();
      expect((await other.verify(live))?.user.role).toBe('customer');
    } finally {
      other.stop();
    }
  });

  it('refuses missing, forged and expired tokens with 401 problem+json', async () => {
    const { userId } = await t.register();
    const missing = await t.call('GET', '/api/me');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('unauthorized');

    const forged = await new SignJWT({ role: 'admin', email: 'x@example.com', name: 'X' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setJti('forged')
      .setIssuer('showtime')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
    const res = await t.call('GET', '/api/me', { token: forged });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');

    const expired = await new SignJWT({ role: 'customer', email: 'x@example.com', name: 'X' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setJti('expired')
      .setIssuer('showtime')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(secret));
    expect((await t.call('GET', '/api/me', { token: expired })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('keeps admin routes to admins', async () => {
    const { token } = await t.register();
    const res = await t.call('POST', '/api/admin/events', { token, body: { title: 'X', category: 'concert' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    const anon = await t.call('POST', '/api/admin/events', { body: { title: 'X', category: 'concert' } });
    expect(anon.status).toBe(401);
    const admin = await t.adminToken();
    const me = await t.call('GET', '/api/me', { token: admin });
    expect(me.body.role).toBe('admin');
  });

  it('validates registration input', async () => {
    const res = await t.call('POST', '/api/auth/register', {
      body: { email: 'not-an-email', password: 'short', name: '' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'name', 'password']);
    const blank = await t.call('POST', '/api/auth/register', {
      body: { email: 'blank@example.com', password: '          ', name: 'Blank' },
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { path: string }) => e.path)).toEqual(['password']);
  });
});

describe('generated JWT secret', () => {
  it('is created once and reused, so tokens survive a restart', async () => {
    const first = await createAuth({
      db: t.tdb.db,
      clock: systemClock,
      log: silentLog,
      jwtSecret: undefined,
      tokenTtlSeconds: 60,
    });
    const second = await createAuth({
      db: t.tdb.db,
      clock: systemClock,
      log: silentLog,
      jwtSecret: undefined,
      tokenTtlSeconds: 60,
    });
    try {
      const reg = await first.register({ email: 'restart@example.com', password: 'correct horse', name: 'R' });
      expect(reg.ok).toBe(true);
      if (!reg.ok) return;
      expect((await second.verify(reg.token))?.user.userId).toBe(reg.userId);
      // The app under test signs with JWT_SECRET, so its tokens do not verify under the generated key.
      const { token } = await t.register();
      expect(await second.verify(token)).toBeNull();
    } finally {
      first.stop();
      second.stop();
    }
  });
});
