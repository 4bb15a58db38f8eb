import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { systemClock, type Clock } from '../actors/runtime/types.js';
import type { Executor } from '../db/client.js';
import { gatewayTransactions } from '../db/schema/index.js';
import type {
  ChargeRequest,
  ChargeResult,
  GatewayRecord,
  PaymentGateway,
  PaymentInput,
  RefundRequest,
  RefundResult,
} from './gateway.js';
import { cardExpired, describeMethod, normalizeCardNumber, passesLuhn } from './payment-method.js';

/** Cards with a fixed answer, as documented in API.md. */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
} as const;

type TransactionRow = typeof gatewayTransactions.$inferSelect;
type Decision = { status: 'succeeded' } | { status: 'declined'; reason: string };

/**
 * A gateway that moves no money, for local use and tests. It keeps its ledger in
 * gateway_transactions so that, like a real provider, it remembers every idempotency key across a
 * crash of our process: a repeated key returns the first answer and is never charged twice.
 */
export function createTestGateway(deps: { db: Executor; clock?: Clock }): PaymentGateway {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;

  async function byKey(idempotencyKey: string): Promise<TransactionRow | undefined> {
    const rows = await db
      .select()
      .from(gatewayTransactions)
      .where(eq(gatewayTransactions.idempotencyKey, idempotencyKey))
      .limit(1);
    return rows[0];
  }

  return {
    async charge(req: ChargeRequest): Promise<ChargeResult> {
      const decision = decideCharge(req, clock.now());
      // Insert-or-keep, then read: whoever wrote first under this key decided the answer for everyone.
      await db
        .insert(gatewayTransactions)
        .values({
          id: `ch_${randomUUID()}`,
          idempotencyKey: req.idempotencyKey,
          kind: 'charge',
          amount: req.amount,
          currency: req.currency,
          status: decision.status,
          method: describeMethod(req.method),
          declineReason: decision.status === 'declined' ? decision.reason : null,
        })
        .onConflictDoNothing({ target: gatewayTransactions.idempotencyKey });
      const row = await byKey(req.idempotencyKey);
      if (!row) throw new Error(`gateway transaction ${req.idempotencyKey} vanished`);
      if (row.kind !== 'charge') return { status: 'declined', reason: 'idempotency_key_reused' };
      return row.status === 'succeeded'
        ? { status: 'succeeded', chargeRef: row.id }
        : { status: 'declined', reason: row.declineReason ?? 'declined' };
    },

    async refund(req: RefundRequest): Promise<RefundResult> {
      const row = await db.transaction(async (tx) => {
        const existing = await tx
          .select()
          .from(gatewayTransactions)
          .where(eq(gatewayTransactions.idempotencyKey, req.idempotencyKey))
          .limit(1);
        if (existing[0]) return existing[0];
        // Locking the charge serializes refunds of one charge, so two keys can never over-refund it.
        const charges = await tx
          .select()
          .from(gatewayTransactions)
          .where(and(eq(gatewayTransactions.id, req.chargeRef), eq(gatewayTransactions.kind, 'charge')))
          .for('update');
        const [refunded] = await tx
          .select({ total: sql<number>`coalesce(sum(${gatewayTransactions.amount}), 0)::int` })
          .from(gatewayTransactions)
          .where(
            and(
              eq(gatewayTransactions.chargeRef, req.chargeRef),
              eq(gatewayTransactions.kind, 'refund'),
              eq(gatewayTransactions.status, 'succeeded'),
            ),
          );
        const decision = decideRefund(req, charges[0], refunded?.total ?? 0);
        await tx
          .insert(gatewayTransactions)
          .values({
            id: `re_${randomUUID()}`,
            idempotencyKey: req.idempotencyKey,
            kind: 'refund',
            amount: req.amount,
            currency: req.currency,
            status: decision.status,
            method: charges[0]?.method ?? 'unknown',
            chargeRef: req.chargeRef,
            declineReason: decision.status === 'declined' ? decision.reason : null,
          })
          .onConflictDoNothing({ target: gatewayTransactions.idempotencyKey });
        const written = await tx
          .select()
          .from(gatewayTransactions)
          .where(eq(gatewayTransactions.idempotencyKey, req.idempotencyKey))
          .limit(1);
        return written[0];
      });
      if (!row) throw new Error(`gateway transaction ${req.idempotencyKey} vanished`);
      if (row.kind !== 'refund') return { status: 'failed', reason: 'idempotency_key_reused' };
      return row.status === 'succeeded'
        ? { status: 'succeeded', refundRef: row.id }
        : { status: 'failed', reason: row.declineReason ?? 'failed' };
    },

    async lookup(idempotencyKey: string): Promise<GatewayRecord | null> {
      const row = await byKey(idempotencyKey);
      if (!row) return null;
      return { kind: row.kind, status: row.status, ref: row.id, amount: row.amount };
    },
  };
}

/** The test gateway's rules: fixed test cards, a Luhn check, expiry, and e-mail-shaped PayPal accounts. */
function decideCharge(req: Pick<ChargeRequest, 'amount' | 'currency' | 'method'>, now: number): Decision {
  if (!Number.isSafeInteger(req.amount) || req.amount < 0) return { status: 'declined', reason: 'invalid_amount' };
  if (!/^[A-Z]{3}$/.test(req.currency)) return { status: 'declined', reason: 'invalid_currency' };
  return decideMethod(req.method, now);
}

function decideMethod(method: PaymentInput, now: number): Decision {
  switch (method.method) {
    case 'card': {
      const number = normalizeCardNumber(method.cardNumber);
      if (number === TEST_CARDS.declined) return { status: 'declined', reason: 'card_declined' };
      if (!passesLuhn(number)) return { status: 'declined', reason: 'invalid_card' };
      if (cardExpired(method.expiry, now)) return { status: 'declined', reason: 'expired_card' };
      return { status: 'succeeded' };
    }
    case 'paypal':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(method.account.trim())
        ? { status: 'succeeded' }
        : { status: 'declined', reason: 'invalid_account' };
  }
}

function decideRefund(req: RefundRequest, charge: TransactionRow | undefined, alreadyRefunded: number): Decision {
  if (!charge || charge.status !== 'succeeded') return { status: 'declined', reason: 'unknown_charge' };
  if (charge.currency !== req.currency) return { status: 'declined', reason: 'currency_mismatch' };
  if (!Number.isSafeInteger(req.amount) || req.amount <= 0) return { status: 'declined', reason: 'invalid_amount' };
  if (req.amount > charge.amount - alreadyRefunded) return { status: 'declined', reason: 'amount_exceeds_charge' };
  return { status: 'succeeded' };
}
