import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTicketCode } from '../../src/tickets/ticket-code.js';
import { appSecrets } from '../../src/db/schema/users.js';
import { book } from './fixtures.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  // startServer keeps the runtime's signing key in app_secrets; the harness hands its key to the
  // runtime directly, so it is stored here where the check-in route reads it.
  await t.tdb.db.insert(appSecrets).values({ name: 'ticket_secret', value: 'test-ticket-secret' });
  admin = await t.adminToken();
}, 90_000);
afterAll(async () => {
  await t?.close();
});

interface Ticket {
  ticketId: string;
  seatId: string;
  code: string;
}

async function bookedShow(seats: string[]) {
  const showId = await t.createShow();
  const owner = await t.register();
  const paid = await book(t, owner.token, showId, { seats });
  return { showId, owner, bookingId: paid.bookingId as string, tickets: paid.tickets as Ticket[] };
}

const scan = (code: string, showId: string, token = admin) =>
  t.call('POST', '/api/admin/checkin', { token, body: { code, showId } });

/** `s` with the character at `i` replaced by another one of the same alphabet. */
function changeAt(s: string, i: number): string {
  const c = s[i] === 'A' ? 'B' : 'A';
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe('POST /api/admin/checkin', () => {
  it('admits a ticket once and refuses the second scan with the first admission time', async () => {
    const { showId, bookingId, tickets } = await bookedShow(['A-1', 'A-2']);
    const [first, second] = tickets;

    const admitted = await scan(first!.code, showId);
    expect(admitted.status).toBe(200);
    expect(admitted.body).toEqual({
      ticketId: first!.ticketId,
      bookingId,
      showId,
      seatId: 'A-1',
      admittedAt: expect.any(String),
      status: 'admitted',
    });
    expect(Number.isNaN(Date.parse(admitted.body.admittedAt))).toBe(false);

    const again = await scan(first!.code, showId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_admitted');
    expect(again.body.admittedAt).toBe(admitted.body.admittedAt);

    // The other ticket of the same booking is its own admission.
    const other = await scan(second!.code, showId);
    expect(other.status).toBe(200);
    expect(other.body.seatId).toBe('A-2');
  });

  it('refuses forged codes and codes with one character changed', async () => {
    const { showId, tickets } = await bookedShow(['B-1']);
    const ticket = tickets[0]!;
    const [id, sig] = ticket.code.split('.') as [string, string];

    const forgeries = [
      signTicketCode('some-other-key', { ticketId: ticket.ticketId, showId, seatId: ticket.seatId }),
      signTicketCode('test-ticket-secret', { ticketId: ticket.ticketId, showId, seatId: 'A-1' }),
      `${id}.${'A'.repeat(sig.length)}`,
      `${id}.${sig}.extra`,
      `${id}.${sig}A`,
      `${id}`,
      'nonsense',
      ...[0, Math.floor(sig.length / 2), sig.length - 1].map((i) => `${id}.${changeAt(sig, i)}`),
      ...[0, id.length - 1].map((i) => `${changeAt(id, i)}.${sig}`),
    ];
    for (const code of forgeries) {
      expect(code).not.toBe(ticket.code);
      const res = await scan(code, showId);
      expect(res.status, code).toBe(422);
      expect(res.body.code, code).toBe('invalid_ticket');
    }
    // None of them used up the ticket.
    expect((await scan(ticket.code, showId)).status).toBe(200);
  });

  it('refuses a ticket of a cancelled booking', async () => {
    const { showId, owner, bookingId, tickets } = await bookedShow(['B-2']);
    const cancelled = await t.call('DELETE', `/api/bookings/${bookingId}`, { token: owner.token });
    expect(cancelled.status).toBe(200);
    const res = await scan(tickets[0]!.code, showId);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ticket_cancelled');
  });

  it('is for admins only', async () => {
    const { showId, owner, tickets } = await bookedShow(['B-3']);
    const asCustomer = await scan(tickets[0]!.code, showId, owner.token);
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.body.code).toBe('forbidden');
    const anonymous = await t.call('POST', '/api/admin/checkin', { body: { code: tickets[0]!.code } });
    expect(anonymous.status).toBe(401);
    // Refused scans did not admit it.
    expect((await scan(tickets[0]!.code, showId)).status).toBe(200);
  });

  it('admits exactly one of 20 concurrent scans of one code', async () => {
    const { showId, tickets } = await bookedShow(['B-4']);
    const results = await Promise.all(Array.from({ length: 20 }, () => scan(tickets[0]!.code, showId)));
    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(admitted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.body.code).toBe('already_admitted');
      expect(r.body.admittedAt).toBe(admitted[0]!.body.admittedAt);
    }
  });

  it('rejects a missing code as a validation error', async () => {
    const res = await t.call('POST', '/api/admin/checkin', { token: admin, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it("admits only the door's own shows: another show's genuine ticket is 409 wrong_show", async () => {
    const tonight = await bookedShow(['A-4']);
    const tomorrow = await bookedShow(['A-4']);
    const code = tomorrow.tickets[0]!.code;
    const atTheDoor = await scan(code, tonight.showId);
    expect(atTheDoor.status).toBe(409);
    expect(atTheDoor.body).toMatchObject({ code: 'wrong_show', showId: tomorrow.showId });
    const doorList = (showIds: string[]) =>
      t.call('POST', '/api/admin/checkin', { token: admin, body: { code, showIds } });
    expect((await doorList([tonight.showId, 'some-other-show'])).body.code).toBe('wrong_show');
    // A door must say which shows it admits to.
    const unsaid = await t.call('POST', '/api/admin/checkin', { token: admin, body: { code } });
    expect(unsaid.status).toBe(400);
    expect(unsaid.body.code).toBe('validation_failed');
    // The refusals did not use the ticket up: its own door admits it.
    expect((await doorList([tonight.showId, tomorrow.showId])).status).toBe(200);
  });

  it('refuses to cancel a booking once one of its tickets has been admitted', async () => {
    const { showId, owner, bookingId, tickets } = await bookedShow(['A-5', 'B-5']);
    expect((await scan(tickets[1]!.code, showId)).status).toBe(200);
    for (const token of [owner.token, admin]) {
      const refused = await t.call('DELETE', `/api/bookings/${bookingId}`, { token });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('ticket_admitted');
    }
    const booking = await t.call('GET', `/api/bookings/${bookingId}`, { token: owner.token });
    expect(booking.body.status).toBe('confirmed');
    const [refunds] = await t.tdb.sql<{ n: number }[]>`
      select count(*)::int as n from refunds where booking_id = ${bookingId}`;
    expect(refunds!.n).toBe(0);
    // The other ticket still gets in.
    expect((await scan(tickets[0]!.code, showId)).status).toBe(200);
  });

  it('does not admit a ticket while its booking is being cancelled', async () => {
    const { showId, bookingId, tickets } = await bookedShow(['B-1']);
    await t.tdb.sql`insert into refunds (id, payment_id, booking_id, amount, reason, status)
      select 'cancel-' || id, payment_id, id, total, 'customer_cancelled', 'pending' from bookings where id = ${bookingId}`;
    const res = await scan(tickets[0]!.code, showId);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ticket_cancelled');
    await t.tdb.sql`delete from refunds where booking_id = ${bookingId}`;
    expect((await scan(tickets[0]!.code, showId)).status).toBe(200);
  });
});

describe('GET /api/bookings/:id/qr.png', () => {
  it('serves the booking QR as a PNG to its owner and an admin only', async () => {
    const { owner, bookingId } = await bookedShow(['A-3']);
    const stranger = await t.register();
    const path = `/api/bookings/${bookingId}/qr.png`;
    const get = (token: string) => t.app.request(path, { headers: { authorization: `Bearer ${token}` } });

    const res = await get(owner.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(100);

    expect((await get(await t.adminToken())).status).toBe(200);
    expect((await get(stranger.token)).status).toBe(404);
    expect((await t.app.request(path)).status).toBe(401);
  });
});
