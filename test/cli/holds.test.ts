import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from '../http/fixtures.js';
import { oneCategoryLayout } from '../http/harness.js';
import { eventually } from '../notifications/eventually.js';
import { runCli, startCliServer, type CliServer } from './harness.js';

const HOUR = 3_600_000;

describe('terminal client: your holds, and the price of cancelling', { timeout: 120_000 }, () => {
  let server: CliServer;
  beforeAll(async () => {
    server = await startCliServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function customer(name: string) {
    const account = await server.app.register(name);
    const config = join(server.dir, account.userId, 'config.json');
    const cli = (...args: string[]) => runCli(['--url', server.url, ...args], { configPath: config });
    expect((await cli('login', account.email, '--password', 'correct horse')).code).toBe(0);
    return { ...account, cli };
  }

  it('holds lists a hold made elsewhere with its time left and the page to pay on', async () => {
    const showId = await server.app.createShow();
    const [ann, other] = await Promise.all([customer('Ann Holds'), customer('Otto Other')]);
    const placed = await server.app.call('POST', `/api/shows/${showId}/holds`, {
      token: ann.token,
      body: { seats: ['A-1', 'A-2'] },
    });
    expect(placed.status).toBe(201);

    const [listed, asJson, others, help] = await Promise.all([
      ann.cli('holds'),
      ann.cli('holds', '--json'),
      other.cli('holds'),
      ann.cli('help'),
    ]);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split('\n').find((line) => line.startsWith('Test Concert'));
    expect(row).toBeDefined();
    expect(row).toContain('A-1, A-2');
    expect(row).toContain('€50.00');
    expect(row).toMatch(/held\s+€50\.00\s+[1-5] min \d+ s/);
    expect(row).toContain(`${server.url}/shows/${showId}`);
    expect(JSON.parse(asJson.stdout).holds).toEqual([
      expect.objectContaining({ holdId: placed.body.holdId, status: 'held' }),
    ]);
    expect(others.stdout).toContain('No holds or offers.');
    expect(help.stdout).toMatch(/holds\s+your live holds and waitlist offers/);
  });

  it('cancel says what the policy refunds before the refund it gives', async () => {
    const showId = await server.app.createShow({ startsAt: new Date(Date.now() + 24 * HOUR) });
    const bea = await customer('Bea Cancel');
    const { bookingId } = await book(server.app, bea.token, showId, { seats: ['A-3', 'A-4'] });
    const r = await bea.cli('cancel', bookingId);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('You get €25.00 back of €50.00 (50 %: within 48 h of the show).');
    expect(r.stdout).toMatch(/Cancelling is possible until \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(r.stdout).toMatch(/Refund\s+€25\.00/);
    const closed = await bea.cli('cancel', bookingId);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('already_cancelled');
  });

  it('an offer from the waitlist: holds lists it, and its notification says where to pay', async () => {
    const showId = await server.app.createShow({ layout: oneCategoryLayout });
    const holder = await server.app.register('Hal Holder');
    const cam = await customer('Cam Waiter');
    const seats = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3', 'B-4', 'B-5'];
    const held = await server.app.call('POST', `/api/shows/${showId}/holds`, { token: holder.token, body: { seats } });
    expect(held.status).toBe(201);
    const joined = await server.app.call('POST', `/api/shows/${showId}/waitlist`, {
      token: cam.token,
      body: { quantity: 2 },
    });
    expect(joined.status).toBe(202);
    const waiting = await cam.cli('holds');
    expect(waiting.stdout).toContain('No holds or offers.');
    expect(waiting.stdout).toMatch(/Waiting for seats:\n {2}Test Concert · .* · 2 seats · number 1 in line/);

    await server.app.call('DELETE', `/api/shows/${showId}/holds/${held.body.holdId}`, { token: holder.token });
    await eventually(async () => {
      const inbox = await server.app.call('GET', '/api/me/notifications', { token: cam.token });
      return inbox.body.items.some((n: { topic: string }) => n.topic === 'waitlist.offered');
    }, 'the offer notification');
    const [holds, notifications] = await Promise.all([cam.cli('holds'), cam.cli('notifications')]);
    expect(holds.stdout).toMatch(/Test Concert .* offered to you\s+€50\.00/);
    expect(notifications.stdout).toContain('Seats for you: Test Concert');
    expect(notifications.stdout).toContain(`→ pay at ${server.url}/shows/${showId} (or see: showtime holds)`);
  });
});
