import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { gatewayTransactions } from '../../src/db/schema/index.js';
import { createTestGateway, TEST_CARDS } from '../../src/payments/test-gateway.js';
import { describeMethod, passesLuhn } from '../../src/payments/payment-method.js';
import type { PaymentGateway, PaymentInput } from '../../src/payments/gateway.js';

let tdb: TestDatabase;
let gateway: PaymentGateway;
beforeAll(async () => {
  tdb = await createTestDatabase();
  gateway = createTestGateway({ db: tdb.db });
});
afterAll(async () => {
  await tdb.close();
});

const card = (cardNumber: string): PaymentInput => ({ method: 'card', cardNumber, expiry: '12/34', cvc: '123' });
const charge = (method: PaymentInput, amount = 2500, idempotencyKey = randomUUID()) =>
  gateway.charge({ idempotencyKey, amount, currency: 'EUR', method });

describe('card numbers', () => {
  it('checks the Luhn digit', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242 4242 4242 4242')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('5555555555554444')).toBe(true);
    expect(passesLuhn('12345')).toBe(false);
    expect(passesLuhn('abcd')).toBe(false);
  });

  it('describes a card by its last four digits only', () => {
    expect(describeMethod(card('4242 4242 4242 4242'))).toBe('card ****4242');
  });
});

describe('test gateway', () => {
  it('charges 4242424242424242 and declines 4000000000000002 as card_declined', async () => {
    expect(await charge(card(TEST_CARDS.succeeds))).toMatchObject({
      status: 'succeeded',
      chargeRef: expect.any(String),
    });
    expect(await charge(card(TEST_CARDS.declined))).toEqual({ status: 'declined', reason: 'card_declined' });
  });

  it('declines numbers failing Luhn as invalid_card and accepts any other valid number', async () => {
    expect(await charge(card('4242424242424241'))).toEqual({ status: 'declined', reason: 'invalid_card' });
    expect(await charge(card('5555555555554444'))).toMatchObject({ status: 'succeeded' });
  });

  it('declines a card past its expiry month as expired_card', async () => {
    const midJune2026 = Date.UTC(2026, 5, 15, 12);
    const clocked = createTestGateway({ db: tdb.db, clock: { now: () => midJune2026 } });
    const withExpiry = (expiry: string): PaymentInput => ({
      method: 'card',
      cardNumber: TEST_CARDS.succeeds,
      expiry,
      cvc: '123',
    });
    const chargeAt = (expiry: string) =>
      clocked.charge({ idempotencyKey: randomUUID(), amount: 100, currency: 'EUR', method: withExpiry(expiry) });
    expect(await chargeAt('05/26')).toEqual({ status: 'declined', reason: 'expired_card' });
    expect(await chargeAt('12/2025')).toEqual({ status: 'declined', reason: 'expired_card' });
    expect(await chargeAt('06/26')).toMatchObject({ status: 'succeeded' });
    expect(await chargeAt('01/2027')).toMatchObject({ status: 'succeeded' });
  });

  it('accepts e-mail PayPal accounts and refuses others', async () => {
    expect(await charge({ method: 'paypal', account: 'ada@example.com' })).toMatchObject({ status: 'succeeded' });
    expect(await charge({ method: 'paypal', account: 'not an email' })).toEqual({
      status: 'declined',
      reason: 'invalid_account',
    });
  });

  it('charges once per idempotency key and repeats the first answer', async () => {
    const key = randomUUID();
    const first = await charge(card(TEST_CARDS.succeeds), 4200, key);
    // Even a different card under the same key gets the first answer, and nothing new is recorded.
    const again = await charge(card(TEST_CARDS.declined), 9999, key);
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => charge(card(TEST_CARDS.succeeds), 4200, key)),
    );
    expect(again).toEqual(first);
    for (const c of concurrent) expect(c).toEqual(first);
    const rows = await tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.idempotencyKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'charge', amount: 4200, status: 'succeeded' });
  });

  it('races on a fresh key still produce exactly one transaction', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => charge(card(TEST_CARDS.succeeds), 1000, key)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const rows = await tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.idempotencyKey, key));
    expect(rows).toHaveLength(1);
  });

  it('looks up what it recorded under a key, and null for keys it never saw', async () => {
    const key = randomUUID();
    expect(await gateway.lookup(key)).toBeNull();
    const ok = await charge(card(TEST_CARDS.succeeds), 1500, key);
    expect(await gateway.lookup(key)).toEqual({
      kind: 'charge',
      status: 'succeeded',
      ref: ok.status === 'succeeded' ? ok.chargeRef : 'unreachable',
      amount: 1500,
    });
    const declinedKey = randomUUID();
    await charge(card(TEST_CARDS.declined), 1500, declinedKey);
    expect(await gateway.lookup(declinedKey)).toMatchObject({ kind: 'charge', status: 'declined', amount: 1500 });
  });

  it('never stores a full card number', async () => {
    const key = randomUUID();
    await charge(card('5555 5555 5555 4444'), 100, key);
    const [row] = await tdb.db.select().from(gatewayTransactions).where(eq(gatewayTransactions.idempotencyKey, key));
    expect(JSON.stringify(row)).not.toContain('5555555555554444');
    expect(JSON.stringify(row)).not.toContain('5555 5555');
    expect(row?.method).toBe('card ****4444');
  });

  it('refunds idempotently and never more than was charged', async () => {
    const ok = await charge(card(TEST_CARDS.succeeds), 1000);
    if (ok.status !== 'succeeded') throw new Error('charge failed');
    const refund = (idempotencyKey: string, amount: number) =>
      gateway.refund({ idempotencyKey, chargeRef: ok.chargeRef, amount, currency: 'EUR' });
    const r1 = await refund('r1-' + ok.chargeRef, 600);
    expect(r1).toMatchObject({ status: 'succeeded' });
    expect(await refund('r1-' + ok.chargeRef, 600)).toEqual(r1);
    expect(await refund('r2-' + ok.chargeRef, 500)).toEqual({ status: 'failed', reason: 'amount_exceeds_charge' });
    expect(await refund('r3-' + ok.chargeRef, 400)).toMatchObject({ status: 'succeeded' });
    expect(await gateway.lookup('r1-' + ok.chargeRef)).toMatchObject({
      kind: 'refund',
      status: 'succeeded',
      amount: 600,
    });
  });

  it('serializes concurrent refunds of one charge so they cannot over-refund', async () => {
    const ok = await charge(card(TEST_CARDS.succeeds), 1000);
    if (ok.status !== 'succeeded') throw new Error('charge failed');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        gateway.refund({
          idempotencyKey: `c${i}-${ok.chargeRef}`,
          chargeRef: ok.chargeRef,
          amount: 400,
          currency: 'EUR',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'succeeded')).toHaveLength(2);
  });

  it('refuses refunds of unknown or declined charges and in another currency', async () => {
    expect(
      await gateway.refund({ idempotencyKey: randomUUID(), chargeRef: 'ch_nope', amount: 1, currency: 'EUR' }),
    ).toEqual({
      status: 'failed',
      reason: 'unknown_charge',
    });
    const ok = await charge(card(TEST_CARDS.succeeds), 1000);
    if (ok.status !== 'succeeded') throw new Error('charge failed');
    expect(
      await gateway.refund({ idempotencyKey: randomUUID(), chargeRef: ok.chargeRef, amount: 1, currency: 'GBP' }),
    ).toEqual({
      status: 'failed',
      reason: 'currency_mismatch',
    });
  });
});
