import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, pruneIdempotencyKeys, startIdempotencyPruning } from '../../src/http/idempotency.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

describe('canonical request bodies', () => {
  it('hash equal bodies equally whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('tell different bodies apart, array order included', () => {
    expect(canonicalJson({ seats: ['A-1', 'A-2'] })).not.toBe(canonicalJson({ seats: ['A-2', 'A-1'] }));
    expect(canonicalJson({ quantity: 2 })).not.toBe(canonicalJson({ quantity: '2' }));
  });

  it('treat an absent field and an undefined one alike', () => {
    expect(canonicalJson({ quantity: 2, category: undefined })).toBe(canonicalJson({ quantity: 2 }));
  });
});

describe('stored keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ IDEMPOTENCY_RETENTION_HOURS: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  const sha256 = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

  it('keep nothing derived from card data: the hash covers the payment method only', async () => {
    const showId = await t.createShow();
    const { token, userId } = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1'] } });
    const path = `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`;
    const headers = { 'idempotency-key': 'pay-once' };
    const body = { payment: { ...goodCard, cvc: '987' } };
    const first = await t.call('POST', path, { token, body, headers });
    expect(first.status).toBe(201);

    const [row] = await t.tdb.sql<{ request_hash: string; response: unknown }[]>`
      select request_hash, response from idempotency_keys where user_id = ${userId} and key = 'pay-once'`;
    expect(row!.request_hash).not.toBe(sha256(body));
    expect(row!.request_hash).toBe(sha256({ payment: { method: 'card' } }));
    expect(JSON.stringify(row!.response)).not.toContain(goodCard.cardNumber);
    // So a retry that retypes the card (another CVC) is the same request: it replays the booking.
    const retried = await t.call('POST', path, { token, body: { payment: { ...goodCard, cvc: '123' } }, headers });
    expect(retried.status).toBe(201);
    expect(retried.body.bookingId).toBe(first.body.bookingId);
  });

  it('expire after IDEMPOTENCY_RETENTION_HOURS: an older key is free again, and pruning removes it', async () => {
    const showId = await t.createShow();
    const { token, userId } = await t.register();
    const headers = { 'idempotency-key': 'hold-key' };
    const first = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-2'] }, headers });
    expect(first.status).toBe(201);
    const reused = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-3'] }, headers });
    expect(reused.body.code).toBe('idempotency_key_reused');

    await t.tdb.sql`update idempotency_keys set created_at = now() - interval '3 hours' where user_id = ${userId}`;
    const again = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-3'] }, headers });
    expect(again.status).toBe(201);
    expect(again.body.holdId).not.toBe(first.body.holdId);

    await t.tdb.sql`update idempotency_keys set created_at = now() - interval '3 hours' where user_id = ${userId}`;
    const other = await t.register();
    await t.call('POST', `/api/shows/${showId}/holds`, { token: other.token, body: { seats: ['A-4'] }, headers });
    expect(await pruneIdempotencyKeys(t.tdb.db, new Date(Date.now() - 2 * 3_600_000))).toBe(1);
    const left = await t.tdb.sql<{ user_id: string }[]>`select user_id from idempotency_keys`;
    expect(left.map((r) => r.user_id)).not.toContain(userId);
    expect(left.map((r) => r.user_id)).toContain(other.userId);
  });

  it('are pruned when the server starts pruning, and again on its timer', async () => {
    const { token, userId } = await t.register();
    const showId = await t.createShow();
    const place = (key: string, seat: string) =>
      t.call('POST', `/api/shows/${showId}/holds`, {
        token,
        body: { seats: [seat] },
        headers: { 'idempotency-key': key },
      });
    const keys = async () =>
      (await t.tdb.sql<{ key: string }[]>`select key from idempotency_keys where user_id = ${userId}`).map(
        (r) => r.key,
      );
    await place('old', 'B-1');
    await t.tdb.sql`update idempotency_keys set created_at = now() - interval '3 hours' where user_id = ${userId}`;
    const stop = startIdempotencyPruning({
      db: t.tdb.db,
      retentionMs: 2 * 3_600_000,
      now: () => Date.now(),
      log: { warn: () => {} },
      everyMs: 50,
    });
    try {
      await expect.poll(keys).toEqual([]);
      await place('later', 'B-2');
      await t.tdb.sql`update idempotency_keys set created_at = now() - interval '3 hours' where user_id = ${userId}`;
      await expect.poll(keys).toEqual([]);
    } finally {
      stop();
    }
  });
});
