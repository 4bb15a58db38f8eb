// Cancelling a booking: ask once more, then show the refund the show's policy gave.
import { api, newIdempotencyKey } from './api.js';
import { announce, fill, h } from './dom.js';
import { money } from './format.js';
import { problemMessage } from './problems.js';

export function refundText(refund) {
  if (!refund) return 'Cancelled.';
  if (refund.amount === 0) return 'Cancelled. No refund under the cancellation policy.';
  const pending = refund.status && refund.status !== 'succeeded' ? ` (${refund.status})` : '';
  return `Cancelled. Refund: ${money(refund)}${pending}.`;
}

/**
 * A "Cancel booking" button that turns into a confirmation; `onCancelled(result)` gets
 * `{bookingId, status, refund}` after the server cancelled it.
 */
export function cancelControl(booking, label, onCancelled) {
  const box = h('div', { class: 'confirm-box' });
  const message = h('p', { class: 'error', role: 'alert' });
  const key = newIdempotencyKey();

  function ask() {
    const yes = h('button', { type: 'button', class: 'danger' }, 'Yes, cancel it');
    const no = h('button', { type: 'button', class: 'secondary' }, 'Keep it');
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const result = await api(`/api/bookings/${encodeURIComponent(booking.bookingId)}`, {
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
    fill(box, h('p', {}, `Cancel ${label}? The refund follows the show’s cancellation policy.`), yes, no, message);
    yes.focus();
  }

  function idle() {
    const button = h('button', { type: 'button', class: 'secondary' }, 'Cancel booking');
    button.addEventListener('click', ask);
    fill(box, button, message);
    return button;
  }

  idle();
  return box;
}
