import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from '../http/fixtures.js';
import { runCli, startCliServer, type CliServer } from './harness.js';

describe('terminal client: your data', { timeout: 90_000 }, () => {
  let server: CliServer;
  beforeAll(async () => {
    server = await startCliServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('exports everything held about the user, and deletes the account once no booking is upcoming', async () => {
    const t = server.app;
    const ada = await t.register('Ada Terminal');
    const showId = await t.createShow();
    const { bookingId } = await book(t, ada.token, showId, { seats: ['A-4'] });
    const config = join(server.dir, 'ada', 'config.json');
    const cli = (...args: string[]) => runCli(['--url', server.url, ...args], { configPath: config });
    expect((await cli('login', ada.email, '--password', 'correct horse')).code).toBe(0);

    const file = join(server.dir, 'ada-data.json');
    const written = await cli('export', file);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`Wrote ${file}: 1 booking, 1 payment`);
    const data = JSON.parse(await readFile(file, 'utf8'));
    expect(data.account).toMatchObject({ userId: ada.userId, email: ada.email, name: 'Ada Terminal' });
    expect(data.bookings).toEqual([expect.objectContaining({ bookingId, seats: ['A-4'] })]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const printed = await cli('export');
    expect(JSON.parse(printed.stdout).account.email).toBe(ada.email);

    const unconfirmed = await cli('delete-account', '--password', 'correct horse');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
    const refused = await cli('delete-account', '--yes', '--password', 'correct horse');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cancel your upcoming bookings/);
    expect((await t.call('GET', '/api/me', { token: ada.token })).status).toBe(200);

    expect((await cli('cancel', bookingId)).code).toBe(0);
    const deleted = await cli('delete-account', '--yes', '--password', 'correct horse');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain('Your account has been deleted');
    expect((await t.call('GET', '/api/me', { token: ada.token })).status).toBe(401);
    const login = await cli('login', ada.email, '--password', 'correct horse');
    expect(login.code).toBe(1);
    expect((await cli('whoami')).code).not.toBe(0);
  });
});
