import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';
import { startTestApp, type TestApp } from '../http/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SITE_URL: 'https://tickets.example/' });
});
afterAll(async () => {
  await t?.close();
});

/** Records a fact for a verified customer as the show storage does, and returns the text of its email. */
async function emailOf(topic: string, payload: Record<string, unknown>): Promise<string> {
  const user = await t.register();
  await t.tdb.sql`update users set email_verified_at = now() where id = ${user.userId}`;
  const showId = payload.showId as string;
  const [fact] = await t.tdb.sql`insert into outbox (event_key, topic, user_id, show_id, payload)
    values (${`${topic}:${user.userId}`}, ${topic}, ${user.userId}, ${showId}, ${JSON.stringify(payload)}::jsonb)
    returning id`;
  t.notifier.wake();
  return eventually(async () => {
    const [d] = await t.tdb.sql`select payload->>'text' as text from deliveries where outbox_id = ${fact!.id} and channel = 'email'`;
    return d?.text as string | undefined;
  }, `the ${topic} email`);
}

describe('links in notification emails', () => {
  it('the waitlist offer links the show page where the held seats are paid for', async () => {
    const showId = await t.createShow();
    const text = await emailOf('waitlist.offered', {
      showId,
      holdId: 'h1',
      entryId: 'e1',
      seats: ['A-1'],
      quantity: 1,
      total: 4000,
      currency: 'EUR',
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    });
    expect(text).toContain('Your turn on the waitlist');
    expect(text).toContain(`Pay for your seats here: https://tickets.example/shows/${encodeURIComponent(showId)}\n`);
    // The page it names is the site's show page, which offers the checkout of the customer's hold.
    const page = await t.app.request(`/shows/${encodeURIComponent(showId)}`);
    expect(page.status).toBe(200);
  });

  it('a booking confirmation asks for nothing and carries no such link', async () => {
    const showId = await t.createShow();
    const text = await emailOf('booking.confirmed', { showId, bookingId: 'b1', seats: ['A-1'], total: 4000, currency: 'EUR' });
    expect(text).toContain('You are booked for');
    expect(text).not.toContain('https://tickets.example');
  });
});
