import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { insertUser } from '../../src/db/queries/users.js';
import { createAuth } from '../../src/http/auth/index.js';
import { NO_PASSWORD_OIDC } from '../../src/http/auth/passwords.js';
import { eventually } from '../notifications/eventually.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SITE_URL: 'https://tickets.example' });
});
afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'correct horse';

/** Waits until every outbox fact so far is dispatched (the emails are then planned). */
async function dispatched(): Promise<void> {
  await eventually(async () => {
    const [row] = await t.tdb.sql`select count(*)::int as n from outbox where dispatched_at is null`;
    return row!.n === 0;
  }, 'the outbox dispatched');
}

/** The texts of the reset emails planned to `address`, oldest first. */
async function resetEmails(address: string): Promise<string[]> {
  await dispatched();
  const rows = await t.tdb.sql`select d.payload->>'text' as text from deliveries d join outbox o on o.id = d.outbox_id
    where o.topic = 'account.password_reset' and d.channel = 'email' and d.target = ${address} order by d.created_at, o.id`;
  return rows.map((r) => r.text as string);
}

function linkToken(text: string): string {
  const match = /https:\/\/tickets\.example\/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in:\n${text}`);
  return decodeURIComponent(match[1]!);
}

/** Asks for a reset of `email` and returns the token of the link it mailed. */
async function resetLink(email: string): Promise<string> {
  const before = (await resetEmails(email)).length;
  const res = await t.call('POST', '/api/auth/password-reset', { body: { email } });
  expect(res.status).toBe(202);
  const mails = await resetEmails(email);
  expect(mails).toHaveLength(before + 1);
  return linkToken(mails.at(-1)!);
}

async function login(email: string, password: string) {
  return t.call('POST', '/api/auth/login', { body: { email, password } });
}

describe('forgot password', () => {
  it('answers an unknown address exactly as a known one, and mails only the account', async () => {
    const user = await t.register();
    const unknown = `nobody-${randomUUID()}@example.com`;
    const a = await t.call('POST', '/api/auth/password-reset', { body: { email: unknown } });
    const b = await t.call('POST', '/api/auth/password-reset', { body: { email: user.email.toUpperCase() } });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(Object.keys(a.body)).toEqual(Object.keys(b.body));
    expect(b.body).toEqual({ email: user.email });
    const facts = await t.tdb.sql`select user_id from outbox where topic = 'account.password_reset'
      and (payload->>'email' = ${unknown} or user_id = ${user.userId})`;
    expect(facts.map((f) => f.user_id)).toEqual([user.userId]);
    const [mail] = await resetEmails(user.email);
    expect(mail).toContain('It works once, for 30 minutes');
    // Only a hash of the token is stored.
    const token = linkToken(mail!);
    const stored = await t.tdb.sql`select token_hash from password_resets where user_id = ${user.userId}`;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    // Account facts stay out of the inbox.
    expect((await t.call('GET', '/api/me/notifications', { token: user.token })).body.items).toEqual([]);
  });

  it('sets the password once, ends every session, verifies the address and signs in', async () => {
    const user = await t.register();
    const other = await login(user.email, PASSWORD);
    expect(other.status).toBe(200);
    const token = await resetLink(user.email);

    const done = await t.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'a new secret' } });
    expect(done.status).toBe(200);
    expect(done.body.userId).toBe(user.userId);
    const me = await t.call('GET', '/api/me', { token: done.body.token });
    expect(me.status).toBe(200);
    expect(me.body.emailVerified).toBe(true);

    // Every earlier sign-in is over: access tokens and refresh tokens.
    expect((await t.call('GET', '/api/me', { token: user.token })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { token: other.body.token })).status).toBe(401);
    const refreshed = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: other.body.refreshToken } });
    expect(refreshed.status).toBe(401);

    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect((await login(user.email, 'a new secret')).status).toBe(200);

    const again = await t.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'third secret' } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');
    expect((await login(user.email, 'third secret')).status).toBe(401);
    // The spent link is no longer kept in the fact it was mailed from.
    const [fact] = await t.tdb.sql`select payload from outbox where topic = 'account.password_reset' and user_id = ${user.userId}`;
    expect(JSON.stringify(fact!.payload)).not.toContain(token);
  });

  it('uses up every open link of the account when one is used', async () => {
    const user = await t.register();
    const first = await resetLink(user.email);
    const second = await resetLink(user.email);
    expect(first).not.toBe(second);
    expect((await t.call('POST', '/api/auth/password-reset/confirm', { body: { token: second, password: 'second one' } })).status).toBe(200);
    const stale = await t.call('POST', '/api/auth/password-reset/confirm', { body: { token: first, password: 'first one' } });
    expect(stale.status).toBe(400);
  });

  it('refuses a link past its stored expiry, and a made-up token', async () => {
    const user = await t.register();
    const token = await resetLink(user.email);
    await t.tdb.sql`update password_resets set expires_at = now() - interval '1 second' where user_id = ${user.userId}`;
    const late = await t.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'too late now' } });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('invalid_token');
    expect((await login(user.email, PASSWORD)).status).toBe(200);
    const forged = await t.call('POST', '/api/auth/password-reset/confirm', {
      body: { token: 'pr_made-up', password: 'too late now' },
    });
    expect(forged.status).toBe(400);
  });

  it('expires a link PASSWORD_RESET_TTL_SECONDS after it was made, on the injected clock', async () => {
    let now = Date.parse('2031-01-01T10:00:00Z');
    const auth = await createAuth({
      db: t.tdb.db,
      clock: { now: () => now },
      log: pino({ level: 'silent' }),
      jwtSecret: undefined,
      tokenTtlSeconds: 900,
      passwordResetTtlSeconds: 600,
      passwordCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
    });
    try {
      const user = await t.register();
      const [row] = await t.tdb.sql`select password_hash from users where id = ${user.userId}`;
      const early = await auth.passwordResetToken({ userId: user.userId, passwordHash: row!.password_hash });
      const late = await auth.passwordResetToken({ userId: user.userId, passwordHash: row!.password_hash });
      expect(early!.expiresAt.toISOString()).toBe('2031-01-01T10:10:00.000Z');
      now += 600_000;
      expect(await auth.resetPassword(late!.token, 'just too late')).toEqual({ ok: false, code: 'invalid_token' });
      now -= 1000;
      expect((await auth.resetPassword(early!.token, 'just in time')).ok).toBe(true);
    } finally {
      auth.stop();
    }
  });

  it('holds new passwords to the registration rule', async () => {
    const user = await t.register();
    const token = await resetLink(user.email);
    const short = await t.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: '  short  ' } });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('validation_failed');
    // A refused request leaves the link working.
    expect((await t.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'long enough' } })).status).toBe(200);
    expect((await t.call('POST', '/api/auth/password-reset', { body: { email: 'not an address' } })).status).toBe(400);
  });

  it('gives an account made by an OIDC sign-in its first password through the emailed link', async () => {
    const email = `oidc-${randomUUID()}@example.com`;
    const row = await insertUser(t.tdb.db, { id: randomUUID(), email, name: 'Olga', passwordHash: NO_PASSWORD_OIDC });
    const session = await t.auth.signIn(row!.id);
    expect((await t.call('GET', '/api/me', { token: session!.token })).body.hasPassword).toBe(false);
    const change = await t.call('POST', '/api/me/password', {
      token: session!.token,
      body: { currentPassword: 'anything', newPassword: 'my first one' },
    });
    expect(change.status).toBe(409);
    expect(change.body.code).toBe('no_password');

    const token = await resetLink(email);
    const set = await t.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'my first one' } });
    expect(set.status).toBe(200);
    const me = await t.call('GET', '/api/me', { token: set.body.token });
    expect(me.body).toMatchObject({ hasPassword: true, emailVerified: true });
    expect((await login(email, 'my first one')).status).toBe(200);
  });

  it('mails nothing for an erased account', async () => {
    const user = await t.register();
    expect((await t.call('DELETE', '/api/me', { token: user.token, body: { password: PASSWORD } })).status).toBe(200);
    const [row] = await t.tdb.sql`select email from users where id = ${user.userId}`;
    expect((await t.call('POST', '/api/auth/password-reset', { body: { email: row!.email } })).status).toBe(202);
    expect(await t.tdb.sql`select 1 from password_resets where user_id = ${user.userId}`).toHaveLength(0);
  });
});

describe('change password', () => {
  it('needs the current password, ends the other sessions and keeps this one going with new tokens', async () => {
    const user = await t.register();
    const other = await login(user.email, PASSWORD);

    const wrong = await t.call('POST', '/api/me/password', {
      token: user.token,
      body: { currentPassword: 'not my password', newPassword: 'brand new one' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect((await login(user.email, 'brand new one')).status).toBe(401);
    expect((await t.call('GET', '/api/me', { token: other.body.token })).status).toBe(200);

    const weak = await t.call('POST', '/api/me/password', {
      token: user.token,
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(weak.status).toBe(400);

    const changed = await t.call('POST', '/api/me/password', {
      token: user.token,
      body: { currentPassword: PASSWORD, newPassword: 'brand new one' },
    });
    expect(changed.status).toBe(200);
    expect((await t.call('GET', '/api/me', { token: changed.body.token })).status).toBe(200);
    const refreshed = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: changed.body.refreshToken } });
    expect(refreshed.status).toBe(200);

    expect((await t.call('GET', '/api/me', { token: user.token })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { token: other.body.token })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect((await login(user.email, 'brand new one')).status).toBe(200);
  });

  it('needs a signed-in caller', async () => {
    const res = await t.call('POST', '/api/me/password', { body: { currentPassword: PASSWORD, newPassword: 'whatever it is' } });
    expect(res.status).toBe(401);
  });
});

describe('password reset limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({
      RATE_LIMIT: 'on',
      RATE_LIMIT_PASSWORD_RESET_PER_MINUTE: '100',
      RATE_LIMIT_PASSWORD_RESET_PER_EMAIL_PER_HOUR: '2',
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('limits requests per address whether or not it has an account', async () => {
    const user = await limited.register();
    for (const email of [user.email, `nobody-${randomUUID()}@example.com`]) {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await limited.call('POST', '/api/auth/password-reset', { body: { email } })).status);
      }
      expect(statuses).toEqual([202, 202, 429]);
    }
  });
});
