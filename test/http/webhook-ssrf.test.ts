import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhook } from '../../src/notifications/webhook-queries.js';
import { isPublicAddress } from '../../src/notifications/webhooks/address-policy.js';
import { sendWebhook } from '../../src/notifications/webhooks/sender.js';
import { eventually } from '../notifications/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../notifications/webhook-receiver.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let receiver: WebhookReceiver;
beforeAll(async () => {
  // WEBHOOK_ALLOW_PRIVATE is off, as in production.
  t = await startTestApp();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

const payload = { topic: 'booking.confirmed' as const, createdAt: new Date().toISOString(), data: {} };

describe('webhook addresses', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '10.0.0.5',
    '172.16.3.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('webhook SSRF', () => {
  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/hook',
    'http://[::1]:8080/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://2130706433/hook',
    'http://user:pass@93.184.215.14/hook',
  ])('refuses to save %s', async (url) => {
    const admin = await t.adminToken();
    const res = await t.call('POST', '/api/admin/webhooks', { token: admin, body: { url } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors[0].path).toBe('url');
    const listed = await t.call('GET', '/api/admin/webhooks', { token: admin });
    expect(listed.body.webhooks.map((w: { url: string }) => w.url)).not.toContain(url);
  });

  it('saves a public address', async () => {
    const admin = await t.adminToken();
    const res = await t.call('POST', '/api/admin/webhooks', {
      token: admin,
      body: { url: 'https://93.184.215.14/hooks/showtime' },
    });
    expect(res.status).toBe(201);
    // Not left active: the tests below count calls.
    expect((await t.call('DELETE', `/api/admin/webhooks/${res.body.webhookId}`, { token: admin })).status).toBe(204);
  });

  it('checks the address again when sending: a name that resolves to loopback is not called', async () => {
    const port = new URL(receiver.url).port;
    const byName = await sendWebhook(
      { url: `http://localhost:${port}/hook`, secret: 'whsec_dGVzdA==' },
      'delivery-1',
      payload,
      Date.now(),
      { allowPrivate: false },
    );
    expect(byName).toMatchObject({ ok: false, error: 'address not allowed' });
    const byAddress = await sendWebhook(
      { url: receiver.url, secret: 'whsec_dGVzdA==' },
      'delivery-2',
      payload,
      Date.now(),
      {
        allowPrivate: false,
      },
    );
    expect(byAddress).toMatchObject({ ok: false, error: 'address not allowed' });
    expect(receiver.calls).toHaveLength(0);
  });

  it('a stored webhook to a private address is not called, and its delivery error names no address', async () => {
    const admin = await t.adminToken();
    // Saved before the check existed (or its name resolved elsewhere then).
    const hook = await createWebhook(t.tdb.db, {
      url: `http://localhost:${new URL(receiver.url).port}/hook`,
      topics: ['refund.succeeded'],
      createdBy: (await t.call('GET', '/api/me', { token: admin })).body.userId,
    });
    await t.tdb.sql`insert into outbox (event_key, topic, payload)
      values (${`refund.succeeded:ssrf-${hook.id}`}, 'refund.succeeded', '{}'::jsonb)`;
    t.notifier.wake();
    const delivery = await eventually(async () => {
      const res = await t.call('GET', `/api/admin/webhooks/${hook.id}/deliveries`, { token: admin });
      return res.body.deliveries.find((d: { attempts: number }) => d.attempts >= 1);
    }, 'a refused attempt');
    expect(delivery.lastError).toBe('address not allowed');
    expect(receiver.calls).toHaveLength(0);

    // A failure recorded before errors were reduced to their kind is not shown as it was.
    await t.tdb
      .sql`update deliveries set last_error = 'connect ECONNREFUSED 10.0.0.7:8080', status = 'failed' where id = ${delivery.deliveryId}`;
    const res = await t.call('GET', `/api/admin/webhooks/${hook.id}/deliveries`, { token: admin });
    const shown = res.body.deliveries.find((d: { deliveryId: string }) => d.deliveryId === delivery.deliveryId);
    expect(shown.lastError).toBe('delivery failed');
  });

  it('tells admins what kind of failure it was, not what the network said', async () => {
    const refused = await sendWebhook(
      { url: 'http://127.0.0.1:9/hook', secret: 'whsec_dGVzdA==' },
      'delivery-3',
      payload,
      Date.now(),
      { allowPrivate: true },
    );
    expect(refused).toMatchObject({ ok: false, error: 'connection failed' });
    if (!refused.ok) expect(refused.detail).toMatch(/ECONNREFUSED/);
    const unknownHost = await sendWebhook(
      { url: 'http://no-such-host.invalid/hook', secret: 'whsec_dGVzdA==' },
      'delivery-4',
      payload,
      Date.now(),
      { allowPrivate: false },
    );
    expect(unknownHost).toMatchObject({ ok: false, error: 'connection failed' });
  });
});
