import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { MAX_ACTIVE_KEYS_PER_USER } from '../../src/http/routes/api-keys.js';
import { createCheckout, createTestGateway } from '../../src/payments/index.js';
import { systemClock } from '../../src/actors/runtime/index.js';
import { silentLog, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT: 'on', RATE_LIMIT_REGISTER_PER_MINUTE: '1000', API_KEY_QUOTA_PER_HOUR: '3' });
});
afterAll(async () => {
  await t?.close();
});

async function createKey(token: string, name = 'widget') {
  const res = await t.call('POST', '/api/me/api-keys', { token, body: { name } });
  expect(res.status).toBe(201);
  return res.body as { apiKeyId: string; key: string; prefix: string; name: string; quotaPerHour: number };
}

const withKey = (key: string) => ({ headers: { 'x-api-key': key } });

describe('API key lifecycle', () => {
  it('creates a key shown once, stores only its hash, meters it, and stops it when revoked', async () => {
    const dev = await t.register();
    const created = await createKey(dev.token, 'seat widget');
    expect(created).toMatchObject({ name: 'seat widget', quotaPerHour: 3 });
    expect(created.key).toMatch(/^stk_[A-Za-z0-9_-]{40,}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.key.length / 2);

    const rows = await t.tdb.sql`select * from api_keys where id = ${created.apiKeyId}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.key);

    const used = await t.call('GET', '/api/cities', withKey(created.key));
    expect(used.status).toBe(200);
    expect(used.headers.get('ratelimit-limit')).toBe('3');
    expect(used.headers.get('ratelimit-remaining')).toBe('2');

    const list = await t.call('GET', '/api/me/api-keys', { token: dev.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        apiKeyId: created.apiKeyId,
        prefix: created.prefix,
        name: 'seat widget',
        quotaPerHour: 3,
        createdAt: expect.any(String),
        usedThisHour: 1,
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.key);

    const other = await t.register();
    expect((await t.call('DELETE', `/api/me/api-keys/${created.apiKeyId}`, { token: other.token })).status).toBe(404);
    expect((await t.call('GET', '/api/cities', withKey(created.key))).status).toBe(200);

    expect((await t.call('DELETE', `/api/me/api-keys/${created.apiKeyId}`, { token: dev.token })).status).toBe(204);
    const revoked = await t.call('GET', '/api/cities', withKey(created.key));
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('invalid_api_key');
    expect((await t.call('GET', '/api/me/api-keys', { token: dev.token })).body).toEqual([]);
    expect((await t.call('DELETE', `/api/me/api-keys/${created.apiKeyId}`, { token: dev.token })).status).toBe(404);
  });

  it('refuses unknown and malformed keys with 401 invalid_api_key; no key at all is fine', async () => {
    for (const key of ['stk_unknown', ' ', 'x'.repeat(500)]) {
      const res = await t.call('GET', '/api/cities', withKey(key));
      expect(res.status, key).toBe(401);
      expect(res.body.code).toBe('invalid_api_key');
    }
    expect((await t.call('GET', '/api/cities')).status).toBe(200);
  });

  it('identifies an app but signs nobody in', async () => {
    const dev = await t.register();
    const { key } = await createKey(dev.token);
    const me = await t.call('GET', '/api/me', withKey(key));
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('unauthorized');
    const both = await t.call('GET', '/api/me', { token: dev.token, ...withKey(key) });
    expect(both.status).toBe(200);
  });

  it('validates the name, needs a signed-in user, and caps live keys per user', async () => {
    const dev = await t.register();
    expect((await t.call('POST', '/api/me/api-keys', { body: { name: 'x' } })).status).toBe(401);
    expect((await t.call('POST', '/api/me/api-keys', { token: dev.token, body: { name: '' } })).status).toBe(400);
    for (let i = 0; i < MAX_ACTIVE_KEYS_PER_USER; i++) await createKey(dev.token, `k${i}`);
    const over = await t.call('POST', '/api/me/api-keys', { token: dev.token, body: { name: 'one more' } });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('too_many_api_keys');
  });
});

describe('API key quota', () => {
  it('answers 429 over the hourly quota with Retry-After until the hour ends; an admin can raise it', async () => {
    const dev = await t.register();
    const { apiKeyId, key } = await createKey(dev.token);
    for (let i = 0; i < 3; i++) expect((await t.call('GET', '/api/cities', withKey(key))).status).toBe(200);
    const over = await t.call('GET', '/api/cities', withKey(key));
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('rate_limited');
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    expect(over.headers.get('ratelimit-policy')).toBe('3;w=3600');

    const admin = await t.adminToken();
    const body = { quotaPerHour: 10 };
    expect((await t.call('PATCH', `/api/admin/api-keys/${apiKeyId}`, { token: dev.token, body })).status).toBe(403);
    const raised = await t.call('PATCH', `/api/admin/api-keys/${apiKeyId}`, { token: admin, body });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({
      apiKeyId,
      quotaPerHour: 10,
      userId: dev.userId,
      revokedAt: null,
      usedThisHour: 4,
    });
    expect((await t.call('GET', '/api/cities', withKey(key))).status).toBe(200);
    const audit = await t.call('GET', '/api/admin/audit?action=api_key.set_quota', { token: admin });
    expect(JSON.stringify(audit.body)).toContain(apiKeyId);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await t.call('PATCH', `/api/admin/api-keys/${unknown}`, { token: admin, body })).status).toBe(404);
    expect(
      (await t.call('PATCH', `/api/admin/api-keys/${apiKeyId}`, { token: admin, body: { quotaPerHour: 0 } })).status,
    ).toBe(400);
  });

  it('lists every key to admins, revoked ones too, optionally for one developer', async () => {
    const dev = await t.register();
    const live = await createKey(dev.token, 'live');
    const gone = await createKey(dev.token, 'gone');
    await t.call('DELETE', `/api/me/api-keys/${gone.apiKeyId}`, { token: dev.token });
    await t.call('GET', '/api/cities', withKey(live.key));
    const admin = await t.adminToken();
    const listed = await t.call('GET', `/api/admin/api-keys?userId=${dev.userId}`, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ apiKeyId: gone.apiKeyId, revokedAt: expect.any(String), usedThisHour: 0 }),
      expect.objectContaining({ apiKeyId: live.apiKeyId, revokedAt: null, usedThisHour: 1, userId: dev.userId }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(live.key);
    const all = await t.call('GET', '/api/admin/api-keys', { token: admin });
    expect(all.body.length).toBeGreaterThan(2);
    expect((await t.call('GET', '/api/admin/api-keys', { token: dev.token })).status).toBe(403);
  });

  it('is counted in PostgreSQL, so two nodes share one quota', async () => {
    const other = createApp({
      env: t.env,
      db: t.tdb.db,
      sql: t.tdb.sql,
      runtime: t.runtime,
      checkout: createCheckout({
        db: t.tdb.db,
        runtime: t.runtime,
        gateway: createTestGateway({ db: t.tdb.db }),
        clock: systemClock,
        log: silentLog,
      }),
      auth: t.auth,
      log: silentLog,
      nodeId: 'other-node',
    });
    const dev = await t.register();
    const { key } = await createKey(dev.token);
    const statuses: number[] = [];
    for (const app of [t.app, other, t.app, other]) {
      statuses.push((await app.request('/api/cities', { headers: { 'x-api-key': key } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts parallel requests exactly', async () => {
    const dev = await t.register();
    const { key } = await createKey(dev.token);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.call('GET', '/api/cities', withKey(key)).then((r) => r.status)),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(3);
    expect(results.filter((s) => s === 429)).toHaveLength(9);
  });
});
