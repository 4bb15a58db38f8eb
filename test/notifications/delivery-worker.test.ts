import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../../src/notifications/delivery-worker.js';
import type { EmailPayload, SendResult } from '../../src/notifications/delivery-types.js';
import type { Mailer } from '../../src/notifications/email/mailer.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const log = pino({ level: 'silent' });
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

/** A mailer that counts what it was asked to send, taking `delayMs` per message. */
function countingMailer(delayMs: number, result: () => SendResult = () => ({ ok: true })) {
  const sent = new Map<string, number>();
  const mailer: Mailer = {
    async send(deliveryId: string, _email: EmailPayload) {
      sent.set(deliveryId, (sent.get(deliveryId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, delayMs));
      return result();
    },
    close() {},
  };
  return { mailer, sent };
}

async function insertEmails(n: number): Promise<string[]> {
  const outboxId = Math.floor(Math.random() * 1e9);
  const ids = Array.from({ length: n }, () => randomUUID());
  const payload = { to: 'x@example.com', toName: 'X', subject: 's', text: 't', topic: 'booking.confirmed' };
  await tdb.sql`insert into deliveries (id, outbox_id, channel, target, payload)
    select id, ${outboxId}, 'email', 'to-' || id, ${JSON.stringify(payload)}::text::jsonb
    from jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb) as t(id)`;
  return ids;
}

describe('delivery worker', () => {
  it('two workers never send one delivery twice', async () => {
    const ids = await insertEmails(120);
    const { mailer, sent } = countingMailer(2);
    const opts = { db: tdb.db, log, mailer, pollMs: 1000, maxAttempts: 3, batchSize: 10 };
    const [a, b] = await Promise.all([createDeliveryWorker(opts).runOnce(), createDeliveryWorker(opts).runOnce()]);
    expect(a + b).toBe(120);
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    expect(ids.every((id) => sent.has(id))).toBe(true);
    const [row] = await tdb.sql`select count(*) filter (where status = 'sent')::int as sent, count(*)::int as total
      from deliveries where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb))`;
    expect(row).toEqual({ sent: 120, total: 120 });
  });

  it('a claimed delivery is left alone until its lease runs out, and a late result does not overwrite the next attempt', async () => {
    const [id] = await insertEmails(1);
    let release: () => void = () => {};
    const slowMailer: Mailer = {
      send: () => new Promise<SendResult>((resolve) => (release = () => resolve({ ok: false, error: 'late' }))),
      close() {},
    };
    const slow = createDeliveryWorker({ db: tdb.db, log, mailer: slowMailer, pollMs: 1000, maxAttempts: 5, leaseMs: 1000 });
    const stuck = slow.runOnce();
    await new Promise((r) => setTimeout(r, 200));
    const { mailer, sent } = countingMailer(0);
    const fast = createDeliveryWorker({ db: tdb.db, log, mailer, pollMs: 1000, maxAttempts: 5 });
    expect(await fast.runOnce()).toBe(0);

    // The slow worker's lease lapses; the next worker takes the delivery over and sends it.
    await new Promise((r) => setTimeout(r, 1200));
    expect(await fast.runOnce()).toBe(1);
    expect(sent.get(id!)).toBe(1);
    release();
    await stuck;
    const [row] = await tdb.sql`select status, attempts, last_error from deliveries where id = ${id!}`;
    expect(row).toEqual({ status: 'sent', attempts: 2, last_error: null });
  });

  it('retries a failure after a backoff, and gives up after the last attempt', async () => {
    const [id] = await insertEmails(1);
    const { mailer, sent } = countingMailer(0, () => ({ ok: false, error: 'smtp: 451 try later' }));
    const worker = createDeliveryWorker({ db: tdb.db, log, mailer, pollMs: 1000, maxAttempts: 2, retryBaseMs: 60_000 });
    expect(await worker.runOnce()).toBe(1);
    let [row] = await tdb.sql`select status, attempts, last_error, next_attempt_at > now() + interval '25 seconds' as later
      from deliveries where id = ${id!}`;
    expect(row).toEqual({ status: 'pending', attempts: 1, last_error: 'smtp: 451 try later', later: true });
    // Not due yet: nothing is sent.
    expect(await worker.runOnce()).toBe(0);

    await tdb.sql`update deliveries set next_attempt_at = now() where id = ${id!}`;
    expect(await worker.runOnce()).toBe(1);
    [row] = await tdb.sql`select status, attempts from deliveries where id = ${id!}`;
    expect(row).toEqual({ status: 'failed', attempts: 2 });
    await tdb.sql`update deliveries set next_attempt_at = now() where id = ${id!}`;
    expect(await worker.runOnce()).toBe(0);
    expect(sent.get(id!)).toBe(2);
  });
});
