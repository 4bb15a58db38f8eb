import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/actors/runtime/index.js';
import { limitKeyOf } from '../../src/http/client-ip.js';
import { createRevocationList } from '../../src/http/auth/revocations.js';
import { silentLog, startTestApp, type TestApp } from './harness.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await startTestApp({ RATE_LIMIT: 'on', TRUST_PROXY: 'on', ...env });
  apps.push(t);
  return t;
}
afterAll(async () => {
  await Promise.all(apps.map((t) => t.close()));
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('rate-limit keys', () => {
  it('count an IPv6 client per /64 and an IPv4-mapped address as IPv4', () => {
    expect(limitKeyOf('2001:db8:1:2::1')).toBe(limitKeyOf('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(limitKeyOf('2001:db8:1:2::1')).not.toBe(limitKeyOf('2001:db8:1:3::1'));
    expect(limitKeyOf('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(limitKeyOf('10.0.0.1')).not.toBe(limitKeyOf('10.0.0.2'));
  });
});

describe('sign-in limits', () => {
  it('limits successful logins too: each costs a password hash', async () => {
    const t = await app({ RATE_LIMIT_LOGIN_ATTEMPTS_PER_MINUTE: '3' });
    const { email } = await t.register();
    const login = (ip: string) =>
      t.call('POST', '/api/auth/login', { body: { email, password: 'correct horse' }, headers: from(ip) });
    for (let i = 0; i < 3; i++) expect((await login('10.0.3.1')).status).toBe(200);
    const refused = await login('10.0.3.1');
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/sign-ins from this address/);
    expect((await login('10.0.3.2')).status).toBe(200);
  });

  it('counts an IPv6 client per /64: new addresses in the same network do not get new guesses', async () => {
    const t = await app({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    const { email } = await t.register();
    const login = (password: string, ip: string) =>
      t.call('POST', '/api/auth/login', { body: { email, password }, headers: from(ip) });
    for (let i = 1; i <= 3; i++) expect((await login('wrong guess', `2001:db8:1:2::${i}`)).status).toBe(401);
    expect((await login('wrong guess', '2001:db8:1:2:abcd::9')).status).toBe(429);
    expect((await login('correct horse', '2001:db8:1:3::1')).status).toBe(200);
  });

  it('limits failures per account, whatever addresses they come from', async () => {
    const t = await app({ RATE_LIMIT_LOGIN_ACCOUNT_FAILURES: '3' });
    const victim = await t.register();
    const other = await t.register();
    const login = (email: string, password: string, ip: string) =>
      t.call('POST', '/api/auth/login', { body: { email, password }, headers: from(ip) });
    for (let i = 1; i <= 3; i++) expect((await login(victim.email, 'wrong guess', `10.0.4.${i}`)).status).toBe(401);
    // Case and spaces name the same account.
    const refused = await login(` ${victim.email.toUpperCase()}`, 'correct horse', '10.0.4.9');
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/this account/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await login(other.email, 'correct horse', '10.0.4.9')).status).toBe(200);
  });
});

describe('revocations', () => {
  it('are read incrementally: each refresh reads only what was revoked since the last one', async () => {
    const t = await app({});
    const a = await createRevocationList({
      db: t.tdb.db,
      now: () => systemClock.now(),
      log: silentLog,
      refreshMs: 60_000,
    });
    const b = await createRevocationList({
      db: t.tdb.db,
      now: () => systemClock.now(),
      log: silentLog,
      refreshMs: 60_000,
    });
    try {
      const expiresAt = new Date(Date.now() + 3600_000);
      await a.revoke('revoked-on-a', expiresAt);
      expect(b.has('revoked-on-a')).toBe(false);
      await b.refresh();
      expect(b.has('revoked-on-a')).toBe(true);
      // A row older than b's last read is not read again (a full reload would pick it up).
      await t.tdb.sql`insert into revoked_tokens (jti, expires_at, revoked_at)
        values ('old-row', ${expiresAt.toISOString()}, now() - interval '1 hour')`;
      await b.refresh();
      expect(b.has('old-row')).toBe(false);
      expect(b.has('revoked-on-a')).toBe(true);
    } finally {
      a.stop();
      b.stop();
    }
  });
});
