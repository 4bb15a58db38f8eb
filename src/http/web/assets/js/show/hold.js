// The hold panel: the seats held for this customer, the countdown, checkout and release.
import { api, newIdempotencyKey } from '../api.js';
import { startCountdown } from '../countdown.js';
import { announce, byId, fieldError, fill, h } from '../dom.js';
import { money } from '../format.js';
import { problemMessage } from '../problems.js';

const storageKey = (showId) => `showtime.hold.${showId}`;

/**
 * `describeSeat(seatId)` names a seat for people; `onChange(hold | null)` tells the page when the
 * customer's hold starts or ends. A hold survives a reload through localStorage.
 */
export function createHoldPanel({ showId, describeSeat, onChange }) {
  const panel = byId('hold-panel');
  const form = byId('checkout-form');
  const payButton = byId('pay-button');
  const error = byId('checkout-error');
  const cardNumber = byId('card-number');
  const expiry = byId('card-expiry');
  const cvc = byId('card-cvc');
  let hold = null;
  let stopCountdown = () => {};
  const holdPath = () => `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(hold.holdId)}`;

  function clear(message) {
    stopCountdown();
    hold = null;
    localStorage.removeItem(storageKey(showId));
    panel.hidden = true;
    error.textContent = '';
    onChange(null, message);
  }

  function show(next, { focus = true } = {}) {
    stopCountdown();
    hold = next;
    localStorage.setItem(storageKey(showId), next.holdId);
    const names =
      next.seats.length > 0
        ? next.seats.map((id) => h('li', {}, describeSeat(id)))
        : [h('li', {}, `${next.quantity} × ${next.section ?? 'standing'} (standing)`)];
    fill(byId('hold-seats'), names);
    byId('hold-total').textContent = money(next.total);
    payButton.textContent = `Pay ${money(next.total)}`;
    payButton.disabled = false;
    error.textContent = '';
    panel.hidden = false;
    stopCountdown = startCountdown({
      timer: byId('hold-timer'),
      spoken: byId('hold-timer-spoken'),
      expiresAt: next.expiresAt,
      what: 'Your hold',
      onExpire: () => clear('Your hold ran out and the seats went back on sale.'),
    });
    onChange(next);
    if (focus) byId('hold-heading').focus();
  }

  async function restore() {
    const holdId = localStorage.getItem(storageKey(showId));
    if (!holdId) return;
    try {
      const saved = await api(`/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(holdId)}`);
      const live = (saved.status === 'held' || saved.status === 'paying') && Date.parse(saved.expiresAt) > Date.now();
      if (live) show(saved, { focus: false });
      else localStorage.removeItem(storageKey(showId));
    } catch {
      localStorage.removeItem(storageKey(showId));
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!hold) return;
    for (const input of [cardNumber, expiry, cvc]) fieldError(input, null);
    error.textContent = '';
    payButton.disabled = true;
    payButton.textContent = 'Paying…';
    const payment = {
      method: 'card',
      cardNumber: cardNumber.value,
      expiry: expiry.value.trim(),
      cvc: cvc.value.trim(),
    };
    try {
      const booking = await api(`${holdPath()}/confirm`, {
        method: 'POST',
        body: { payment },
        idempotencyKey: newIdempotencyKey(),
      });
      localStorage.removeItem(storageKey(showId));
      stopCountdown();
      announce('Payment accepted. Opening your tickets.');
      location.assign(`/bookings/${encodeURIComponent(booking.bookingId)}`);
    } catch (err) {
      payButton.disabled = false;
      payButton.textContent = `Pay ${money(hold.total)}`;
      if (err.code === 'hold_expired' || err.code === 'hold_not_found') {
        clear(problemMessage(err));
        return;
      }
      const fields = { 'payment.cardNumber': cardNumber, 'payment.expiry': expiry, 'payment.cvc': cvc };
      for (const fe of err.errors ?? []) if (fields[fe.path]) fieldError(fields[fe.path], fe.message);
      error.textContent = problemMessage(err);
    }
  });

  byId('release-hold').addEventListener('click', async () => {
    if (!hold) return;
    try {
      await api(holdPath(), { method: 'DELETE' });
      clear('Seats released.');
      announce('Seats released.');
    } catch (err) {
      if (err.code === 'hold_not_found' || err.code === 'hold_expired') clear(problemMessage(err));
      else error.textContent = problemMessage(err);
    }
  });

  return { show, clear, restore, current: () => hold };
}
