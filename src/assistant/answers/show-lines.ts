import type { ShowFacts } from '../../db/queries/show-facts.js';
import { money } from '../../format/money.js';
import { plural } from '../../format/plural.js';
import { showTime } from '../../format/show-time.js';
import { cliCommand } from '../cli-command.js';
import type { AssistantAction } from '../types.js';

/** "Classic Night (concert_2025), Sat 22 Mar, 19:00 at Philharmonie Berlin, Kammersaal (Berlin)" */
export function showHeadline(show: ShowFacts): string {
  return `${show.title} (${show.showId}), ${showTime(show.startsAt, show.timeZone)} at ${show.venue}, ${show.hall} (${show.city.name})`;
}

export type SaleStatus = 'on_sale' | 'all_held' | 'sold_out' | 'not_yet' | 'closed' | 'cancelled';

/** Where a show's sales stand, from its published state, or from its dates before its actor first ran. */
export function saleStatus(show: ShowFacts, now: Date): SaleStatus {
  const state = show.state ?? '';
  if (state.startsWith('cancelled')) return 'cancelled';
  if (state.startsWith('salesClosed') || (show.salesCloseAt && show.salesCloseAt <= now) || show.startsAt <= now) {
    return 'closed';
  }
  if (state.startsWith('scheduled') || (show.state === null && show.salesOpenAt && show.salesOpenAt > now)) {
    return 'not_yet';
  }
  if (show.available > 0) return 'on_sale';
  return show.held > 0 ? 'all_held' : 'sold_out';
}

/** Seats left in words: "100 of 100 seats left (premium: 30 at €89.00; regular: 70 at €59.00)". */
export function availabilityLine(show: ShowFacts, now: Date): string {
  switch (saleStatus(show, now)) {
    case 'cancelled':
      return 'this show is cancelled; every booking is refunded in full';
    case 'closed':
      return 'sales have closed';
    case 'not_yet':
      return show.salesOpenAt
        ? `sales open ${showTime(show.salesOpenAt, show.timeZone)}, with ${show.capacity} seats`
        : `sales have not opened yet (${show.capacity} seats)`;
    case 'sold_out':
      return `sold out (${show.capacity} seats), but seats can come back: join the waitlist`;
    case 'all_held':
      return `no seat free right now: the last ${plural(show.held, 'seat is', 'seats are')} held by others and come back if not paid in time; join the waitlist to be first`;
    case 'on_sale': {
      const prices = show.categories
        .map((c) => `${c.category}: ${c.available} at ${money(c.price, show.currency)}`)
        .join('; ');
      const waiting = show.waitlistLength > 0 ? `, ${plural(show.waitlistLength, 'person', 'people')} waiting` : '';
      return `${show.available} of ${show.capacity} seats left (${prices})${waiting}`;
    }
  }
}

/** What a customer can do next about a show: its seat map, and booking seats or joining its waitlist. */
export function showActions(show: ShowFacts, now: Date, quantity = 2): AssistantAction[] {
  const status = saleStatus(show, now);
  const page = `/shows/${encodeURIComponent(show.showId)}`;
  const actions: AssistantAction[] = [{ label: `Open the seat map of ${show.title}`, kind: 'link', href: page }];
  if (status === 'on_sale' && show.available >= quantity) {
    actions.push({
      label: `Book the ${quantity} best seats in a terminal`,
      kind: 'command',
      command: cliCommand('book', show.showId, quantity),
    });
  }
  if (status === 'sold_out' || status === 'all_held') {
    actions.push({ label: `Join the waitlist for ${show.title}`, kind: 'link', href: `${page}#waitlist` });
  }
  actions.push({ label: 'Seats left, in a terminal', kind: 'command', command: cliCommand('seats', show.showId) });
  return actions;
}
