import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../notifications/eventually.js';
import { runCli, startCliServer, type CliServer } from './harness.js';

describe('terminal client: passwords', { timeout: 120_000 }, () => {
  let server: CliServer;
  beforeAll(async () => {
    server = await startCliServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('changes the password with the current one, logging out every other device but keeping this login', async () => {
    const t = server.app;
    const ann = await t.register('Ann Terminal');
    const config = join(server.dir, 'ann', 'config.json');
    const cli = (args: string[], input?: string) => runCli(['--url', server.url, ...args], { configPath: config, input });
    expect((await cli(['login', ann.email, '--password', 'correct horse'])).code).toBe(0);

    const wrong = await cli(['password', 'change', '--password', 'not my password', '--new-password', 'cli new secret']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The current password is wrong');

    // Typed on a pipe, as a script would: current, then new.
    const changed = await cli(['password', 'change'], 'correct horse\ncli new secret\n');
    expect(changed.stderr).toMatch(/Current password:[\s\S]*New password:/);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('Password changed. Every other device is logged out');
    expect((await t.call('GET', '/api/me', { token: ann.token })).status).toBe(401);
    const whoami = await cli(['whoami']);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toContain(ann.email);
    const login = await t.call('POST', '/api/auth/login', { body: { email: ann.email, password: 'cli new secret' } });
    expect(login.status).toBe(200);
  });

  it('asks for a reset link by email, saying the same whether or not the address has an account', async () => {
    const t = server.app;
    const bea = await t.register('Bea Forgetful');
    const config = join(server.dir, 'bea', 'config.json');
    const cli = (...args: string[]) => runCli(['--url', server.url, ...args], { configPath: config });
    const known = await cli('password', 'reset', bea.email);
    const nobody = `nobody-${randomUUID()}@example.com`;
    const unknown = await cli('password', 'reset', nobody);
    expect(known.code).toBe(0);
    expect(unknown.code).toBe(0);
    expect(known.stdout).toContain(`If an account has the address ${bea.email}, a link`);
    expect(unknown.stdout.replace(nobody, 'X')).toBe(known.stdout.replace(bea.email, 'X'));
    await eventually(async () => {
      const [row] = await t.tdb.sql`select count(*)::int as n from deliveries d join outbox o on o.id = d.outbox_id
        where o.topic = 'account.password_reset' and d.target = ${bea.email}`;
      return row!.n === 1;
    }, 'the reset email planned');

    const usage = await cli('password', 'reset');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: password change');
  });
});
