import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPromos } from '../../src/db/seed/demo-promos.js';
import {
  hasScript,
  keys,
  runCli,
  startCliServer,
  startPipedMenu,
  startTerminalCommand,
  type CliServer,
  type Conversation,
} from './harness.js';

const scriptAvailable = hasScript();

/** Polls until `read` passes: the outbox credits points and writes notifications a moment after a booking. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('terminal client: quotes, promo codes, points, notifications and payments', { timeout: 120_000 }, () => {
  let server: CliServer;
  let showId: string;
  let customer: { email: string; token: string };
  let config: string;
  let convo: Conversation | undefined;
  let bookingId: string;

  const cli = (args: string[], input?: string) => runCli(['--url', server.url, ...args], { configPath: config, input });
  const show = async () => (await server.app.call('GET', `/api/shows/${showId}`)).body;

  beforeAll(async () => {
    server = await startCliServer();
    await seedDemoPromos(server.app.tdb.db);
    // Rows A (premium) and B (regular) of five seats, 25.00 EUR each.
    showId = await server.app.createShow();
    customer = await server.app.register('Commerce Customer');
    config = join(server.dir, 'commerce.json');
    const login = await cli(['login', customer.email, '--password', 'correct horse']);
    expect(login.code).toBe(0);
  });

  afterEach(() => {
    convo?.kill();
    convo = undefined;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('book with an unknown promo code exits 1 with the problem and releases the hold', async () => {
    const r = await cli(['book', showId, '2', '--promo', 'NOPE']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/422 promo_invalid.*code NOPE cannot be used/);
    expect(await show()).toMatchObject({ held: 0, booked: 0 });
  });

  it('book --promo shows the quote, then pays exactly its total', async () => {
    const r = await cli(['book', showId, '2', '--promo', 'welcome10']);
    expect(r.code).toBe(0);
    const quoteAt = r.stdout.indexOf('Price');
    const bookedAt = r.stdout.indexOf('Booked 2 tickets');
    expect(quoteAt).toBeGreaterThanOrEqual(0);
    expect(quoteAt).toBeLessThan(bookedAt);
    expect(r.stdout).toMatch(/Subtotal\s+€50\.00/);
    expect(r.stdout).toMatch(/Promo WELCOME10\s+-€5\.00/);
    expect(r.stdout).toMatch(/To pay\s+€45\.00/);
    expect(r.stdout).toMatch(/Discount\s+-€5\.00/);
    expect(r.stdout).toMatch(/Total\s+€45\.00/);
    bookingId = /Booking\s+(\S+)/.exec(r.stdout.slice(bookedAt))![1]!;
    const booking = await server.app.call('GET', `/api/bookings/${bookingId}`, { token: customer.token });
    expect(booking.body.total).toEqual({ amount: 4500, currency: 'EUR' });
  });

  it('loyalty shows the points the booking earned, the tier and what each change was for', async () => {
    const loyalty = () => server.app.call('GET', '/api/me/loyalty', { token: customer.token });
    await eventually(loyalty, (r) => r.body.pendingPoints === 45);
    // The points count once the booking can no longer be refunded: as if that time had come.
    await server.app.tdb.sql`update loyalty_ledger set available_at = now() where booking_id = ${bookingId}`;
    await eventually(loyalty, (r) => r.body.points === 45);
    const r = await cli(['loyalty']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Points\s+45 /);
    expect(r.stdout).toMatch(/Tier\s+Bronze/);
    expect(r.stdout).toMatch(/Next tier\s+Silver in 955 points/);
    expect(r.stdout).toMatch(new RegExp(`\\+45\\s+earned: booking for show ${showId}\\s+${bookingId}`));
  });

  it('notifications lists the confirmation as unread; --read-all marks it read', async () => {
    await eventually(
      () => server.app.call('GET', '/api/me/notifications', { token: customer.token }),
      (r) => r.body.items.some((n: { topic: string }) => n.topic === 'booking.confirmed'),
    );
    const r = await cli(['notifications', '--read-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ unread/);
    expect(r.stdout).toMatch(/● Booking confirmed: Test Concert/);
    expect(r.stderr).toMatch(/Marked \d+ read\./);
    const after = await server.app.call('GET', '/api/me/notifications', { token: customer.token });
    expect(after.body.unread).toBe(0);
    const again = await cli(['notifications', '--unread']);
    expect(again.stdout.trim()).toBe('No notifications.');
  });

  it('book --points all spends the balance; payments lists both with their discounts and the refund', async () => {
    const r = await cli(['book', showId, '1', '--points', 'all', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Points \(45\)\s+-€0\.45/);
    expect(r.stdout).toMatch(/To pay\s+€24\.55/);
    expect((await cli(['cancel', bookingId])).code).toBe(0);

    const list = await cli(['payments']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Test Concert\s+€25\.00\s+-€0\.45 \(45 pts\)\s+€0\.00\s+€24\.55\s+\w+/);
    expect(list.stdout).toMatch(/Test Concert\s+€50\.00\s+-€5\.00 \(WELCOME10\)\s+€0\.00\s+€45\.00\s+\w+\s+€45\.00/);
  });

  it('--points must be a number or all (exit 2)', async () => {
    const r = await cli(['book', showId, '1', '--points', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--points must be a whole number or "all"');
  });

  it('the menu: a bad code is explained, a good one lowers the price paid, then points, notifications and payments', async () => {
    const other = await server.app.register('Menu Shopper');
    const menuConfig = join(server.dir, 'menu-commerce.json');
    expect((await runCli(['--url', server.url, 'login', other.email, '--password', 'correct horse'], { configPath: menuConfig })).code).toBe(0);
    const c = (convo = startPipedMenu(server.url, menuConfig));
    const answer = async (prompt: string, text: string) => {
      await c.expect(prompt);
      c.send(`${text}\n`);
    };
    await answer('Choose 1-11: ', 'Book tickets');
    if ((await c.expect(['? Which show?', '? Show id'])) === '? Which show?') await answer('Choose', 'Enter a show id');
    await answer('? Show id', showId);
    await answer('which seats?', 'Best available');
    await answer('? How many seats?', '2');
    await answer('? Which category?', '1');
    await c.expect('Held:');
    await c.expect('To pay');
    await answer('? Pay €50.00?', 'Apply a promo code');
    await answer('? Promo code (empty for none)', 'BOGUS');
    await c.expect('422 promo_invalid');
    await answer('? Pay €50.00?', 'Apply a promo code');
    await answer('? Promo code (empty for none)', 'welcome10');
    await c.expect('Promo WELCOME10');
    await answer('? Pay €45.00?', 'Pay by card');
    await answer('? Card number', '');
    await c.expect('Booked! Enjoy Test Concert.');
    await c.expect('€45.00');

    const loyalty = () => server.app.call('GET', '/api/me/loyalty', { token: other.token });
    await eventually(loyalty, (r) => r.body.pendingPoints === 45);
    await server.app.tdb.sql`update loyalty_ledger set available_at = now() where user_id = ${other.userId}`;
    await eventually(loyalty, (r) => r.body.points === 45);
    await answer('Choose 1-11: ', 'My points');
    await c.expect('Silver in 955 points');
    await eventually(
      () => server.app.call('GET', '/api/me/notifications', { token: other.token }),
      (r) => r.body.unread > 0,
    );
    await answer('Choose 1-11: ', 'Notifications');
    await c.expect('Booking confirmed: Test Concert');
    await answer('? Mark them all read?', 'y');
    await c.expect('read.');
    await answer('Choose 1-11: ', 'Payments');
    await c.expect('-€5.00 (WELCOME10)');
    await answer('Choose 1-11: ', 'Quit');
    expect(await c.finish()).toBe(0);
    expect((await server.app.call('GET', '/api/me/notifications', { token: other.token })).body.unread).toBe(0);
  });

  it.skipIf(!scriptAvailable)('in a terminal, book asks before paying: no releases the seats, nothing is charged', async () => {
    const before = await show();
    const c = (convo = startTerminalCommand(server.url, config, ['book', showId, '1']));
    await c.expect('To pay');
    await c.expect('Pay €25.00?');
    c.send(`n${keys.enter}`);
    await c.expect('Not paid; the seats were released.');
    expect(await c.finish()).toBe(0);
    expect(await show()).toMatchObject({ held: 0, booked: before.booked });
  });
});
