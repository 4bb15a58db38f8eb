import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { exposedDefaultsProblem } from '../../src/config/exposed-defaults.js';
import { ensureAdmin } from '../../src/http/auth/index.js';
import { startServer } from '../../src/server.js';
import { silentLog, startTestApp, type TestApp } from './harness.js';

describe('published defaults', () => {
  const env = (over: Record<string, string>) => loadEnv({ ...over });

  it('listen on loopback unless HOST says otherwise', () => {
    expect(env({}).HOST).toBe('127.0.0.1');
    expect(exposedDefaultsProblem(env({}))).toBeNull();
    expect(exposedDefaultsProblem(env({ HOST: 'localhost' }))).toBeNull();
    expect(exposedDefaultsProblem(env({ HOST: '::1' }))).toBeNull();
  });

  it('are refused on any other interface: the default admin password, and the demo promo codes', () => {
    expect(exposedDefaultsProblem(env({ HOST: '0.0.0.0' }))).toMatch(/ADMIN_PASSWORD.*SEED=demo/);
    expect(exposedDefaultsProblem(env({ HOST: '0.0.0.0', SEED: 'none' }))).toMatch(/ADMIN_PASSWORD/);
    expect(exposedDefaultsProblem(env({ HOST: '10.0.0.5', ADMIN_PASSWORD: 'a real secret' }))).toMatch(/SEED=demo/);
    expect(exposedDefaultsProblem(env({ HOST: '0.0.0.0', ADMIN_PASSWORD: 'a real secret', SEED: 'none' }))).toBeNull();
    expect(exposedDefaultsProblem(env({ HOST: '0.0.0.0', ALLOW_DEMO_DEFAULTS: 'on' }))).toBeNull();
  });

  it('stop the server before it starts anything', async () => {
    await expect(startServer(loadEnv({ HOST: '0.0.0.0', LOG_LEVEL: 'silent' }), silentLog)).rejects.toThrow(
      /ALLOW_DEMO_DEFAULTS=on/,
    );
  });
});

describe('the configured admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The first start: the default admin, admin@example.com.
    t = await startTestApp({ AUTH_CACHE_SECONDS: '0' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('replaces the default one when ADMIN_EMAIL changes; admins made through the API stay', async () => {
    const defaultAdmin = await t.adminToken();
    const helper = await t.register('Helper');
    const promoted = await t.call('POST', `/api/admin/users/${helper.userId}/role`, {
      token: defaultAdmin,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    // Made admin by hand in the database: not through the API, so not kept.
    const sneaky = await t.register('Sneaky');
    await t.tdb.sql`update users set role = 'admin' where id = ${sneaky.userId}`;

    // The next start, with ADMIN_EMAIL set.
    const { demoted } = await ensureAdmin(t.tdb.db, 'boss@company.example', 'a long secret', {
      memoryCost: 1024,
      timeCost: 1,
      parallelism: 1,
    });
    expect(demoted.sort()).toEqual([sneaky.email, t.env.ADMIN_EMAIL].sort());
    const roles = await t.tdb.sql<
      { email: string; role: string }[]
    >`select email, role from users where role = 'admin'`;
    expect(roles.map((r) => r.email).sort()).toEqual(['boss@company.example', helper.email].sort());
    // The demoted default admin's token is refused (its sessions ended with the demotion).
    expect((await t.call('GET', '/api/me', { token: defaultAdmin })).status).toBe(401);
    expect((await t.call('GET', '/api/admin/webhooks', { token: helper.token })).status).toBe(200);

    // Demoted through the API later: not admin after the next start either.
    const boss = await t.call('POST', '/api/auth/login', {
      body: { email: 'boss@company.example', password: 'a long secret' },
    });
    expect(
      (
        await t.call('POST', `/api/admin/users/${helper.userId}/role`, {
          token: boss.body.token,
          body: { role: 'customer' },
        })
      ).status,
    ).toBe(200);
    await t.tdb.sql`update users set role = 'admin' where id = ${helper.userId}`;
    await ensureAdmin(t.tdb.db, 'boss@company.example', 'a long secret', {
      memoryCost: 1024,
      timeCost: 1,
      parallelism: 1,
    });
    const [row] = await t.tdb.sql<{ role: string }[]>`select role from users where id = ${helper.userId}`;
    expect(row!.role).toBe('customer');
  });
});
