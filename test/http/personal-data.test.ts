import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './commerce-fixtures.js';
import { book } from './fixtures.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 90_000);
afterAll(async () => {
  await t?.close();
});

async function eventOf(showId: string): Promise<string> {
  const [row] = await t.tdb.sql<{ event_id: string }[]>`select event_id from shows where id = ${showId}`;
  return row!.event_id;
}

/** Bookings are only possible for future shows, so a past show is made by moving a booked one back. */
async function moveToPast(showId: string): Promise<void> {
  await t.tdb.sql`update shows set starts_at = now() - interval '1 day', ends_at = now() - interval '22 hours'
    where id = ${showId}`;
}

/** A customer who saw a show (booked, reviewed), asked support something and has notifications. */
async function customerWithHistory(name: string) {
  const customer = await t.register(name);
  const showId = await t.createShow();
  const booking = await book(t, customer.token, showId, { seats: ['A-1', 'A-2'] });
  await moveToPast(showId);
  const eventId = await eventOf(showId);
  const review = await t.call('POST', `/api/events/${eventId}/reviews`, {
    token: customer.token,
    body: { rating: 5, text: 'Loved it' },
  });
  expect(review.status).toBe(201);
  const question = await t.call('POST', '/api/support', {
    token: customer.token,
    body: { subject: 'Parking', message: `Where do I park? ${name}` },
  });
  expect(question.status).toBe(201);
  await eventually(async () => {
    const inbox = await t.call('GET', '/api/me/notifications', { token: customer.token });
    return inbox.body.items.length > 0 ? true : undefined;
  });
  return { ...customer, showId, eventId, bookingId: booking.bookingId as string, paymentId: booking.paymentId };
}

describe('GET /api/me/export', () => {
  it('returns everything held about the caller as one JSON document, without card data', async () => {
    const ada = await customerWithHistory('Ada Export');
    const other = await customerWithHistory('Someone Else');

    const res = await t.app.request('/api/me/export', { headers: { authorization: `Bearer ${ada.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const doc = (await res.json()) as any;
    expect(doc.account).toMatchObject({ userId: ada.userId, email: ada.email, name: 'Ada Export', role: 'customer' });
    expect(doc.bookings).toEqual([
      expect.objectContaining({
        bookingId: ada.bookingId,
        status: 'confirmed',
        seats: ['A-1', 'A-2'],
        eventTitle: 'Test Concert',
        total: 5000,
        currency: 'EUR',
        tickets: [
          expect.objectContaining({ seatId: 'A-1', admittedAt: null }),
          expect.objectContaining({ seatId: 'A-2', admittedAt: null }),
        ],
      }),
    ]);
    expect(doc.payments).toEqual([
      expect.objectContaining({
        bookingId: ada.bookingId,
        amount: 5000,
        method: 'card',
        status: 'captured',
        refunds: [],
      }),
    ]);
    expect(doc.holds).toEqual([expect.objectContaining({ status: 'confirmed', seats: ['A-1', 'A-2'] })]);
    expect(doc.points.balance).toBe(doc.points.entries.reduce((s: number, e: { delta: number }) => s + e.delta, 0));
    expect(doc.notifications.length).toBeGreaterThan(0);
    expect(doc.reviews).toEqual([expect.objectContaining({ eventId: ada.eventId, rating: 5, text: 'Loved it' })]);
    expect(doc.support).toEqual([
      expect.objectContaining({ subject: 'Parking', message: 'Where do I park? Ada Export', status: 'open' }),
    ]);
    expect(doc.apiKeys).toEqual([]);

    const text = JSON.stringify(doc);
    // Nothing of the card, and nothing of anyone else.
    expect(text).not.toContain(goodCard.cardNumber);
    expect(text).not.toContain('4242');
    expect(text).not.toMatch(/cvc|expiry|cardNumber|passwordHash|gatewayRef/i);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(other.bookingId);
    expect(text).not.toContain('Someone Else');
  });

  it('is for signed-in users, and in the OpenAPI document', async () => {
    expect((await t.call('GET', '/api/me/export')).status).toBe(401);
    const doc = await t.call('GET', '/openapi.json');
    expect(doc.body.paths['/api/me/export'].get).toBeDefined();
    expect(doc.body.paths['/api/me'].delete).toBeDefined();
    expect(doc.body.components.schemas.PersonalDataExport).toBeDefined();
  });
});

describe('DELETE /api/me', () => {
  const erase = (token: string, password = 'correct horse') =>
    t.call('DELETE', '/api/me', { token, body: { password } });

  it('erases the person and keeps bookings and payments under a pseudonym; reviews become anonymous', async () => {
    const ada = await customerWithHistory('Ada Erased');
    const elsewhere = await t.call('POST', '/api/auth/login', {
      body: { email: ada.email, password: 'correct horse' },
    });
    expect((await t.call('GET', '/api/me', { token: elsewhere.body.token })).status).toBe(200);
    const res = await erase(ada.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erased: true, userId: ada.userId });

    // Every trace of the person: the account, their questions, notifications and pending emails.
    const [account] = await t.tdb.sql<{ email: string; name: string; password_hash: string }[]>`
      select email, name, password_hash from users where id = ${ada.userId}`;
    expect(account!.email).not.toContain(ada.email);
    expect(account!.email).toMatch(/\.invalid$/);
    expect(account!.name).toBe('Anonymous');
    const remaining = await t.tdb.sql<{ n: number }[]>`
      select (select count(*) from support_questions where user_id = ${ada.userId})
           + (select count(*) from notifications where user_id = ${ada.userId})
           + (select count(*) from deliveries where target = ${ada.email})
           + (select count(*) from refresh_tokens where user_id = ${ada.userId})
           + (select count(*) from idempotency_keys where user_id = ${ada.userId})
           + (select count(*) from outbox where payload::text like ${`%${ada.email}%`}) as n`;
    expect(Number(remaining[0]!.n)).toBe(0);
    expect(JSON.stringify(await t.tdb.sql`select * from users where id = ${ada.userId}`)).not.toContain('Ada');

    // What accounting needs stays, under the pseudonym.
    const [booking] = await t.tdb.sql<{ user_id: string; total: number; status: string }[]>`
      select user_id, total, status from bookings where id = ${ada.bookingId}`;
    expect(booking).toEqual({ user_id: ada.userId, total: 5000, status: 'confirmed' });
    const [payment] = await t.tdb.sql<{ amount: number; status: string }[]>`
      select amount, status from payments where booking_id = ${ada.bookingId}`;
    expect(payment).toEqual({ amount: 5000, status: 'captured' });

    const reviews = await t.call('GET', `/api/events/${ada.eventId}/reviews`);
    expect(reviews.body.items).toEqual([expect.objectContaining({ userName: 'Anonymous', rating: 5 })]);

    // Signed out everywhere; the address can sign up again, as a new person.
    expect((await t.call('GET', '/api/me', { token: ada.token })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { token: elsewhere.body.token })).status).toBe(401);
    const refresh = await t.call('POST', '/api/auth/refresh', { body: { refreshToken: elsewhere.body.refreshToken } });
    expect(refresh.status).toBe(401);
    const login = await t.call('POST', '/api/auth/login', { body: { email: ada.email, password: 'correct horse' } });
    expect(login.status).toBe(401);
    const again = await t.call('POST', '/api/auth/register', {
      body: { email: ada.email, password: 'correct horse', name: 'Ada Again' },
    });
    expect(again.status).toBe(201);
    expect(again.body.userId).not.toBe(ada.userId);
  });

  it('refuses while a booking is upcoming, says why, and changes nothing; erases once it is cancelled', async () => {
    const bob = await t.register('Bob Upcoming');
    const showId = await t.createShow();
    const { bookingId } = await book(t, bob.token, showId, { seats: ['B-1'] });

    const refused = await erase(bob.token);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('upcoming_bookings');
    expect(refused.body.detail).toMatch(/cancel/i);
    expect(refused.body.upcomingBookings).toEqual([expect.objectContaining({ bookingId, showId })]);
    expect((await t.call('GET', '/api/me', { token: bob.token })).body.name).toBe('Bob Upcoming');

    expect((await t.call('DELETE', `/api/bookings/${bookingId}`, { token: bob.token })).status).toBe(200);
    expect((await erase(bob.token)).status).toBe(200);
  });

  it('wants the password, is limited, and is not for admins', async () => {
    const cat = await t.register('Cat Careful');
    for (let i = 0; i < 5; i++) {
      const wrong = await erase(cat.token, 'wrong password');
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('invalid_credentials');
    }
    const blocked = await erase(cat.token);
    expect(blocked.status).toBe(429);
    expect((await t.call('GET', '/api/me', { token: cat.token })).body.name).toBe('Cat Careful');
    expect((await t.call('DELETE', '/api/me', { token: cat.token, body: {} })).status).toBe(400);
    expect((await t.call('DELETE', '/api/me', { body: { password: 'x' } })).status).toBe(401);

    const admin = await t.adminToken();
    const refused = await erase(admin, t.env.ADMIN_PASSWORD);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('admin_account');
  });
});
