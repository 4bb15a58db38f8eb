// The waitlist panel: join, see the place in line move (long polling), and take the offer when it comes.
import type { z } from '@hono/zod-openapi';
import type { MyWaitlist } from '../../../../schemas/my-holds.js';
import type { WaitlistEntry, WaitlistJoined } from '../../../../schemas/waitlist.js';
import { api, ApiProblem, getToken, isAbort } from '../api.js';
import { startCountdown } from '../countdown.js';
import { showIds } from '../element-ids.js';
import { element } from '../elements.js';
import { problemMessage } from '../problems.js';
import type { Hold } from './hold.js';

type Entry = z.infer<typeof WaitlistEntry>;
type Offer = NonNullable<Entry['offer']>;

const storageKey = (showId: string) => `showtime.waitlist.${showId}`;
const WAIT_SECONDS = 25;
const RETRY_MS = 3000;

const endings: Partial<Record<Entry['status'], string>> = {
  fulfilled: 'Your waitlist seats are booked.',
  expired: 'Your place on the waitlist has expired.',
  unsatisfiable: 'Not enough seats are left for your waitlist request any more.',
  cancelled: 'You left the waitlist.',
};

export interface WaitlistOptions {
  showId: string;
  ensureLoggedIn(): Promise<boolean>;
  describeSeat(seatId: string): string;
  onOffer(offer: Offer | null): void;
  onAccept(hold: Hold): void;
}

export interface WaitlistPanel {
  /** Shows the join form when seats are held or sold (or a hold just failed that way). */
  offerToJoin(show: boolean): void;
  /** The entry this browser made, else one the customer's account has on this show (another device, the CLI). */
  restore(): Promise<void>;
  focus(): void;
  active(): boolean;
}

/**
 * `ensureLoggedIn()` sends visitors to log in first; `describeSeat(seatId)` names seats;
 * `onOffer(offer | null)` tells the page when seats are offered (or no longer); `onAccept(hold)` hands an
 * accepted offer to the hold panel for payment.
 */
export function createWaitlist({
  showId,
  ensureLoggedIn,
  describeSeat,
  onOffer,
  onAccept,
}: WaitlistOptions): WaitlistPanel {
  const panel = element(showIds.waitlist);
  const form = element(showIds.waitlistForm, HTMLFormElement);
  const entryBox = element(showIds.waitlistEntry);
  const position = element(showIds.waitlistPosition);
  const offerBox = element(showIds.waitlistOffer);
  const error = element(showIds.waitlistError);
  const base = `/api/shows/${encodeURIComponent(showId)}/waitlist`;
  let entryId: string | null = null;
  let offer: Offer | null = null;
  let wanted = false;
  let polling: AbortController | null = null;
  let stopOfferCountdown = () => {};

  function render() {
    onOffer(offer);
    panel.hidden = !(wanted || entryId);
    form.hidden = Boolean(entryId);
    entryBox.hidden = !entryId || Boolean(offer);
    offerBox.hidden = !offer;
  }

  function forget(message?: string) {
    stopOfferCountdown();
    polling?.abort();
    polling = null;
    entryId = null;
    offer = null;
    localStorage.removeItem(storageKey(showId));
    position.textContent = '';
    if (message) element(showIds.waitlistNote).textContent = message;
    render();
  }

  function showPosition(entry: Pick<Entry, 'position' | 'quantity'>) {
    position.textContent = `You are number ${entry.position} in line for ${entry.quantity} seat${entry.quantity === 1 ? '' : 's'}.`;
  }

  function showOffer(entry: Entry, made: Offer) {
    offer = made;
    const seats = made.seats.length > 0 ? made.seats.map(describeSeat).join(', ') : `${entry.quantity} places`;
    element(showIds.offerText).textContent =
      `Seats are free for you: ${seats}. Accept to pay for them before the offer ends.`;
    stopOfferCountdown();
    stopOfferCountdown = startCountdown({
      timer: element(showIds.offerTimer),
      spoken: element(showIds.offerTimerSpoken),
      expiresAt: made.expiresAt,
      what: 'Your waitlist offer',
      onExpire: () => {
        offer = null;
        render();
        // One more look tells whether the entry ended or the wait goes on.
        if (entryId) poll(entryId);
      },
    });
    render();
    element(showIds.offerAccept).focus();
  }

  function apply(entry: Entry) {
    if (entry.status === 'waiting') {
      showPosition(entry);
      offer = null;
      render();
      return true;
    }
    if (entry.status === 'offered' && entry.offer) {
      showOffer(entry, entry.offer);
      return false;
    }
    forget(endings[entry.status] ?? 'Your waitlist entry ended.');
    return false;
  }

  /** Long polls the entry while it is waiting; a fresh call replaces any poll in flight. */
  async function poll(id: string) {
    polling?.abort();
    const controller = new AbortController();
    polling = controller;
    let waitSeconds = 0;
    while (entryId === id && !controller.signal.aborted) {
      try {
        const entry = await api<Entry>(`${base}/${encodeURIComponent(id)}?waitSeconds=${waitSeconds}`, {
          signal: controller.signal,
        });
        if (entryId !== id || controller.signal.aborted) return;
        if (!apply(entry)) return;
        waitSeconds = WAIT_SECONDS;
      } catch (err) {
        if (isAbort(err) || controller.signal.aborted) return;
        if (err instanceof ApiProblem && (err.status === 404 || err.status === 401)) {
          forget('Your waitlist entry is gone.');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!(await ensureLoggedIn())) return;
    error.textContent = '';
    element(showIds.waitlistNote).textContent = '';
    const quantity = Number(element(showIds.waitlistQuantity, HTMLSelectElement).value);
    const category = element(showIds.waitlistCategory, HTMLSelectElement).value || undefined;
    try {
      const joined = await api<z.infer<typeof WaitlistJoined>>(base, { method: 'POST', body: { quantity, category } });
      entryId = joined.entryId;
      localStorage.setItem(storageKey(showId), joined.entryId);
      showPosition({ position: joined.position, quantity });
      render();
      poll(joined.entryId);
    } catch (err) {
      error.textContent = problemMessage(err);
    }
  });

  async function leave(message: string) {
    const id = entryId;
    if (!id) return;
    try {
      await api(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
    } catch (err) {
      if (!(err instanceof ApiProblem && err.status === 404)) {
        error.textContent = problemMessage(err);
        return;
      }
    }
    forget(message);
  }

  element(showIds.waitlistLeave).addEventListener('click', () => leave('You left the waitlist.'));
  element(showIds.offerDecline).addEventListener('click', () =>
    leave('You turned the offer down; the seats go to the next person.'),
  );
  element(showIds.offerAccept).addEventListener('click', async () => {
    if (!offer) return;
    try {
      const hold = await api<Hold>(
        `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(offer.holdId)}`,
      );
      stopOfferCountdown();
      polling?.abort();
      entryId = null;
      offer = null;
      localStorage.removeItem(storageKey(showId));
      wanted = false;
      render();
      onAccept(hold);
    } catch (err) {
      error.textContent = problemMessage(err);
    }
  });

  return {
    offerToJoin(show) {
      wanted = show;
      render();
    },
    async restore() {
      let saved = localStorage.getItem(storageKey(showId));
      if (!saved && getToken()) {
        const { items } = await api<z.infer<typeof MyWaitlist>>('/api/me/waitlist').catch(() => ({ items: [] }));
        saved = items.find((item) => item.showId === showId)?.entryId ?? null;
      }
      if (!saved || entryId) return;
      entryId = saved;
      localStorage.setItem(storageKey(showId), saved);
      render();
      poll(saved);
    },
    focus() {
      element(showIds.waitlistHeading).focus();
    },
    active: () => Boolean(entryId),
  };
}
