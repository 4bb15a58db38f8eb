import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type CallResult, type TestApp } from './harness.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await startTestApp(env);
  apps.push(t);
  return t;
}
afterAll(async () => {
  await Promise.all(apps.map((t) => t.close()));
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

function expectRateLimited(res: CallResult, limit: number, maxRetryAfter: number): number {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status: 429, code: 'rate_limited' });
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxRetryAfter);
  expect(res.headers.get('ratelimit-limit')).toBe(String(limit));
  expect(res.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
  return Number(retryAfter);
}

describe('sign-in and registration, per client IP', () => {
  const limits = {
    RATE_LIMIT: 'on',
    TRUST_PROXY: 'on',
    RATE_LIMIT_LOGIN_PER_MINUTE: '3',
    RATE_LIMIT_REGISTER_PER_MINUTE: '2',
  };

  it('blocks an address after too many failed logins, even for the right password; others sign in', async () => {
    const t = await app(limits);
    const user = await t.call('POST', '/api/auth/register', {
      body: { email: 'ada@example.com', password: 'correct horse', name: 'Ada' },
      headers: from('10.0.0.1'),
    });
    expect(user.status).toBe(201);
    const login = (password: string, ip: string) =>
      t.call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password }, headers: from(ip) });

    for (let i = 0; i < 3; i++) expect((await login('wrong guess', '10.0.0.4')).status).toBe(401);
    const refused = await login('correct horse', '10.0.0.4');
    // Blocked for RATE_LIMIT_LOGIN_BLOCK_SECONDS (900 by default), not just the rest of the minute.
    expect(expectRateLimited(refused, 3, 900)).toBeGreaterThan(60);
    // The proxy appends the address it saw; what the client wrote before it does not matter.
    expect((await login('correct horse', '203.0.113.9, 10.0.0.4')).status).toBe(429);

    expect((await login('correct horse', '10.0.0.5')).status).toBe(200);
  });

  it('lets no more parallel guesses through than the limit allows', async () => {
    const t = await app(limits);
    await t.call('POST', '/api/auth/register', {
      body: { email: 'bo@example.com', password: 'correct horse', name: 'Bo' },
      headers: from('10.0.1.1'),
    });
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.call('POST', '/api/auth/login', {
          body: { email: 'bo@example.com', password: `guess ${i}` },
          headers: from('10.0.1.2'),
        }),
      ),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('counts only failures: successful logins and invalid requests do not use up the budget', async () => {
    const t = await app(limits);
    const { email } = await t.register();
    for (let i = 0; i < 6; i++) {
      const ok = await t.call('POST', '/api/auth/login', {
        body: { email, password: 'correct horse' },
        headers: from('10.0.1.1'),
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBe('3');
    }
    for (let i = 0; i < 6; i++) {
      const bad = await t.call('POST', '/api/auth/login', { body: { email }, headers: from('10.0.1.2') });
      expect(bad.status).toBe(400);
    }
    const after = await t.call('POST', '/api/auth/login', {
      body: { email, password: 'correct horse' },
      headers: from('10.0.1.2'),
    });
    expect(after.status).toBe(200);
  });

  it('limits registrations per address', async () => {
    const t = await app(limits);
    const register = (n: number, ip: string) =>
      t.call('POST', '/api/auth/register', {
        body: { email: `r${n}@example.com`, password: 'correct horse', name: `R${n}` },
        headers: from(ip),
      });
    expect((await register(1, '10.0.2.1')).status).toBe(201);
    expect((await register(2, '10.0.2.1')).status).toBe(201);
    expectRateLimited(await register(3, '10.0.2.1'), 2, 60);
    expect((await register(4, '10.0.2.2')).status).toBe(201);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is on: a client cannot pick a fresh address per guess', async () => {
    const t = await app({ ...limits, TRUST_PROXY: 'off' });
    const { email } = await t.register();
    for (let i = 0; i < 3; i++) {
      const res = await t.call('POST', '/api/auth/login', {
        body: { email, password: 'wrong guess' },
        headers: from(`10.0.3.${i}`),
      });
      expect(res.status).toBe(401);
    }
    const res = await t.call('POST', '/api/auth/login', {
      body: { email, password: 'correct horse' },
      headers: from('10.0.3.99'),
    });
    expectRateLimited(res, 3, 900);
  });
});

describe('the client address behind a real socket', () => {
  it('is the peer address, whatever X-Forwarded-For says when TRUST_PROXY is off', async () => {
    const t = await app({ RATE_LIMIT: 'on', RATE_LIMIT_REGISTER_PER_MINUTE: '1' });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/register`;
      const register = (n: number, headers: Record<string, string> = {}) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ email: `s${n}@example.com`, password: 'correct horse', name: `S${n}` }),
        });
      expect((await register(1)).status).toBe(201);
      const second = await register(2, from('198.51.100.7'));
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
      // An in-process request has no peer address: it is counted apart from 127.0.0.1.
      const inProcess = await t.call('POST', '/api/auth/register', {
        body: { email: 's3@example.com', password: 'correct horse', name: 'S3' },
      });
      expect(inProcess.status).toBe(201);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    }
  });
});

describe('holds and waitlist joins, per user', () => {
  it('share one budget per user; other users, reads and anonymous requests are unaffected', async () => {
    const t = await app({ RATE_LIMIT: 'on', RATE_LIMIT_HOLDS_PER_MINUTE: '3', RATE_LIMIT_REGISTER_PER_MINUTE: '100' });
    const showId = await t.createShow();
    const [ada, bob] = [await t.register(), await t.register()];
    const hold = (token: string, headers: Record<string, string> = {}) =>
      t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 }, headers });

    const first = await hold(ada.token);
    expect(first.status).toBe(201);
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect((await hold(ada.token)).status).toBe(201);
    const join = await t.call('POST', `/api/shows/${showId}/waitlist`, { token: ada.token, body: { quantity: 1 } });
    expect(join.status).not.toBe(429);

    expectRateLimited(await hold(ada.token), 3, 60);
    const joinAgain = await t.call('POST', `/api/shows/${showId}/waitlist`, {
      token: ada.token,
      body: { quantity: 1 },
    });
    expect(joinAgain.status).toBe(429);
    // Claiming to be a forwarded request, unsigned, is refused before anything is counted.
    expect((await hold(ada.token, { 'x-forwarded-by': 'node-x' })).status).toBe(401);

    expect((await t.call('GET', `/api/shows/${showId}/holds/${first.body.holdId}`, { token: ada.token })).status).toBe(
      200,
    );
    expect((await hold(bob.token)).status).toBe(201);
    expect((await t.call('POST', `/api/shows/${showId}/holds`, { body: { quantity: 1 } })).status).toBe(401);
  });
});

describe('payments, quotes and releases', () => {
  const limits = {
    RATE_LIMIT: 'on',
    TRUST_PROXY: 'on',
    RATE_LIMIT_REGISTER_PER_MINUTE: '100',
    RATE_LIMIT_CONFIRM_PER_HOLD_PER_MINUTE: '2',
    RATE_LIMIT_CONFIRM_PER_MINUTE: '3',
    RATE_LIMIT_CONFIRM_PER_IP_PER_MINUTE: '4',
    RATE_LIMIT_QUOTES_PER_MINUTE: '2',
    RATE_LIMIT_RELEASES_PER_MINUTE: '2',
    MAX_PAYMENT_DECLINES: '100',
  };
  const bad = { method: 'card', cardNumber: '4000000000000002', expiry: '12/30', cvc: '123' };

  it('limits card payments per hold, per customer and per client address', async () => {
    const t = await app(limits);
    const showId = await t.createShow();
    const [ada, bob, cy] = [await t.register(), await t.register(), await t.register()];
    const holdOf = async (token: string) =>
      (await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } })).body.holdId as string;
    const pay = (token: string, holdId: string, ip: string) =>
      t.call('POST', `/api/shows/${showId}/holds/${holdId}/confirm`, {
        token,
        body: { payment: bad },
        headers: from(ip),
      });

    const first = await holdOf(ada.token);
    expect((await pay(ada.token, first, '10.1.0.1')).status).toBe(402);
    expect((await pay(ada.token, first, '10.1.0.2')).status).toBe(402);
    expectRateLimited(await pay(ada.token, first, '10.1.0.3'), 2, 60);
    // Per customer: a fresh hold does not buy fresh attempts (two used above, one refused).
    const second = await holdOf(ada.token);
    expectRateLimited(await pay(ada.token, second, '10.1.0.4'), 3, 60);

    // Per address: other accounts from one address share its budget.
    const ip = '10.1.0.9';
    expect((await pay(bob.token, await holdOf(bob.token), ip)).status).toBe(402);
    expect((await pay(bob.token, await holdOf(bob.token), ip)).status).toBe(402);
    expect((await pay(cy.token, await holdOf(cy.token), ip)).status).toBe(402);
    expect((await pay(cy.token, await holdOf(cy.token), ip)).status).toBe(402);
    expectRateLimited(await pay(cy.token, await holdOf(cy.token), ip), 4, 60);
  });

  it('limits quotes and releases per customer', async () => {
    const t = await app(limits);
    const showId = await t.createShow();
    const ada = await t.register();
    const holdId = (await t.call('POST', `/api/shows/${showId}/holds`, { token: ada.token, body: { quantity: 1 } }))
      .body.holdId as string;
    const quote = () =>
      t.call('POST', `/api/shows/${showId}/holds/${holdId}/quote`, {
        token: ada.token,
        body: { promoCode: `GUESS${Math.random()}` },
      });
    expect((await quote()).status).toBe(422);
    expect((await quote()).status).toBe(422);
    expectRateLimited(await quote(), 2, 60);

    const release = (id: string) => t.call('DELETE', `/api/shows/${showId}/holds/${id}`, { token: ada.token });
    expect((await release(holdId)).status).toBe(204);
    expect((await release(holdId)).status).toBe(204);
    expectRateLimited(await release(holdId), 2, 60);
  });
});

describe('RATE_LIMIT=off', () => {
  it('turns every limit and quota off, however low they are set', async () => {
    const t = await app({
      RATE_LIMIT: 'off',
      TRUST_PROXY: 'on',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1',
      RATE_LIMIT_REGISTER_PER_MINUTE: '1',
      RATE_LIMIT_HOLDS_PER_MINUTE: '1',
      API_KEY_QUOTA_PER_HOUR: '1',
    });
    const users = [];
    for (let i = 0; i < 4; i++) users.push(await t.register());
    const [ada] = users;
    for (let i = 0; i < 4; i++) {
      const res = await t.call('POST', '/api/auth/login', {
        body: { email: ada!.email, password: 'wrong guess' },
        headers: from('10.0.4.1'),
      });
      expect(res.status).toBe(401);
    }
    const showId = await t.createShow();
    for (let i = 0; i < 4; i++) {
      const res = await t.call('POST', `/api/shows/${showId}/holds`, { token: ada!.token, body: { quantity: 1 } });
      expect(res.status).toBe(201);
    }
    const key = await t.call('POST', '/api/me/api-keys', { token: ada!.token, body: { name: 'widget' } });
    expect(key.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      expect((await t.call('GET', '/api/cities', { headers: { 'x-api-key': key.body.key } })).status).toBe(200);
    }
    // Keys are still checked.
    expect((await t.call('GET', '/api/cities', { headers: { 'x-api-key': 'stk_nope' } })).status).toBe(401);
  });
});
