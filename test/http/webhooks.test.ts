import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../notifications/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../notifications/webhook-receiver.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let receiver: WebhookReceiver;
beforeAll(async () => {
  // The receiver listens on loopback.
  t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'on' });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

async function book(showId: string, token: string) {
  const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } });
  expect(hold.status).toBe(201);
  const paid = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
    token,
    body: { payment: goodCard },
  });
  expect(paid.status).toBe(201);
  return paid.body.bookingId as string;
}

describe('webhooks', () => {
  it('posts signed calls, retries after a failure with backoff, and reports each delivery', async () => {
    const admin = await t.adminToken();
    const created = await t.call('POST', '/api/admin/webhooks', {
      token: admin,
      body: { url: receiver.url, topics: ['booking.confirmed'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: receiver.url, topics: ['booking.confirmed'], active: true });
    expect(created.body.secret).toMatch(/^whsec_/);
    receiver.secret = created.body.secret;
    const webhookId = created.body.webhookId as string;

    const listed = await t.call('GET', '/api/admin/webhooks', { token: admin });
    expect(listed.status).toBe(200);
    const mine = listed.body.webhooks.find((w: any) => w.webhookId === webhookId);
    expect(mine).toMatchObject({ url: receiver.url, active: true });
    expect(mine.secret).toBeUndefined();

    receiver.script = [500];
    const showId = await t.createShow();
    const user = await t.register();
    const bookingId = await book(showId, user.token);

    await eventually(() => receiver.calls.some((c) => c.answered === 200 && c.json.data.bookingId === bookingId), 'the retried call', 30_000);
    const calls = receiver.calls.filter((c) => c.json.data.bookingId === bookingId);
    expect(calls.map((c) => c.answered)).toEqual([500, 200]);
    for (const c of calls) expect(c.verified).toBe(true);
    // The harness's first retry comes after 100-200 ms (equal jitter over 200 ms).
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(90);
    // One message: every attempt carries the same id, in the header and the body.
    expect(new Set(calls.map((c) => c.id)).size).toBe(1);
    expect(calls[1]!.json).toMatchObject({
      id: calls[0]!.id,
      topic: 'booking.confirmed',
      data: { bookingId, showId, userId: user.userId, total: 2500, currency: 'EUR' },
    });
    expect(Date.parse(calls[1]!.json.createdAt)).not.toBeNaN();

    const report = await eventually(async () => {
      const res = await t.call('GET', `/api/admin/webhooks/${webhookId}/deliveries`, { token: admin });
      return res.body.deliveries.find((d: any) => d.deliveryId === calls[0]!.id && d.status === 'sent');
    }, 'the delivery marked sent');
    expect(report).toMatchObject({ topic: 'booking.confirmed', attempts: 2, lastError: null, nextAttemptAt: null });
    expect(report.sentAt).not.toBeNull();

    // Not subscribed: a cancellation is not posted to this webhook.
    expect((await t.call('DELETE', `/api/bookings/${bookingId}`, { token: user.token })).status).toBe(200);
    await eventually(async () => {
      const [row] = await t.tdb.sql`select dispatched_at from outbox where event_key = ${`booking.cancelled:${bookingId}`}`;
      return row?.dispatched_at ? true : undefined;
    }, 'the cancellation dispatched');
    await t.notifier.deliveries.runOnce();
    expect(receiver.calls.filter((c) => c.json.topic === 'booking.cancelled')).toHaveLength(0);
  });

  it('keeps the failure on record while a receiver keeps failing, and gives up after the last attempt', async () => {
    const admin = await t.adminToken();
    const created = await t.call('POST', '/api/admin/webhooks', {
      token: admin,
      body: { url: receiver.url, topics: ['refund.succeeded'] },
    });
    const webhookId = created.body.webhookId as string;
    receiver.secret = created.body.secret;
    receiver.script = Array.from({ length: 100 }, () => 503);
    const user = await t.register();
    await t.tdb.sql`insert into outbox (event_key, topic, user_id, payload)
      values (${`refund.succeeded:test-${webhookId}`}, 'refund.succeeded', ${user.userId},
        ${JSON.stringify({ refundId: 'x', amount: 100, currency: 'EUR' })}::text::jsonb)`;
    t.notifier.wake();

    const failing = await eventually(async () => {
      const res = await t.call('GET', `/api/admin/webhooks/${webhookId}/deliveries`, { token: admin });
      return res.body.deliveries.find((d: any) => d.attempts >= 2);
    }, 'two failed attempts', 30_000);
    expect(failing).toMatchObject({ status: 'pending', lastError: 'HTTP 503', topic: 'refund.succeeded' });
    expect(Date.parse(failing.nextAttemptAt)).toBeGreaterThan(Date.now() - 1000);

    // Past the last attempt (WEBHOOK_MAX_ATTEMPTS) it is given up for good.
    await t.tdb.sql`update deliveries set attempts = ${t.env.WEBHOOK_MAX_ATTEMPTS - 1}, next_attempt_at = now()
      where id = ${failing.deliveryId}`;
    await t.notifier.deliveries.runOnce();
    const res = await t.call('GET', `/api/admin/webhooks/${webhookId}/deliveries`, { token: admin });
    expect(res.body.deliveries[0]).toMatchObject({ status: 'failed', attempts: t.env.WEBHOOK_MAX_ATTEMPTS, nextAttemptAt: null });
    receiver.script = [];
  });

  it('removes a webhook: no more calls, the history stays, the action is audited', async () => {
    const admin = await t.adminToken();
    const created = await t.call('POST', '/api/admin/webhooks', { token: admin, body: { url: receiver.url } });
    expect(created.body.topics).toEqual([]);
    const webhookId = created.body.webhookId as string;
    expect((await t.call('DELETE', `/api/admin/webhooks/${webhookId}`, { token: admin })).status).toBe(204);
    expect((await t.call('DELETE', `/api/admin/webhooks/${webhookId}`, { token: admin })).status).toBe(404);
    const listed = await t.call('GET', '/api/admin/webhooks', { token: admin });
    expect(listed.body.webhooks.map((w: any) => w.webhookId)).not.toContain(webhookId);
    expect((await t.call('GET', `/api/admin/webhooks/${webhookId}/deliveries`, { token: admin })).status).toBe(200);

    const showId = await t.createShow();
    const user = await t.register();
    const bookingId = await book(showId, user.token);
    await eventually(async () => {
      const [row] = await t.tdb.sql`select dispatched_at from outbox where event_key = ${`booking.confirmed:${bookingId}`}`;
      return row?.dispatched_at ? true : undefined;
    }, 'the booking dispatched');
    await t.notifier.deliveries.runOnce();
    const [planned] = await t.tdb.sql`select count(*)::int as n from deliveries where target = ${webhookId}`;
    expect(planned!.n).toBe(0);

    const audit = await t.call('GET', '/api/admin/audit?action=webhook.delete', { token: admin });
    expect(audit.body.entries.some((e: any) => e.targetId === webhookId)).toBe(true);
    const createdAudit = await t.call('GET', '/api/admin/audit?action=webhook.create', { token: admin });
    expect(createdAudit.body.entries.some((e: any) => e.targetId === webhookId)).toBe(true);
  });

  it('is for admins only, and checks its input', async () => {
    const admin = await t.adminToken();
    const user = await t.register();
    expect((await t.call('GET', '/api/admin/webhooks', { token: user.token })).status).toBe(403);
    expect((await t.call('POST', '/api/admin/webhooks', { token: user.token, body: { url: receiver.url } })).status).toBe(403);
    expect((await t.call('POST', '/api/admin/webhooks', { body: { url: receiver.url } })).status).toBe(401);
    for (const body of [{ url: 'ftp://example.com/x' }, { url: 'not a url' }, { url: receiver.url, topics: ['nope'] }, {}]) {
      const res = await t.call('POST', '/api/admin/webhooks', { token: admin, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await t.call('GET', '/api/admin/webhooks/00000000-0000-4000-8000-000000000000/deliveries', { token: admin })).status).toBe(404);
  });
});
