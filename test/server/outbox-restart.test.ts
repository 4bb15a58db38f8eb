import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { insertShow, smallLayout } from '../actors/runtime/fixtures.js';
import { findFreePort } from '../../src/net/free-port.js';
import { eventually } from '../notifications/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../notifications/webhook-receiver.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const card = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' };
const mailbox = join(tmpdir(), `showtime-outbox-restart-${randomUUID()}`);

let tdb: TestDatabase;
let receiver: WebhookReceiver;
const children: ChildProcess[] = [];
beforeAll(async () => {
  tdb = await createTestDatabase();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await receiver?.close();
  await tdb?.close();
  await rm(mailbox, { recursive: true, force: true });
});

describe('outbox across a restart', () => {
  it('delivers a fact committed before a crash exactly once: one notification, one email, one webhook call', async () => {
    const showId = await insertShow(tdb.db, {
      layout: smallLayout,
      prices: [
        { category: 'premium', price: 4000 },
        { category: 'regular', price: 2000 },
      ],
    });

    // First process: records facts but delivers nothing, as if it died between commit and dispatch.
    let node = await startNode({ OUTBOX_DISPATCH: 'off', OUTBOX_POLL_MS: '86400000' });
    const admin = await login(node.url);
    const hook = await call(node.url, 'POST', '/api/admin/webhooks', admin, { url: receiver.url, topics: ['booking.confirmed'] });
    expect(hook.status).toBe(201);
    receiver.secret = hook.body.secret;
    const user = await register(node.url);
    // The customer has confirmed the address (before that, only the verification email goes to it).
    await tdb.sql`update users set email_verified_at = now() where role = 'customer'`;
    const hold = await call(node.url, 'POST', `/api/shows/${showId}/holds`, user, { seats: ['A-1', 'A-2'] });
    expect(hold.status).toBe(201);
    const paid = await call(node.url, 'POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, user, { payment: card });
    expect(paid.status).toBe(201);
    const bookingId = paid.body.bookingId as string;
    const eventKey = `booking.confirmed:${bookingId}`;

    // The fact committed with the booking and is still pending.
    const [pending] = await tdb.sql`select id, dispatched_at, user_id, payload from outbox where event_key = ${eventKey}`;
    expect(pending).toBeDefined();
    expect(pending!.dispatched_at).toBeNull();
    expect(pending!.payload).toMatchObject({ bookingId, showId, total: 8000, currency: 'EUR' });
    const outboxId = pending!.id as number;
    expect(await counts(outboxId)).toEqual({ notifications: 0, deliveries: 0 });
    node.child.kill('SIGKILL');
    await new Promise((r) => node.child.once('exit', r));

    // Second process: a normal poll; it picks the fact up and delivers it.
    node = await startNode({ OUTBOX_POLL_MS: '200' });
    await eventually(async () => {
      const [row] = await tdb.sql`select count(*)::int as n from deliveries where outbox_id = ${outboxId} and status = 'sent'`;
      return row!.n === 2 ? true : undefined;
    }, 'both deliveries sent', 60_000);
    const bookingCalls = () => receiver.calls.filter((c) => c.json.data?.bookingId === bookingId);
    const emails = async () => (await readdir(mailbox)).filter((f) => !f.startsWith('.'));

    // Kill the second process too, and start a third: nothing is delivered again.
    node.child.kill('SIGKILL');
    await new Promise((r) => node.child.once('exit', r));
    node = await startNode({ OUTBOX_POLL_MS: '200' });
    // Several poll rounds of the new process.
    await new Promise((r) => setTimeout(r, 1500));

    expect(await counts(outboxId)).toEqual({ notifications: 1, deliveries: 2 });
    const [dispatched] = await tdb.sql`select dispatched_at from outbox where id = ${outboxId}`;
    expect(dispatched!.dispatched_at).not.toBeNull();
    const inbox = await call(node.url, 'GET', '/api/me/notifications', user);
    expect(inbox.body.items.filter((n: any) => n.topic === 'booking.confirmed')).toHaveLength(1);

    const files = await emails();
    expect(files).toHaveLength(1);
    const [email] = await tdb.sql`select id from deliveries where outbox_id = ${outboxId} and channel = 'email'`;
    expect(files[0]).toBe(`${email!.id}.eml`);

    const calls = bookingCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.verified).toBe(true);
    expect(calls[0]!.json).toMatchObject({ topic: 'booking.confirmed', data: { bookingId, showId } });
    node.child.kill('SIGTERM');
  }, 180_000);
});

async function counts(outboxId: number) {
  const [row] = await tdb.sql`select
      (select count(*)::int from notifications where outbox_id = ${outboxId}) as notifications,
      (select count(*)::int from deliveries where outbox_id = ${outboxId}) as deliveries`;
  return { notifications: row!.notifications as number, deliveries: row!.deliveries as number };
}

async function startNode(extra: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: tdb.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The same node id after the restart: a new id would wait out the dead node's lease in the ring.
      NODE_ID: 'outbox-restart-node',
      SEED: 'none',
      LOG_LEVEL: 'warn',
      RATE_LIMIT: 'off',
      // The receiver is local.
      WEBHOOK_ALLOW_PRIVATE: 'on',
      MAILBOX_DIR: mailbox,
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/healthz`).catch(() => null))?.status === 200, 'the server', 60_000);
  return { url, child };
}

async function login(url: string): Promise<string> {
  const res = await call(url, 'POST', '/api/auth/login', undefined, { email: 'admin@example.com', password: 'admin-password' });
  expect(res.status).toBe(200);
  return res.body.token;
}

async function register(url: string): Promise<string> {
  const res = await call(url, 'POST', '/api/auth/register', undefined, {
    email: `outbox-${randomUUID()}@example.com`,
    password: 'outbox-password-1',
    name: 'Outbox Tester',
  });
  expect(res.status).toBe(201);
  return res.body.token;
}

async function call(url: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
