// The waitlist panel: join, see the place in line move (long polling), and take the offer when it comes.
import { api, getToken } from '../api.js';
import { startCountdown } from '../countdown.js';
import { byId } from '../dom.js';
import { problemMessage } from '../problems.js';

const storageKey = (showId) => `showtime.waitlist.${showId}`;
const WAIT_SECONDS = 25;
const RETRY_MS = 3000;

const endings = {
  fulfilled: 'Your waitlist seats are booked.',
  expired: 'Your place on the waitlist has expired.',
  unsatisfiable: 'Not enough seats are left for your waitlist request any more.',
  cancelled: 'You left the waitlist.',
};

/**
 * `ensureLoggedIn()` sends visitors to log in first; `describeSeat(seatId)` names seats;
 * `onOffer(offer | null)` tells the page when seats are offered (or no longer); `onAccept(hold)` hands an
 * accepted offer to the hold panel for payment.
 */
export function createWaitlist({ showId, ensureLoggedIn, describeSeat, onOffer, onAccept }) {
  const panel = byId('waitlist');
  const form = byId('waitlist-form');
  const entryBox = byId('waitlist-entry');
  const position = byId('waitlist-position');
  const offerBox = byId('waitlist-offer');
  const error = byId('waitlist-error');
  const base = `/api/shows/${encodeURIComponent(showId)}/waitlist`;
  let entryId = null;
  let offer = null;
  let wanted = false;
  let polling = null;
  let stopOfferCountdown = () => {};

  function render() {
    onOffer(offer);
    panel.hidden = !(wanted || entryId);
    form.hidden = Boolean(entryId);
    entryBox.hidden = !entryId || Boolean(offer);
    offerBox.hidden = !offer;
  }

  function forget(message) {
    stopOfferCountdown();
    polling?.abort();
    polling = null;
    entryId = null;
    offer = null;
    localStorage.removeItem(storageKey(showId));
    position.textContent = '';
    if (message) byId('waitlist-note').textContent = message;
    render();
  }

  function showPosition(entry) {
    position.textContent = `You are number ${entry.position} in line for ${entry.quantity} seat${entry.quantity === 1 ? '' : 's'}.`;
  }

  function showOffer(entry) {
    offer = entry.offer;
    const seats = offer.seats.length > 0 ? offer.seats.map(describeSeat).join(', ') : `${entry.quantity} places`;
    byId('offer-text').textContent = `Seats are free for you: ${seats}. Accept to pay for them before the offer ends.`;
    stopOfferCountdown();
    stopOfferCountdown = startCountdown({
      timer: byId('offer-timer'),
      spoken: byId('offer-timer-spoken'),
      expiresAt: offer.expiresAt,
      what: 'Your waitlist offer',
      onExpire: () => {
        offer = null;
        render();
        // One more look tells whether the entry ended or the wait goes on.
        poll(entryId);
      },
    });
    render();
    byId('offer-accept').focus();
  }

  function apply(entry) {
    if (entry.status === 'waiting') {
      showPosition(entry);
      offer = null;
      render();
      return true;
    }
    if (entry.status === 'offered' && entry.offer) {
      showOffer(entry);
      return false;
    }
    forget(endings[entry.status] ?? 'Your waitlist entry ended.');
    return false;
  }

  /** Long polls the entry while it is waiting; a fresh call replaces any poll in flight. */
  async function poll(id) {
    polling?.abort();
    const controller = new AbortController();
    polling = controller;
    let waitSeconds = 0;
    while (entryId === id && !controller.signal.aborted) {
      try {
        const entry = await api(`${base}/${encodeURIComponent(id)}?waitSeconds=${waitSeconds}`, {
          signal: controller.signal,
        });
        if (entryId !== id || controller.signal.aborted) return;
        if (!apply(entry)) return;
        waitSeconds = WAIT_SECONDS;
      } catch (err) {
        if (err.name === 'AbortError' || controller.signal.aborted) return;
        if (err.status === 404 || err.status === 401) {
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
    byId('waitlist-note').textContent = '';
    const quantity = Number(byId('waitlist-quantity').value);
    const category = byId('waitlist-category').value || undefined;
    try {
      const joined = await api(base, { method: 'POST', body: { quantity, category } });
      entryId = joined.entryId;
      localStorage.setItem(storageKey(showId), entryId);
      showPosition({ position: joined.position, quantity });
      render();
      poll(entryId);
    } catch (err) {
      error.textContent = problemMessage(err);
    }
  });

  async function leave(message) {
    const id = entryId;
    if (!id) return;
    try {
      await api(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
    } catch (err) {
      if (err.status !== 404) {
        error.textContent = problemMessage(err);
        return;
      }
    }
    forget(message);
  }

  byId('waitlist-leave').addEventListener('click', () => leave('You left the waitlist.'));
  byId('offer-decline').addEventListener('click', () =>
    leave('You turned the offer down; the seats go to the next person.'),
  );
  byId('offer-accept').addEventListener('click', async () => {
    if (!offer) return;
    try {
      const hold = await api(`/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(offer.holdId)}`);
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
    /** Shows the join form when seats are held or sold (or a hold just failed that way). */
    offerToJoin(show) {
      wanted = show;
      render();
    },
    /** The entry this browser made, else one the customer's account has on this show (another device, the CLI). */
    async restore() {
      let saved = localStorage.getItem(storageKey(showId));
      if (!saved && getToken()) {
        const { items } = await api('/api/me/waitlist').catch(() => ({ items: [] }));
        saved = items.find((item) => item.showId === showId)?.entryId ?? null;
      }
      if (!saved || entryId) return;
      entryId = saved;
      localStorage.setItem(storageKey(showId), saved);
      render();
      poll(saved);
    },
    focus() {
      byId('waitlist-heading').focus();
    },
    active: () => Boolean(entryId),
  };
}
