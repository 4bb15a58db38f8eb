// The hold panel: the seats held for this customer, the countdown, checkout and release.
import type { z } from '@hono/zod-openapi';
import type { HoldView } from '../../../../schemas/holds.js';
import type { Booking, MyHolds } from '../api-types.js';
import { api, ApiProblem, getToken, newIdempotencyKey } from '../api.js';
import { startCountdown } from '../countdown.js';
import { showIds } from '../element-ids.js';
import { element } from '../elements.js';
import { refreshHolds } from '../holds-badge.js';
import { announce, fieldError, fill, h } from '../dom.js';
import { money } from '../format.js';
import { problemMessage } from '../problems.js';
import { createQuotePanel } from './quote.js';

export type Hold = z.infer<typeof HoldView>;
/** What the panel shows of a hold: the hold itself, or the account's copy of it (GET /api/me/holds). */
export type ShownHold = Pick<Hold, 'holdId' | 'seats' | 'quantity' | 'section' | 'expiresAt' | 'total'>;

const storageKey = (showId: string) => `showtime.hold.${showId}`;
// Confirm refused the promo, the points or the total the customer saw: nothing was charged.
const termsRefused = new Set(['quote_changed', 'promo_invalid', 'promo_exhausted', 'insufficient_points']);

export interface HoldPanelOptions {
  showId: string;
  describeSeat(seatId: string): string;
  onChange(hold: ShownHold | null, message?: string): void;
}

export interface HoldPanel {
  show(next: ShownHold, options?: { focus?: boolean }): void;
  clear(message: string): void;
  restore(): Promise<void>;
  current(): ShownHold | null;
}

/**
 * `describeSeat(seatId)` names a seat for people; `onChange(hold | null)` tells the page when the
 * customer's hold starts or ends. A hold survives a reload through localStorage.
 */
export function createHoldPanel({ showId, describeSeat, onChange }: HoldPanelOptions): HoldPanel {
  const panel = element(showIds.holdPanel);
  const form = element(showIds.checkoutForm, HTMLFormElement);
  const payButton = element(showIds.payButton, HTMLButtonElement);
  const error = element(showIds.checkoutError);
  const cardNumber = element(showIds.cardNumber, HTMLInputElement);
  const expiry = element(showIds.cardExpiry, HTMLInputElement);
  const cvc = element(showIds.cardCvc, HTMLInputElement);
  let hold: ShownHold | null = null;
  let stopCountdown = () => {};
  const payLabel = () => {
    const total = quotes.current()?.total ?? hold?.total;
    return total ? `Pay ${money(total)}` : 'Pay';
  };
  const quotes = createQuotePanel({
    showId,
    onQuote: () => {
      if (hold && !payButton.dataset.busy) payButton.textContent = payLabel();
    },
  });
  const holdPath = (holdId: string) => `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(holdId)}`;

  function clear(message?: string) {
    stopCountdown();
    quotes.stop();
    hold = null;
    localStorage.removeItem(storageKey(showId));
    panel.hidden = true;
    error.textContent = '';
    onChange(null, message);
    refreshHolds();
  }

  function show(next: ShownHold, { focus = true } = {}) {
    stopCountdown();
    hold = next;
    localStorage.setItem(storageKey(showId), next.holdId);
    const names =
      next.seats.length > 0
        ? next.seats.map((id) => h('li', {}, describeSeat(id)))
        : [h('li', {}, `${next.quantity} × ${next.section ?? 'standing'} (standing)`)];
    fill(element(showIds.holdSeats), names);
    payButton.textContent = `Pay ${money(next.total)}`;
    payButton.disabled = false;
    error.textContent = '';
    panel.hidden = false;
    stopCountdown = startCountdown({
      timer: element(showIds.holdTimer),
      spoken: element(showIds.holdTimerSpoken),
      expiresAt: next.expiresAt,
      what: 'Your hold',
      onExpire: () => clear('Your hold ran out and the seats went back on sale.'),
    });
    onChange(next);
    refreshHolds();
    if (focus) element(showIds.holdHeading).focus();
    quotes.start(next);
  }

  /** The hold this browser made, if it is still live. */
  async function savedHold(): Promise<Hold | null> {
    const holdId = localStorage.getItem(storageKey(showId));
    if (!holdId) return null;
    try {
      const saved = await api<Hold>(holdPath(holdId));
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
  async function accountHold(): Promise<ShownHold | null> {
    if (!getToken()) return null;
    try {
      const { items } = await api<MyHolds>('/api/me/holds');
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
    const holdId = hold.holdId;
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
      const booking = await api<Booking>(`${holdPath(holdId)}/confirm`, {
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
      const problem = err instanceof ApiProblem ? err : null;
      if (problem?.code === 'hold_expired' || problem?.code === 'hold_not_found') {
        clear(problemMessage(err));
        return;
      }
      if (problem && termsRefused.has(problem.code)) {
        await explainNewPrice(problem);
        return;
      }
      const fields: Record<string, HTMLInputElement> = {
        'payment.cardNumber': cardNumber,
        'payment.expiry': expiry,
        'payment.cvc': cvc,
      };
      for (const fe of problem?.errors ?? []) {
        const field = fe.path === undefined ? undefined : fields[fe.path];
        if (field) fieldError(field, fe.message);
      }
      error.textContent = problemMessage(err);
    }
  });

  /** Nothing was charged: quote again, say what changed, and let the customer pay the new total. */
  async function explainNewPrice(err: ApiProblem) {
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

  element(showIds.releaseHold).addEventListener('click', async () => {
    if (!hold) return;
    try {
      await api(holdPath(hold.holdId), { method: 'DELETE' });
      clear('Seats released.');
      announce('Seats released.');
    } catch (err) {
      const code = err instanceof ApiProblem ? err.code : undefined;
      if (code === 'hold_not_found' || code === 'hold_expired') clear(problemMessage(err));
      else error.textContent = problemMessage(err);
    }
  });

  return { show, clear, restore, current: () => hold };
}
