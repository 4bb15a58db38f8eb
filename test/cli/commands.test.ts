import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliServer, type CliResult, type CliServer } from './harness.js';
import { smallLayout } from '../http/harness.js';

/** A readable problem, never a stack trace. */
function expectNoStack(r: CliResult) {
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

describe('terminal client one-shot commands against a real server', { timeout: 90_000 }, () => {
  let server: CliServer;
  let adminConfig: string;
  let customerConfig: string;
  let customer: { email: string; token: string };
  let gaShowId: string;
  let bookingId: string;

  const cli = (args: string[], configPath: string, input?: string) =>
    runCli(['--url', server.url, ...args], { configPath, input });

  beforeAll(async () => {
    server = await startCliServer();
    adminConfig = join(server.dir, 'admin', 'config.json');
    customerConfig = join(server.dir, 'customer', 'config.json');
    customer = await server.app.register('Cli Customer');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('prints help, and exits 2 on an unknown command, missing arguments, a bad count or an unknown option', async () => {
    const cfg = join(server.dir, 'usage.json');
    const [help, unknown, missing, badCount, badOption] = await Promise.all([
      cli(['help'], cfg),
      cli(['frobnicate'], cfg),
      cli(['book', 'concert_2025'], cfg),
      cli(['book', 'concert_2025', 'two'], cfg),
      cli(['list', '--colour'], cfg),
    ]);
    expect(help.code).toBe(0);
    for (const name of ['list', 'create <name> <date> <totalTickets>', 'book <showId> <count>', 'seats <showId>', 'login <email>', 'logout', 'help']) {
      expect(help.stdout).toContain(name);
    }
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: book <showId> <count>');
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('count must be a whole number');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--colour'");
    for (const r of [unknown, missing, badCount, badOption]) expectNoStack(r);
  });

  it('login with a wrong password exits 1 with the problem and remembers nothing', async () => {
    const r = await cli(['login', server.app.env.ADMIN_EMAIL, '--password', 'not-the-password'], adminConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/401 invalid_credentials/);
    expectNoStack(r);
    await expect(stat(adminConfig)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('login remembers the token in a private config file', async () => {
    const r = await cli(['login', server.app.env.ADMIN_EMAIL, '--password', server.app.env.ADMIN_PASSWORD], adminConfig);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Logged in to ${server.url} as ${server.app.env.ADMIN_EMAIL}`);
    expect((await stat(adminConfig)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(adminConfig, 'utf8'));
    expect(saved).toMatchObject({ url: server.url, email: server.app.env.ADMIN_EMAIL });
    const me = await server.app.call('GET', '/api/me', { token: saved.token });
    expect(me.body).toMatchObject({ email: server.app.env.ADMIN_EMAIL, role: 'admin' });
  });

  it('login reads the password from stdin when it is not a terminal', async () => {
    const r = await cli(['login', customer.email], customerConfig, 'correct horse\n');
    expect(r.code).toBe(0);
    const saved = JSON.parse(await readFile(customerConfig, 'utf8'));
    expect(saved.email).toBe(customer.email);
    expect((await server.app.call('GET', '/api/me', { token: saved.token })).status).toBe(200);
  });

  it('gets a new token with the saved refresh token when the old one has expired, and saves both', async () => {
    const saved = JSON.parse(await readFile(customerConfig, 'utf8'));
    expect(saved.refreshToken).toMatch(/^rt_/);
    // A token the server no longer takes, as an expired one is.
    await writeFile(customerConfig, JSON.stringify({ ...saved, token: 'expired.token.value' }), { mode: 0o600 });
    const r = await cli(['bookings'], customerConfig);
    expect(r.code).toBe(0);
    const after = JSON.parse(await readFile(customerConfig, 'utf8'));
    expect(after.refreshToken).not.toBe(saved.refreshToken);
    expect((await server.app.call('GET', '/api/me', { token: after.token })).status).toBe(200);
  });

  it('create makes a general-admission show and prints only its id', async () => {
    const r = await cli(['create', 'CLI Gig', '2030-06-01T19:30:00Z', '5', '--price', '1999'], adminConfig);
    expect(r.code).toBe(0);
    gaShowId = r.stdout.trim();
    expect(gaShowId).toMatch(/^\S+$/);
    const show = await server.app.call('GET', `/api/shows/${gaShowId}`);
    expect(show.status).toBe(200);
    expect(show.body).toMatchObject({
      title: 'CLI Gig',
      seating: 'general',
      capacity: 5,
      available: 5,
      startsAt: '2030-06-01T19:30:00.000Z',
      categories: [{ price: { amount: 1999, currency: 'EUR' } }],
    });
  });

  it('create --reserved lays out rows of 20 numbered seats', async () => {
    const r = await cli(['create', 'CLI Recital', '2030-06-02', '25', '--reserved', '--json'], adminConfig);
    expect(r.code).toBe(0);
    const { showId } = JSON.parse(r.stdout);
    const seats = await server.app.call('GET', `/api/shows/${showId}/seats`);
    expect(seats.body.seats).toHaveLength(25);
    expect(seats.body.seats.filter((s: { row: string }) => s.row === 'B')).toHaveLength(5);
    const show = await server.app.call('GET', `/api/shows/${showId}`);
    expect(show.body.startsAt).toBe('2030-06-02T19:00:00.000Z');
  });

  it("create takes a time without a zone on the venue's clock (its city's zone)", async () => {
    const made = await server.app.call('POST', '/api/admin/venues', {
      token: await server.app.adminToken(),
      body: { name: 'Zonetown Hall', city: 'Zonetown', timeZone: 'Europe/Berlin', halls: [{ name: 'Main', layout: smallLayout }] },
    });
    expect(made.status).toBe(201);
    const r = await cli(['create', 'Zoned Gig', '2030-06-01T19:30', '5', '--city', 'Zonetown'], adminConfig);
    expect(r.code).toBe(0);
    const show = await server.app.call('GET', `/api/shows/${r.stdout.trim()}`);
    // 19:30 in Berlin's summer is 17:30 UTC, though the CLI runs with TZ=UTC.
    expect(show.body).toMatchObject({ startsAt: '2030-06-01T17:30:00.000Z', timeZone: 'Europe/Berlin' });
    expect(r.stderr).toContain('Created "Zoned Gig" at Sat 1 Jun, 19:30 CEST');
  });

  it('create refuses a bad date (2) and a customer (1, forbidden)', async () => {
    const [badDate, notAdmin] = await Promise.all([
      cli(['create', 'X', '2030-02-31', '5'], adminConfig),
      cli(['create', 'X', '2030-06-01', '5'], customerConfig),
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('"2030-02-31" is not a real date');
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toMatch(/403 forbidden/);
    expectNoStack(notAdmin);
  });

  it('seats shows the show and its availability, without colour codes in a pipe', async () => {
    const r = await cli(['seats', gaShowId], customerConfig);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CLI Gig');
    expect(r.stdout).toMatch(/General Admission\s+standing\s+5\s+5/);
    expect(r.stdout).toContain('5 free, 0 held, 0 booked of 5');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('book holds the best seats and pays with the test card', async () => {
    const r = await cli(['book', gaShowId, '2'], customerConfig);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Booked 2 tickets for CLI Gig');
    expect(r.stdout).toContain('2 × General Admission');
    expect(r.stdout).toContain('€39.98');
    bookingId = /Booking\s+(\S+)/.exec(r.stdout)![1]!;
    const booking = await server.app.call('GET', `/api/bookings/${bookingId}`, { token: customer.token });
    expect(booking.body).toMatchObject({ status: 'confirmed', quantity: 2, showId: gaShowId });
  });

  it('book on an unknown show exits 1 with a readable not-found problem', async () => {
    const r = await cli(['book', 'no-such-show', '2'], customerConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/404 not_found/);
    expect(r.stdout).toBe('');
    expectNoStack(r);
  });

  it('a declined card exits 1 and releases the hold at once', async () => {
    const r = await cli(['book', gaShowId, '1', '--card', '4000000000000002'], customerConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/402 payment_declined/);
    const show = await server.app.call('GET', `/api/shows/${gaShowId}`);
    expect(show.body).toMatchObject({ held: 0, booked: 2, available: 3 });
  });

  it('more seats than are left is a clear 409', async () => {
    const r = await cli(['book', gaShowId, '4'], customerConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/409 \w+/);
    expectNoStack(r);
  });

  it('bookings lists the booking with its show title', async () => {
    const r = await cli(['bookings'], customerConfig);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith(bookingId));
    expect(line).toMatch(/CLI Gig\s+2 × General Admission\s+€39\.98\s+confirmed/);
  });

  it('list shows upcoming shows with their ids, and filters by city name', async () => {
    const [all, berlin, elsewhere] = await Promise.all([
      cli(['list'], customerConfig),
      cli(['list', '--city', 'berlin', '--category', 'other'], customerConfig),
      cli(['list', '--city', 'Testville'], customerConfig),
    ]);
    expect(all.code).toBe(0);
    const row = all.stdout.split('\n').find((l) => l.startsWith(gaShowId));
    // Two places were booked above.
    // On the venue's clock, as the site and emails write it: UTC, the first venue of its city named no zone.
    expect(row).toMatch(/Sat 1 Jun, 19:30 UTC\s+CLI Gig\s+other\s+CLI Gig venue\s+Berlin\s+3$/);
    expect(berlin.stdout).toContain(gaShowId);
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stdout).not.toContain(gaShowId);
  });

  it('list on a server without the catalog listing exits 1 and says what to do instead', async () => {
    const bare = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' }));
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = bare.address() as AddressInfo;
      const r = await runCli(['--url', `http://127.0.0.1:${port}`, 'list'], { configPath: customerConfig });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('This server does not list events yet');
      expect(r.stderr).toContain('showtime seats concert_2025');
      expectNoStack(r);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('cancel refunds the booking per the policy and frees the places', async () => {
    const r = await cli(['cancel', bookingId], customerConfig);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Refund\s+€39\.98 \(\w+\)/);
    const booking = await server.app.call('GET', `/api/bookings/${bookingId}`, { token: customer.token });
    expect(booking.body.status).toBe('cancelled');
    expect((await server.app.call('GET', `/api/shows/${gaShowId}`)).body.available).toBe(5);
  });

  it('logout revokes the token and forgets it; then commands that need a login say so', async () => {
    const before = JSON.parse(await readFile(customerConfig, 'utf8'));
    const r = await cli(['logout'], customerConfig);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Logged out.');
    const after = JSON.parse(await readFile(customerConfig, 'utf8'));
    expect(after.token).toBeUndefined();
    expect((await server.app.call('GET', '/api/me', { token: before.token })).status).toBe(401);
    const book = await cli(['book', gaShowId, '1'], customerConfig);
    expect(book.code).toBe(1);
    expect(book.stderr).toContain(`Not logged in to ${server.url}`);
  });

  it('logout-everywhere ends the logins of every device, with their refresh tokens', async () => {
    const user = await server.app.register('Two Devices');
    const laptop = join(server.dir, 'laptop', 'config.json');
    const phone = join(server.dir, 'phone', 'config.json');
    expect((await cli(['login', user.email], laptop, 'correct horse\n')).code).toBe(0);
    expect((await cli(['login', user.email], phone, 'correct horse\n')).code).toBe(0);
    const onPhone = JSON.parse(await readFile(phone, 'utf8'));

    const r = await cli(['logout-everywhere'], laptop);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Logged out everywhere');
    expect(JSON.parse(await readFile(laptop, 'utf8')).token).toBeUndefined();
    expect((await server.app.call('GET', '/api/me', { token: onPhone.token })).status).toBe(401);
    // The phone cannot get a new token with its refresh token either.
    const mine = await cli(['bookings'], phone);
    expect(mine.code).toBe(1);
    expect((await server.app.call('GET', '/api/me', { token: user.token })).status).toBe(401);
  });

  it('an unreachable server is exit 1 with a plain message', async () => {
    const r = await runCli(['--url', 'http://127.0.0.1:9', 'seats', 'concert_2025'], { configPath: adminConfig });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cannot reach the server at http://127.0.0.1:9');
    expectNoStack(r);
  });

  it('keeps the login in $XDG_CONFIG_HOME/showtime/config.json when no config is named', async () => {
    const xdg = join(server.dir, 'xdg');
    const r = await runCli(['--url', server.url, 'login', customer.email, '--password', 'correct horse'], {
      configPath: '',
      env: { XDG_CONFIG_HOME: xdg },
    });
    expect(r.code).toBe(0);
    const file = join(xdg, 'showtime', 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ url: server.url, email: customer.email });
  });
});
