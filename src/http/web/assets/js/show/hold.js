// The hold panel: the seats held for this customer, the countdown, checkout and release.
import { api, getToken, newIdempotencyKey } from '../api.js';
import { startCountdown } from '../countdown.js';
import { refreshHolds } from '../holds-badge.js';
import { announce, byId, fieldError, fill, h } from '../dom.js';
import { money } from '../format.js';
import { problemMessage } from '../problems.js';
import { createQuotePanel } from './quote.js';

const storageKey = (showId) => `showtime.hold.${showId}`;
// Confirm refused the promo, the points or the total the customer saw: nothing was charged.
const termsRefused = new Set(['quote_changed', 'promo_invalid', 'promo_exhausted', 'insufficient_points']);

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
  const payLabel = () => `Pay ${money(quotes.current()?.total ?? hold.total)}`;
  const quotes = createQuotePanel({
    showId,
    onQuote: () => {
      if (hold && !payButton.dataset.busy) payButton.textContent = payLabel();
    },
  });
  const holdPath = () => `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(hold.holdId)}`;

  function clear(message) {
    stopCountdown();
    quotes.stop();
    hold = null;
    localStorage.removeItem(storageKey(showId));
    panel.hidden = true;
    error.textContent = '';
    onChange(null, message);
    refreshHolds();
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
    refreshHolds();
    if (focus) byId('hold-heading').focus();
    quotes.start(next);
  }

  /** The hold this browser made, if it is still live. */
  async function savedHold() {
    const holdId = localStorage.getItem(storageKey(showId));
    if (!holdId) return null;
    try {
      const saved = await api(`/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(holdId)}`);
      const live = (saved.status === 'held' || saved.status === 'paying') && Date.parse(saved.expiresAt) > Date.now();
      if (live) return saved;
    } catch {
      // Gone or not this account's: looked for below like any other hold.
    }
    localStorage.removeItem(storageKey(showId));
    return null;
  }

  /**
   * A hold the customer's account has on this show, made on another device or with the CLI. An
   * offer is left to the waitlist panel, where the customer accepts it first.
   */
  async function accountHold() {
    if (!getToken()) return null;
    try {
      const { items } = await api('/api/me/holds');
      return items.find((item) => item.showId === showId && item.status !== 'offered') ?? null;
    } catch {
      return null;
    }
  }

  async function restore() {
    const found = (await savedHold()) ?? (await accountHold());
    if (found) show(found, { focus: false });
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!hold) return;
    for (const input of [cardNumber, expiry, cvc]) fieldError(input, null);
    error.textContent = '';
    payButton.disabled = true;
    payButton.dataset.busy = 'true';
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
        body: { payment, ...quotes.confirmTerms() },
        idempotencyKey: newIdempotencyKey(),
      });
      localStorage.removeItem(storageKey(showId));
      stopCountdown();
      announce('Payment accepted. Opening your tickets.');
      location.assign(`/bookings/${encodeURIComponent(booking.bookingId)}`);
    } catch (err) {
      payButton.disabled = false;
      delete payButton.dataset.busy;
      payButton.textContent = payLabel();
      if (err.code === 'hold_expired' || err.code === 'hold_not_found') {
        clear(problemMessage(err));
        return;
      }
      if (termsRefused.has(err.code)) {
        await explainNewPrice(err);
        return;
      }
      const fields = { 'payment.cardNumber': cardNumber, 'payment.expiry': expiry, 'payment.cvc': cvc };
      for (const fe of err.errors ?? []) if (fields[fe.path]) fieldError(fields[fe.path], fe.message);
      error.textContent = problemMessage(err);
    }
  });

  /** Nothing was charged: quote again, say what changed, and let the customer pay the new total. */
  async function explainNewPrice(err) {
    const before = quotes.current()?.total;
    try {
      const fresh = await quotes.recover(err);
      const now = fresh ? money(fresh.total) : null;
      const changed = before && fresh && before.amount !== fresh.total.amount;
      const lead = problemMessage(err).replace(/\.$/, '');
      error.textContent = `${lead}. Nothing was charged.${now ? ` ${changed ? 'The new total is' : 'The total is'} ${now}: check it and pay again.` : ''}`;
    } catch (again) {
      error.textContent = problemMessage(again);
    }
    payButton.textContent = payLabel();
    announce(error.textContent);
  }

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
