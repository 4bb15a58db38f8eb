import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecrets } from '../../src/db/schema/users.js';
import { newCustomerBooking } from './fixtures.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
let adminId: string;
beforeAll(async () => {
  t = await startTestApp();
  // The check-in route reads the ticket key from app_secrets; the harness hands it to the runtime directly.
  await t.tdb.db.insert(appSecrets).values({ name: 'ticket_secret', value: 'test-ticket-secret' });
  admin = await t.adminToken();
  adminId = (await t.call('GET', '/api/me', { token: admin })).body.userId;
}, 90_000);
afterAll(async () => {
  await t?.close();
});

const layout = { sections: [{ name: 'Stalls', kind: 'reserved', rows: [{ row: 'A', seats: 4, category: 'regular' }] }] };

async function entriesOf(action: string) {
  const res = await t.call('GET', `/api/admin/audit?action=${action}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.entries as Array<Record<string, unknown>>;
}

describe('admin audit log', () => {
  it('records one entry per venue, event and show created, with the admin, newest first', async () => {
    const venue = await t.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'Audit Hall', city: 'Berlin', halls: [{ name: 'Main', layout }] },
    });
    expect(venue.status).toBe(201);
    const event = await t.call('POST', '/api/admin/events', {
      token: admin,
      body: { title: 'Audited Gig', category: 'concert' },
    });
    expect(event.status).toBe(201);
    const show = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: {
        eventId: event.body.eventId,
        hallId: venue.body.halls[0].hallId,
        startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        prices: { regular: { amount: 2500, currency: 'EUR' } },
      },
    });
    expect(show.status).toBe(201);

    expect(await entriesOf('venue.create')).toEqual([
      expect.objectContaining({
        adminUserId: adminId,
        targetType: 'venue',
        targetId: venue.body.venueId,
        details: { name: 'Audit Hall', city: 'Berlin' },
      }),
    ]);
    expect(await entriesOf('event.create')).toEqual([
      expect.objectContaining({ adminUserId: adminId, targetType: 'event', targetId: event.body.eventId }),
    ]);
    expect(await entriesOf('show.create')).toEqual([
      expect.objectContaining({ adminUserId: adminId, targetType: 'show', targetId: show.body.showId }),
    ]);

    const all = await t.call('GET', '/api/admin/audit', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.entries.slice(0, 3).map((e: { action: string }) => e.action)).toEqual([
      'show.create',
      'event.create',
      'venue.create',
    ]);
    expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: all.body.entries.length });
  });

  it('leaves nothing when the change fails', async () => {
    const before = (await entriesOf('show.create')).length;
    const bad = await t.call('POST', '/api/admin/shows', {
      token: admin,
      body: {
        eventId: 'no-such-event',
        hallId: 'no-such-hall',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        prices: { regular: { amount: 2500, currency: 'EUR' } },
      },
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect((await entriesOf('show.create')).length).toBe(before);
  });

  it('records a check-in once, not the refused second scan', async () => {
    const showId = await t.createShow();
    const owner = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: owner.token, body: { seats: ['A-1'] } });
    expect(hold.status).toBe(201);
    const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token: owner.token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);
    const ticket = paid.body.tickets[0] as { ticketId: string; code: string };

    const scan = () => t.call('POST', '/api/admin/checkin', { token: admin, body: { code: ticket.code, showId } });
    expect((await scan()).status).toBe(200);
    expect((await scan()).status).toBe(409);

    const entries = (await entriesOf('ticket.checkin')).filter((e) => e.targetId === ticket.ticketId);
    expect(entries).toEqual([
      expect.objectContaining({
        adminUserId: adminId,
        targetType: 'ticket',
        details: { bookingId: paid.body.bookingId, showId, seatId: 'A-1' },
      }),
    ]);
  });

  it('records answering a support question', async () => {
    const ada = await t.register();
    const asked = await t.call('POST', '/api/support', { token: ada.token, body: { subject: 'Hi', message: 'Hello?' } });
    const questionId = asked.body.questionId as string;
    await t.call('POST', `/api/admin/support/${questionId}/answer`, { token: admin, body: { answer: 'Hello!' } });
    expect((await entriesOf('support.answer')).filter((e) => e.targetId === questionId)).toEqual([
      expect.objectContaining({ adminUserId: adminId, targetType: 'support_question' }),
    ]);
  });

  it("records an admin cancelling a customer's booking, once, and not a customer cancelling their own", async () => {
    const showId = await t.createShow();
    const ada = await newCustomerBooking(t, showId);
    const cancel = () =>
      t.call('DELETE', `/api/bookings/${ada.bookingId}`, { token: admin, headers: { 'idempotency-key': 'audit-cancel-1' } });
    expect((await cancel()).status).toBe(200);
    expect((await cancel()).status).toBe(200);
    expect((await entriesOf('booking.cancel')).filter((e) => e.targetId === ada.bookingId)).toEqual([
      expect.objectContaining({
        adminUserId: adminId,
        targetType: 'booking',
        details: expect.objectContaining({ customerId: ada.userId, showId }),
      }),
    ]);

    const bob = await newCustomerBooking(t, showId);
    expect((await t.call('DELETE', `/api/bookings/${bob.bookingId}`, { token: bob.token })).status).toBe(200);
    expect((await entriesOf('booking.cancel')).filter((e) => e.targetId === bob.bookingId)).toEqual([]);
  });

  it('is for admins only and validates its page', async () => {
    const ada = await t.register();
    const res = await t.call('GET', '/api/admin/audit', { token: ada.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await t.call('GET', '/api/admin/audit')).status).toBe(401);
    expect((await t.call('GET', '/api/admin/audit?page=0', { token: admin })).status).toBe(400);
  });
});
