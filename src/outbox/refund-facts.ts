import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

/**
 * Records `refund.succeeded` in the transaction that marks the refund succeeded, so the customer
 * hears about every refund paid and about none that was not. A zero refund (nothing due under the
 * policy) is not news.
 */
export async function recordRefundSucceeded(
  tx: Executor,
  refund: { id: string; bookingId: string | null; amount: number },
  payment: { userId: string; showId: string; currency: string },
): Promise<void> {
  if (refund.amount <= 0) return;
  const payload = { refundId: refund.id, bookingId: refund.bookingId, amount: refund.amount, currency: payment.currency };
  await tx.execute(sql`insert into outbox (event_key, topic, user_id, show_id, payload)
    values (${`refund.succeeded:${refund.id}`}, 'refund.succeeded', ${payment.userId}, ${payment.showId},
      ${JSON.stringify(payload)}::text::jsonb)
    on conflict (event_key) do nothing`);
}
