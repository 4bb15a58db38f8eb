// The header's "1 hold · 3:12 left": the customer's live holds and offers, on every page and device,
// linking to the page where they pay or accept.
import { api, getToken, serverNow } from './api.js';
import type { MyHolds } from './api-types.js';
import { byId } from './dom.js';
import { clock, plural } from './format.js';
import { layoutIds } from './element-ids.js';

let ticking: ReturnType<typeof setInterval> | undefined;

function hide(badge: HTMLElement): void {
  clearInterval(ticking);
  badge.hidden = true;
  badge.textContent = '';
}

/** Reads the customer's holds again; the show page calls it when a hold starts or ends. */
export async function refreshHolds(): Promise<void> {
  const badge = byId(layoutIds.holdsBadge);
  if (!(badge instanceof HTMLAnchorElement)) return;
  if (!getToken()) return hide(badge);
  let items: MyHolds['items'];
  try {
    ({ items } = await api<MyHolds>('/api/me/holds'));
  } catch {
    return hide(badge);
  }
  clearInterval(ticking);
  // Soonest deadline first: that is the one to act on.
  const [first] = items;
  if (!first) return hide(badge);
  const offersOnly = items.every((item) => item.status === 'offered');
  const what = offersOnly ? plural(items.length, 'offer') : plural(items.length, 'hold');
  badge.href = first.path;
  badge.dataset.holdId = first.holdId;
  const tick = () => {
    if (first.status === 'paying') {
      badge.textContent = `${what} · paying`;
      return;
    }
    const left = Date.parse(first.expiresAt) - serverNow();
    if (left <= 0) {
      hide(badge);
      // The next deadline, if any, once the server has let this one go.
      setTimeout(refreshHolds, 2000);
      return;
    }
    badge.textContent = `${what} · ${clock(left)} left`;
  };
  tick();
  badge.hidden = false;
  ticking = setInterval(tick, 1000);
}
