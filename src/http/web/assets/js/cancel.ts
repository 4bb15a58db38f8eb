// Cancelling a booking: say what it refunds, ask once more with that amount, then show the refund given.
import { api, newIdempotencyKey } from './api.js';
import type { Booking, CancellationQuote, CancelledBooking, Money } from './api-types.js';
import { announce, fill, h } from './dom.js';
import { dateTime, money } from './format.js';
import { problemMessage } from './problems.js';

export function refundText(refund: (Money & { status?: string }) | null | undefined): string {
  if (!refund) return 'Cancelled.';
  if (refund.amount === 0) return 'Cancelled. No refund under the cancellation policy.';
  const pending = refund.status && refund.status !== 'succeeded' ? ` (${refund.status})` : '';
  return `Cancelled. Refund: ${money(refund)}${pending}.`;
}

/** "You get €89.00 back of €178.00 (50 %: within 48 h of the show)." and when that changes. */
export function quoteText(quote: CancellationQuote): string {
  const share =
    quote.refund.amount === 0
      ? `You get nothing back of ${money(quote.total)} (${quote.rule.label}).`
      : `You get ${money(quote.refund)} back of ${money(quote.total)} (${quote.rule.label}).`;
  const after = quote.next
    ? ` After ${dateTime(quote.until)}: ${quote.next.label}.`
    : ` Cancelling is possible until ${dateTime(quote.until)}.`;
  return share + after;
}

/**
 * A "Cancel booking" button that turns into a confirmation; `onCancelled(result)` gets
 * `{bookingId, status, refund}` after the server cancelled it.
 */
export function cancelControl(
  booking: Pick<Booking, 'bookingId'>,
  label: string,
  onCancelled: (result: CancelledBooking) => void,
): HTMLDivElement {
  const box = h('div', { class: 'confirm-box' });
  const message = h('p', { class: 'error', role: 'alert' });
  const key = newIdempotencyKey();

  async function ask(): Promise<void> {
    fill(box, h('p', { role: 'status' }, 'Working out your refund…'));
    let quote: CancellationQuote;
    try {
      quote = await api<CancellationQuote>(`/api/bookings/${encodeURIComponent(booking.bookingId)}/cancellation`);
    } catch (err) {
      message.textContent = problemMessage(err);
      idle().focus();
      return;
    }
    const refund = quote.refund.amount > 0 ? `get ${money(quote.refund)} back` : 'get nothing back';
    const yes = h('button', { type: 'button', class: 'danger' }, `Yes, cancel and ${refund}`);
    const no = h('button', { type: 'button', class: 'secondary' }, 'Keep it');
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const result = await api<CancelledBooking>(`/api/bookings/${encodeURIComponent(booking.bookingId)}`, {
          method: 'DELETE',
          idempotencyKey: key,
        });
        const text = refundText(result.refund);
        fill(box, h('p', { class: 'success', role: 'status' }, text));
        announce(text);
        onCancelled(result);
      } catch (err) {
        yes.disabled = false;
        no.disabled = false;
        message.textContent = problemMessage(err);
      }
    });
    no.addEventListener('click', () => idle().focus());
    fill(box, h('p', { class: 'cancel-quote' }, `Cancel ${label}? ${quoteText(quote)}`), yes, no, message);
    yes.focus();
  }

  function idle(): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, 'Cancel booking');
    button.addEventListener('click', () => {
      message.textContent = '';
      ask();
    });
    fill(box, button, message);
    return button;
  }

  idle();
  return box;
}
