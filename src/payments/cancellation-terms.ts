import type { Executor } from '../db/client.js';
import type { BookingRow } from '../db/schema/index.js';
import { defaultCancellationPolicy, refundTerms, type RefundTerms } from '../policies/cancellation.js';
import { getBooking, getShowTerms, hasAdmittedTicket } from './ledger.js';

export interface CancellationRequest {
  bookingId: string;
  userId: string;
  asAdmin: boolean;
}

export type CancellationTerms =
  | { ok: true; booking: BookingRow; terms: Extract<RefundTerms, { ok: true }> }
  | {
      ok: false;
      code: 'not_found' | 'cancellation_window_closed' | 'already_cancelled' | 'ticket_admitted';
      detail?: string;
    };

/**
 * Whether a booking can be cancelled at `now` and what that refunds. The cancellation decides with
 * this and the quote shows it, so the amount quoted is the amount refunded at the same moment.
 */
export async function cancellationTerms(
  db: Executor,
  request: CancellationRequest,
  now: number,
): Promise<CancellationTerms> {
  const booking = await getBooking(db, request.bookingId);
  // Someone else's booking looks exactly like a missing one, so ids cannot be probed.
  if (!booking || (!request.asAdmin && booking.userId !== request.userId)) return { ok: false, code: 'not_found' };
  if (booking.status === 'cancelled') return { ok: false, code: 'already_cancelled' };
  // Someone was let in on this booking: its seats have been used and cannot be refunded.
  if (await hasAdmittedTicket(db, booking.id)) return { ok: false, code: 'ticket_admitted' };
  const show = await getShowTerms(db, booking.showId);
  if (!show) return { ok: false, code: 'not_found' };
  const terms = refundTerms({
    policy: show.cancellationPolicy ?? defaultCancellationPolicy,
    startsAt: show.startsAt.getTime(),
    now,
    total: booking.total,
  });
  if (!terms.ok) return { ok: false, code: terms.code, detail: terms.detail };
  return { ok: true, booking, terms };
}
