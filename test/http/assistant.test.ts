import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayStart, zonedInstant, wallClock } from '../../src/assistant/local-time.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import { seedDemo } from '../../src/db/seed/demo.js';
import { goodCard, oneCategoryLayout, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
const BERLIN = 'Europe/Berlin';
const shows = { tonight: '', earlier: '', tomorrow: '', london: '', full: '' };
let tonightAt: Date;

interface Action {
  label: string;
  kind: 'link' | 'command';
  href?: string;
  command?: string;
}

async function ask(message: string, token?: string) {
  const res = await t.call('POST', '/api/assistant', { body: { message }, token });
  expect(res.status).toBe(200);
  return res.body as { reply: string; intent: string; actions: Action[] };
}

const linkedShows = (actions: Action[]) =>
  actions.filter((a) => a.kind === 'link' && a.href?.startsWith('/shows/')).map((a) => a.href!.slice('/shows/'.length));

beforeAll(async () => {
  t = await startTestApp();
  const db = t.tdb.db;
  await seedDemo(db, { now: new Date() });

  // Shows around "tonight in Berlin", on Berlin's clock: the demo's own shows all start tomorrow or later.
  const now = Date.now();
  const today = wallClock(now, BERLIN);
  const evening = Math.max(now, zonedInstant(BERLIN, today.year, today.month, today.day, 17));
  const midnight = localDayStart(now, BERLIN, 1);
  tonightAt = new Date(Math.floor((evening + midnight) / 2));
  const [berlin, london] = await Promise.all([
    createVenue(db, { name: 'Assistant Club', city: 'berlin', halls: [{ name: 'Main', layout: oneCategoryLayout }] }),
    createVenue(db, { name: 'Assistant Pub', city: 'london', halls: [{ name: 'Back', layout: oneCategoryLayout }] }),
  ]);
  const { eventId } = await createEvent(db, { title: 'Late Night Jazz', category: 'concert' });
  const show = async (hallId: string, startsAt: Date, currency = 'EUR') =>
    (await createShow(db, { eventId, hallId, startsAt, prices: { regular: { amount: 2000, currency } } })).showId;
  shows.tonight = await show(berlin.halls[0]!.hallId, tonightAt);
  shows.earlier = await show(berlin.halls[0]!.hallId, new Date(now - 30 * 60_000));
  shows.tomorrow = await show(berlin.halls[0]!.hallId, new Date(midnight + 20 * 3_600_000));
  shows.london = await show(london.halls[0]!.hallId, tonightAt, 'GBP');
  const quiz = await createEvent(db, { title: 'Packed Pub Quiz', category: 'other' });
  shows.full = (
    await createShow(db, {
      eventId: quiz.eventId,
      hallId: london.halls[0]!.hallId,
      startsAt: new Date(midnight + 50 * 3_600_000),
      prices: { regular: { amount: 500, currency: 'GBP' } },
    })
  ).showId;
});

afterAll(async () => {
  await t?.close();
});

describe('POST /api/assistant', () => {
  it("answers what's on in Berlin tonight with Berlin shows starting later today", async () => {
    const answer = await ask("What's on in Berlin tonight?");
    expect(answer.intent).toBe('whats_on');
    expect(answer.reply).toContain('Late Night Jazz');
    const listed = linkedShows(answer.actions);
    expect(listed).toContain(shows.tonight);
    for (const other of [shows.earlier, shows.tomorrow, shows.london]) expect(listed).not.toContain(other);
    const midnight = localDayStart(Date.now(), BERLIN, 1);
    for (const showId of listed) {
      const show = await t.call('GET', `/api/shows/${showId}`);
      expect(show.body.city.name).toBe('Berlin');
      const startsAt = Date.parse(show.body.startsAt);
      expect(startsAt).toBeGreaterThan(Date.now() - 60_000);
      expect(startsAt).toBeLessThan(midnight);
    }
    expect(answer.actions).toContainEqual(expect.objectContaining({ kind: 'link', href: '/?city=berlin' }));
    expect(answer.actions).toContainEqual(
      expect.objectContaining({ kind: 'command', command: 'showtime list --city Berlin' }),
    );
    // Each listed show's line is its link's label, so a client can show one list.
    const items = answer.reply.split('\n').filter((l) => l.startsWith('- '));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(answer.actions).toContainEqual(expect.objectContaining({ kind: 'link', label: item.slice(2) }));
    }
  });

  it('says which cities it knows when asked about another', async () => {
    const answer = await ask("what's on in Tokyo this weekend");
    expect(answer.intent).toBe('whats_on');
    expect(answer.reply).toContain('Berlin, London, Mumbai, Paris');
  });

  it('gives the live seats left for concert_2025: 100 at first, fewer after a hold', async () => {
    const before = await ask('seats left for concert_2025');
    expect(before.intent).toBe('seats_left');
    expect(before.reply).toContain('100 of 100 seats left');
    expect(before.reply).toContain('premium: 30 at €89.00');

    expect(before.actions).toContainEqual(
      expect.objectContaining({ kind: 'command', command: 'showtime book concert_2025 2' }),
    );
    const customer = await t.register();
    const placed = await t.call('POST', '/api/shows/concert_2025/holds', {
      token: customer.token,
      body: { quantity: 2 },
    });
    expect(placed.status).toBe(201);

    const after = await ask('How many seats are left for concert_2025?');
    expect(after.reply).toContain('98 of 100 seats left');
  });

  it('finds a show by its title when no id is given', async () => {
    const answer = await ask('any tickets left for late night jazz in London?');
    expect(answer.intent).toBe('seats_left');
    expect(answer.reply).toContain(`Late Night Jazz (${shows.london})`);
    expect(answer.reply).toContain('10 of 10 seats left');
    expect(linkedShows(answer.actions)).toEqual([shows.london]);
  });

  it('explains how to pay, with the test cards', async () => {
    const answer = await ask('how do I pay?');
    expect(answer.intent).toBe('how_to_pay');
    expect(answer.reply).toContain('4242 4242 4242 4242');
    expect(answer.reply).toContain('4000 0000 0000 0002 is declined');
    expect(answer.reply).toContain('register or log in');
    expect(answer.actions).toContainEqual(expect.objectContaining({ kind: 'command', command: 'showtime list' }));
    const forShow = await ask('how do I pay for concert_2025?');
    expect(forShow.actions).toContainEqual(
      expect.objectContaining({ kind: 'command', command: 'showtime book concert_2025 2' }),
    );
  });

  it('explains refunds: the default policy, a named show, and what your own bookings would get back', async () => {
    const general = await ask('can I get a refund?');
    expect(general.intent).toBe('refund_policy');
    expect(general.reply).toContain(
      'a full refund until 2 days before the show, 50% back until 2 hours before the show',
    );
    expect(general.actions).toContainEqual({ label: 'Log in', kind: 'link', href: '/login' });

    const train = await ask('what is the cancellation policy of ice-berlin-munich');
    expect(train.reply).toContain('75% back until the show starts');

    const customer = await t.register('Ada');
    const hold = await t.call('POST', '/api/shows/concert_2025/holds', {
      token: customer.token,
      body: { quantity: 2 },
    });
    const booking = await t.call('POST', `/api/shows/concert_2025/holds/${hold.body.holdId}/confirm`, {
      token: customer.token,
      body: { payment: goodCard },
    });
    expect(booking.status).toBe(201);
    const mine = await ask('can I get a refund?', customer.token);
    expect(mine.reply).toContain('(€178.00): cancelling now refunds €178.00 (100%)');
    expect(mine.actions).toContainEqual({
      label: 'Cancel Classic Night: Beethoven & Brahms and get €178.00 back',
      kind: 'link',
      href: `/bookings/${booking.body.bookingId}`,
    });
    expect(mine.actions).toContainEqual(
      expect.objectContaining({ kind: 'command', command: `showtime cancel ${booking.body.bookingId}` }),
    );
    const cancelled = await t.call('DELETE', `/api/bookings/${booking.body.bookingId}`, { token: customer.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund).toMatchObject({ amount: 17800, currency: 'EUR' });
  });

  it('lists my bookings only with a token, and asks anyone else to log in', async () => {
    const customer = await t.register('Bea');
    const hold = await t.call('POST', `/api/shows/${shows.tonight}/holds`, {
      token: customer.token,
      body: { quantity: 3 },
    });
    await t.call('POST', `/api/shows/${shows.tonight}/holds/${hold.body.holdId}/confirm`, {
      token: customer.token,
      body: { payment: goodCard },
    });
    const mine = await ask('show me my bookings', customer.token);
    expect(mine.intent).toBe('my_bookings');
    expect(mine.reply).toMatch(
      /^Bea, your upcoming booking:\n- .*Late Night Jazz at Assistant Club \(Berlin\), 3 seats/,
    );
    expect(mine.actions).toContainEqual(
      expect.objectContaining({ kind: 'link', href: expect.stringMatching(/^\/bookings\//) }),
    );

    for (const token of [undefined, 'not-a-valid-token']) {
      const anonymous = await ask('show me my bookings', token);
      expect(anonymous.reply).toContain('once you are logged in');
      expect(anonymous.reply).not.toContain('Late Night Jazz');
    }
  });

  it('explains the waitlist, and offers to join it once every seat is taken', async () => {
    const onSale = await ask('how does the waitlist work for concert_2025');
    expect(onSale.intent).toBe('waitlist');
    expect(onSale.reply).toContain('first come, first served');
    expect(onSale.reply).toContain('no need to wait');

    const holder = await t.register();
    const held = await t.call('POST', `/api/shows/${shows.full}/holds`, {
      token: holder.token,
      body: { quantity: 10 },
    });
    expect(held.status).toBe(201);
    const full = await ask(`put me on the waiting list for ${shows.full}`);
    expect(full.reply).toContain('no seat free right now');
    expect(full.actions).toContainEqual({
      label: 'Join the waitlist for Packed Pub Quiz',
      kind: 'link',
      href: `/shows/${shows.full}#waitlist`,
    });
    const waiter = await t.register();
    const joined = await t.call('POST', `/api/shows/${shows.full}/waitlist`, {
      token: waiter.token,
      body: { quantity: 2 },
    });
    expect(joined.status).toBe(202);
    expect((await ask(`waitlist for ${shows.full}`)).reply).toContain('1 waiting so far');
  });

  it('answers gibberish with what it can do', async () => {
    const answer = await ask('blorp zizzle wug');
    expect(answer.intent).toBe('help');
    expect(answer.reply).toContain("I didn't catch that");
    expect(answer.reply).toContain('seats left for concert_2025');
    expect(answer.actions.length).toBeGreaterThan(0);
  });

  it('answers price questions: the cheapest categories of the next shows, with prices and seats left', async () => {
    const answer = await ask('Cheapest tickets for The Last Orbit');
    expect(answer.intent).toBe('prices');
    const lines = answer.reply.split('\n');
    expect(lines[0]).toMatch(
      /^The cheapest tickets for The Last Orbit: \S+ at \S*\d+\.\d\d \(\d+ left\) on The Last Orbit \(/,
    );
    const items = lines.filter((l) => l.startsWith('- '));
    expect(items.length).toBeGreaterThan(1);
    for (const item of items) {
      expect(item).toMatch(/^- The Last Orbit \(/);
      // Every category with its price and seats left, cheapest first.
      const prices = [...item.matchAll(/ \D*(\d+\.\d\d) \((\d+) left\)/g)].map((m) => Number(m[1]));
      expect(prices.length).toBeGreaterThan(1);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      // The same words link to the show, so the site can show one list.
      expect(answer.actions).toContainEqual(
        expect.objectContaining({ kind: 'link', label: item.slice(2), href: expect.stringMatching(/^\/shows\//) }),
      );
    }
    expect(answer.actions).toContainEqual(
      expect.objectContaining({
        kind: 'command',
        command: expect.stringMatching(/^showtime book \S+ 2 --category \S+$/),
      }),
    );

    const one = await ask('how much are seats for concert_2025?');
    expect(one.intent).toBe('prices');
    expect(one.reply).toContain('The cheapest tickets for Classic Night: Beethoven & Brahms: regular at €59.00');
    expect(one.reply).toContain('regular €59.00 (');
    expect(one.reply).toMatch(/regular €59\.00 \(\d+ left\), premium €89\.00 \(\d+ left\)/);

    const which = await ask('what do tickets cost?');
    expect(which.intent).toBe('prices');
    expect(which.reply).toContain('Which show do you mean?');
  });

  it('suggests pages and terminal commands, never raw API calls', async () => {
    const customer = await t.register('Nora Next');
    const questions = [
      "what's on in Berlin tonight",
      'seats left for concert_2025',
      'how do I pay for concert_2025?',
      'can I get a refund?',
      `waitlist for ${shows.full}`,
      'my bookings',
      'cheapest tickets for The Last Orbit',
      'hello',
    ];
    for (const question of questions) {
      const answer = await ask(question, customer.token);
      expect(answer.actions.length).toBeGreaterThan(0);
      for (const action of answer.actions) {
        if (action.kind === 'link') expect(action.href).toMatch(/^\/(?!api\/)/);
        else
          expect(action).toEqual({
            label: action.label,
            kind: 'command',
            command: expect.stringMatching(/^showtime /),
          });
      }
    }
  });

  it('refuses a missing, blank or too long message', async () => {
    for (const body of [{}, { message: '' }, { message: '   ' }, { message: 'x'.repeat(501) }, { message: 42 }]) {
      const res = await t.call('POST', '/api/assistant', { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await t.call('POST', '/api/assistant', { body: { message: 'x'.repeat(500) } })).status).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(doc.body.paths['/api/assistant'].post.responses['200']).toBeDefined();
    expect(doc.body.components.schemas.AssistantAnswer).toBeDefined();
  });
});
