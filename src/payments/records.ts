import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { payments, refunds, type PaymentRow } from '../db/schema/index.js';
import type { RefundRow } from './ledger.js';

export interface PaymentRecord {
  payment: PaymentRow;
  refunds: RefundRow[];
}

/** One payment with its refunds, oldest refund first. */
export async function getPaymentRecord(db: Executor, paymentId: string): Promise<PaymentRecord | null> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  if (!payment) return null;
  const rows = await db
    .select()
    .from(refunds)
    .where(eq(refunds.paymentId, paymentId))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  return { payment, refunds: rows };
}

/** A customer's payments with their refunds, newest first. */
export async function listUserPaymentRecords(db: Executor, userId: string, limit: number): Promise<PaymentRecord[]> {
  const rows = await db
    .select()
    .from(payments)
    .where(eq(payments.userId, userId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const refundRows = await db
    .select()
    .from(refunds)
    .where(
      inArray(
        refunds.paymentId,
        rows.map((p) => p.id),
      ),
    )
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  const byPayment = new Map<string, RefundRow[]>();
  for (const r of refundRows) byPayment.set(r.paymentId, [...(byPayment.get(r.paymentId) ?? []), r]);
  return rows.map((payment) => ({ payment, refunds: byPayment.get(payment.id) ?? [] }));
}
