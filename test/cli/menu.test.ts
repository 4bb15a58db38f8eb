import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  hasScript,
  keys,
  startPipedMenu,
  startTerminalMenu,
  startCliServer,
  type CliServer,
  type Conversation,
} from './harness.js';

const scriptAvailable = hasScript();
if (!scriptAvailable) {
  console.warn('util-linux `script` is missing: the pseudo-terminal menu test is skipped (apt-get install bsdutils)');
}

describe('terminal client interactive menu', { timeout: 120_000 }, () => {
  let server: CliServer;
  let showId: string;
  let convo: Conversation | undefined;

  beforeAll(async () => {
    server = await startCliServer();
    // Rows A (premium) and B (regular) of five seats, 25.00 EUR each, a week from now.
    showId = await server.app.createShow();
  });

  afterEach(() => {
    convo?.kill();
    convo = undefined;
  });

  afterAll(async () => {
    await server?.close();
  });

  /**
   * Line mode: stdin is a pipe, so the menu prints numbered choices and reads one answer per line.
   * Registers, picks seats, survives a declined card, books, lists, cancels with a refund, logs out.
   */
  it('a scripted session over a pipe: register, pick seats, declined then paid, cancel with refund, log out', async () => {
    const configPath = join(server.dir, 'piped.json');
    const email = `menu-${randomUUID()}@example.com`;
    const c = (convo = startPipedMenu(server.url, configPath));
    const answer = async (prompt: string, text: string) => {
      await c.expect(prompt);
      c.send(`${text}\n`);
    };

    await c.expect('not logged in');
    await answer('Choose 1-9: ', 'Register');
    await answer('? Email: ', email);
    await answer('? Your name: ', 'Menu Tester');
    await answer('? Password (8 characters or more): ', 'correct horse');
    await c.expect(`registered and logged in as ${email}`);

    await c.expect(`logged in as ${email}`);
    await answer('Choose 1-11: ', '3'); // Book tickets
    if ((await c.expect(['? Which show?', '? Show id'])) === '? Which show?') await answer('Choose', 'Enter a show id');
    await answer('? Show id', showId);
    await answer('which seats?', 'Choose seats');
    await c.expect('A    premium   1-5    ○○○○○');
    await answer('? Seat ids (e.g. A-1 A-2): ', 'Z-9');
    await c.expect('No such seat: Z-9');
    c.send('a-1, A-2\n');
    await c.expect('Held:');
    await c.expect('A-1, A-2');
    await answer('? Pay €50.00?', '1');
    await answer('? Card number (4242424242424242): ', '4000000000000002');
    await c.expect('402 payment_declined');
    await answer('? Pay €50.00?', 'Pay by card');
    await answer('? Card number (4242424242424242): ', '');
    await c.expect('Booked! Enjoy Test Concert.');
    // The booking's id comes on a later line, which may arrive in a later chunk of output.
    const bookingLine = () => /Booking\s+(\S+)\s/.exec(c.transcript.slice(c.transcript.lastIndexOf('Booked! Enjoy')));
    await expect.poll(bookingLine, { timeout: 10_000 }).not.toBeNull();
    const bookingId = bookingLine()![1]!;

    await answer('Choose 1-11: ', 'My bookings');
    await c.expect(`${bookingId}  ${showId}  Test Concert  A-1, A-2`);

    await answer('Choose 1-11: ', '5'); // Cancel a booking
    await c.expect('? Cancel which booking?');
    await answer('Choose 1-2: ', '1');
    await answer('? Cancel it? You get €50.00 back of €50.00 (100 %: until 48 h before the show). After ', 'y');
    await c.expect('Refund   €50.00');

    await answer('Choose 1-11: ', 'Log out');
    await c.expect('Logged out.');
    await c.expect('not logged in');
    await answer('Choose 1-9: ', 'Quit');
    await c.expect('Bye.');
    expect(await c.finish()).toBe(0);
    expect(c.rawOutput).not.toContain('\x1b[');

    const seats = await server.app.call('GET', `/api/shows/${showId}/seats`);
    const status = (id: string) => seats.body.seats.find((s: { seatId: string }) => s.seatId === id)?.status;
    expect([status('A-1'), status('A-2')]).toEqual(['available', 'available']);
    const admin = await server.app.adminToken();
    const booking = await server.app.call('GET', `/api/bookings/${bookingId}`, { token: admin });
    expect(booking.body).toMatchObject({ status: 'cancelled', seats: ['A-1', 'A-2'] });
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({ url: server.url, email });
  });

  it('the end of input leaves the menu quietly with exit code 0', async () => {
    const c = (convo = startPipedMenu(server.url, join(server.dir, 'eof.json')));
    await c.expect('Choose 1-9: ');
    expect(await c.finish()).toBe(0);
    expect(c.transcript).toContain('Bye.');
  });

  /**
   * Terminal mode: util-linux `script` gives the CLI a pseudo-terminal, so the prompt library runs
   * for real and the test presses arrow keys and Enter.
   */
  it.skipIf(!scriptAvailable)('a session in a pseudo-terminal: log in, check seats, book best available with the default card', async () => {
    const customer = await server.app.register('Pty Customer');
    const c = (convo = startTerminalMenu(server.url, join(server.dir, 'pty.json')));
    const choose = async (downs: number, choice: string) => {
      c.send(keys.down.repeat(downs));
      await c.expect(`❯ ${choice}`);
      c.send(keys.enter);
    };
    const type = async (prompt: string, text: string) => {
      await c.expect(prompt);
      c.send(`${text}${keys.enter}`);
    };

    await c.expect('What would you like to do?');
    await c.expect('Quit');
    await choose(7, 'Log in');
    await type('? Email', customer.email);
    await type('? Password', 'correct horse');
    await c.expect(`Logged in as ${customer.email}.`);

    await c.expect('What would you like to do?');
    await c.expect('Quit');
    await choose(1, "Check a show's seats");
    if ((await c.expect(['? Which show?', '? Show id'])) === '? Which show?') {
      // Past the listed shows to the end (the list does not wrap), then one up.
      c.send(keys.down.repeat(60));
      await c.expect('❯ Back');
      c.send(keys.up);
      await c.expect('❯ Enter a show id');
      c.send(keys.enter);
    }
    await type('? Show id', showId);
    await c.expect('10 free, 0 held, 0 booked of 10');
    await c.expect('○○○○○');

    await c.expect('Quit');
    await choose(2, 'Book tickets');
    // The show just looked at is offered first: Enter takes it.
    await c.expect(['? Which show?', '? Show id']);
    c.send(keys.enter);
    await c.expect('which seats?');
    c.send(keys.enter); // Best available
    await c.expect('? How many seats?');
    c.send(keys.enter); // the default, 2
    await c.expect('? Which category?');
    c.send(keys.enter); // Any
    await c.expect('Held:');
    await c.expect('? Pay €50.00?');
    c.send(keys.enter); // Pay by card
    await c.expect('? Card number');
    c.send(keys.enter); // the test card
    await c.expect('Booked! Enjoy Test Concert.');

    await c.expect('Quit');
    await choose(10, 'Quit');
    await c.expect('Bye.');
    expect(await c.finish()).toBe(0);
    // A terminal gets colour; the pipe test above checks that a pipe does not.
    expect(c.rawOutput).toMatch(/\x1b\[3\dm/);

    const bookings = await server.app.call('GET', '/api/me/bookings', { token: customer.token });
    expect(bookings.body.items).toHaveLength(1);
    expect(bookings.body.items[0]).toMatchObject({ status: 'confirmed', quantity: 2, showId });
  });
});
