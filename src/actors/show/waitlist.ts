import { place, type Placement } from './best-available.js';
import type { Draft, SeatStatus } from './draft.js';
import {
  EARMARKED,
  FREE,
  emit,
  gaCount,
  moveGa,
  note,
  putHold,
  seatChar,
  setSeats,
  setWaitlist,
  totalEarmarked,
} from './draft.js';
import { endEntry, findEntry, headOf, removeEntries, replaceEntry } from './entries.js';
import { createHold, freeHold, getHold, holdIdInUse, offerHoldId } from './hold-ops.js';
import { seatsPerCustomer } from './holds.js';
import { seatsHeldBy } from './record-indexes.js';
import type { Phase } from './phase.js';
import type { CategoryPools, Criteria } from './pools.js';
import { couldEverFit, poolsFor, reservedCount, resolveCriteria, sectionMatches, seatMatches } from './pools.js';
import type { GaPart, ShowEvent, WaitlistEntry, WaitlistRejectCode } from './types.js';
import { placedSeats } from './views.js';

export function entryCriteria(d: Draft, entry: WaitlistEntry): Criteria {
  return {
    category: entry.category === null ? null : (d.index.categoryByName.get(entry.category) ?? null),
    section: entry.section,
  };
}

export function joinWaitlist(d: Draft, event: Extract<ShowEvent, { type: 'JOIN_WAITLIST' }>, phase: Phase): void {
  const reject = (code: WaitlistRejectCode) => emit(d, { type: 'waitlist.rejected', entryId: event.entryId, code });
  if (phase !== 'onSale') return reject('sales_closed');
  const quantity = event.quantity;
  if (!Number.isInteger(quantity) || quantity < 1) return reject('validation_failed');
  if (quantity > d.base.rules.maxSeatsPerOrder) return reject('too_many_seats');
  const resolved = resolveCriteria(d.index, event.category, event.section);
  if (!resolved.ok) return reject('validation_failed');
  if (findEntry(d, event.entryId) || holdIdInUse(d, offerHoldId(event.entryId))) return reject('duplicate_id');
  if (d.waitlist.some((w) => w.userId === event.userId)) return reject('already_waiting');
  // A waiting place counts toward the per-customer cap as a hold does (the customer is not waiting yet).
  if (seatsHeldBy(d.holds, event.userId) + quantity > seatsPerCustomer(d.base.rules)) {
    return reject('seat_limit_reached');
  }
  const pools = poolsFor(d.index, resolved.criteria);
  // With nothing earmarked a HOLD would succeed, so waiting would only slow the customer down.
  if (totalEarmarked(d) === 0 && place(d, pools, quantity, FREE)) return reject('seats_available');
  if (!couldEverFit(d, pools, quantity)) return reject('sold_out');

  const entry: WaitlistEntry = {
    entryId: event.entryId,
    userId: event.userId,
    quantity,
    category: event.category ?? null,
    section: resolved.criteria.section,
    joinedAt: d.now,
    expiresAt: d.now + d.base.rules.waitlistMaxWaitMs,
    status: 'waiting',
    holdId: null,
  };
  setWaitlist(d, [...d.waitlist, entry]);
  const position = d.waitlist.filter((w) => w.status === 'waiting').length;
  emit(d, {
    type: 'waitlist.joined',
    entryId: entry.entryId,
    userId: entry.userId,
    quantity,
    category: entry.category,
    section: entry.section === null ? null : d.index.sections[entry.section]!.name,
    position,
    joinedAt: entry.joinedAt,
    expiresAt: entry.expiresAt,
  });
}

export function leaveWaitlist(d: Draft, event: Extract<ShowEvent, { type: 'LEAVE_WAITLIST' }>): void {
  const entry = findEntry(d, event.entryId);
  if (!entry || entry.userId !== event.userId) {
    emit(d, { type: 'waitlist.leave_rejected', entryId: event.entryId, code: 'not_found' });
    return;
  }
  const hold = entry.holdId === null ? undefined : getHold(d, entry.holdId);
  if (hold && hold.status === 'paying') {
    // A charge for the offer is in flight: the seats stay with the payment, only the queue place goes.
    putHold(d, { ...hold, entryId: null });
  } else if (hold) {
    freeHold(d, hold);
    emit(d, { type: 'hold.released', holdId: hold.holdId });
  }
  removeEntries(d, new Set([entry.entryId]));
  emit(d, { type: 'waitlist.left', entryId: entry.entryId });
}

/** Ends waiting entries whose maximum wait has run out (offers run on their hold's own clock). */
export function expireEntries(d: Draft): void {
  for (const entry of d.waitlist) {
    if (entry.status === 'waiting' && entry.expiresAt <= d.now) endEntry(d, entry.entryId, 'expired');
  }
}

/** Ends waiting entries that not even every non-booked place of their kind could serve any more. */
export function endUnsatisfiable(d: Draft): void {
  const verdicts = new Map<string, boolean>();
  for (const entry of d.waitlist) {
    if (entry.status !== 'waiting') continue;
    const key = `${entry.category ?? ''}|${entry.section ?? ''}|${entry.quantity}`;
    let fits = verdicts.get(key);
    if (fits === undefined) {
      fits = couldEverFit(d, poolsFor(d.index, entryCriteria(d, entry)), entry.quantity);
      verdicts.set(key, fits);
    }
    if (!fits) endEntry(d, entry.entryId, 'unsatisfiable');
  }
}

/** When sales close nobody is left waiting; offers already made can still be paid. */
export function closeWaitlist(d: Draft): void {
  for (const entry of d.waitlist) if (entry.status === 'waiting') endEntry(d, entry.entryId, 'expired');
  clearEarmarks(d);
}

/** Puts every earmarked seat and place back on sale. */
export function clearEarmarks(d: Draft): void {
  const seats: number[] = [];
  const ga: GaPart[] = [];
  d.index.categories.forEach((cat, ci) => {
    let left = d.counts[ci]!.earmarked;
    if (left === 0) return;
    for (const s of cat.gaSections) {
      const n = gaCount(d, s, 'earmarked');
      if (n > 0) {
        ga.push({ section: s, quantity: n });
        left -= n;
      }
    }
    for (const r of cat.rows) {
      if (left === 0) break;
      const row = d.rows[r]!;
      const start = d.index.rows[r]!.start;
      for (let i = row.indexOf(EARMARKED); i >= 0 && left > 0; i = row.indexOf(EARMARKED, i + 1)) {
        seats.push(start + i);
        left--;
      }
    }
  });
  if (seats.length === 0 && ga.length === 0) return;
  unearmark(d, seats, ga);
  note(d, { type: 'earmarks.cleared', seats, ga });
}

/** Sets places aside for the head of the queue. Shared with evolve.ts, which repeats what was decided. */
export function earmark(d: Draft, seats: readonly number[], ga: readonly GaPart[]): void {
  setSeats(d, seats, EARMARKED);
  for (const part of ga) moveGa(d, part.section, 'free', 'earmarked', part.quantity);
}

export function unearmark(d: Draft, seats: readonly number[], ga: readonly GaPart[]): void {
  setSeats(d, seats, FREE);
  for (const part of ga) moveGa(d, part.section, 'earmarked', 'free', part.quantity);
}

function earmarkAndNote(d: Draft, seats: number[], ga: GaPart[]): void {
  if (seats.length === 0 && ga.length === 0) return;
  earmark(d, seats, ga);
  note(d, { type: 'seats.earmarked', seats, ga });
}

/** Earmarks every free place the head could use; only called when no hold for it fits, so each pool holds fewer than it needs. */
function earmarkAllFree(d: Draft, pools: readonly CategoryPools[]): void {
  const seats: number[] = [];
  const ga: GaPart[] = [];
  for (const cp of pools) {
    if (cp.reserved && reservedCount(d, cp.reserved, FREE, 1) > 0) {
      for (const r of cp.reserved.rows) {
        const row = d.rows[r]!;
        const start = d.index.rows[r]!.start;
        for (let i = row.indexOf(FREE); i >= 0; i = row.indexOf(FREE, i + 1)) seats.push(start + i);
      }
    }
    for (const g of cp.general) {
      const n = gaCount(d, g.section, 'free');
      if (n > 0 && !ga.some((part) => part.section === g.section)) ga.push({ section: g.section, quantity: n });
    }
  }
  earmarkAndNote(d, [...new Set(seats)], ga);
}

/** Earmarks the places this event freed that the head can use. */
function earmarkFreed(d: Draft, criteria: Criteria): void {
  const seats = [...new Set(d.freedSeats.filter((s) => seatChar(d, s) === FREE && seatMatches(d.index, criteria, s)))];
  // Applied part by part: one section may appear twice among the freed places, and each part takes
  // from what the one before left free.
  setSeats(d, seats, EARMARKED);
  const ga: GaPart[] = [];
  for (const part of d.freedGa) {
    if (!sectionMatches(d.index, criteria, part.section)) continue;
    const n = Math.min(part.quantity, gaCount(d, part.section, 'free'));
    if (n <= 0) continue;
    moveGa(d, part.section, 'free', 'earmarked', n);
    ga.push({ section: part.section, quantity: n });
  }
  if (seats.length > 0 || ga.length > 0) note(d, { type: 'seats.earmarked', seats, ga });
}

function makeOffer(d: Draft, entry: WaitlistEntry, placement: Placement, from: SeatStatus): void {
  const hold = createHold(d, {
    holdId: offerHoldId(entry.entryId),
    userId: entry.userId,
    seats: placement.seats,
    ga: placement.ga,
    gaFrom: from,
    ttlMs: d.base.rules.offerTtlMs,
    entryId: entry.entryId,
  });
  replaceEntry(d, { ...entry, status: 'offered', holdId: hold.holdId });
  emit(d, {
    type: 'waitlist.offered',
    entryId: entry.entryId,
    userId: entry.userId,
    holdId: hold.holdId,
    total: hold.total,
    expiresAt: hold.expiresAt,
    deadlineAt: hold.deadlineAt,
    ...placedSeats(d.index, hold.seats, hold.ga),
  });
}

/**
 * Serves the queue strictly in order after an event. Earmarks always belong to the head (the first
 * waiting entry). If the head is the one from before this event, only the places this event freed can
 * be new for it; if the head changed, the old head's earmarks go back and the new head looks at
 * everything free. An offer is made as soon as one pool can give the head its whole quantity; then the
 * next entry becomes head and the loop goes on with what is left.
 */
export function settleWaitlist(d: Draft): void {
  if (d.bookedChanged) endUnsatisfiable(d);
  let owner = headOf(d.base.waitlist)?.entryId ?? null;
  for (;;) {
    const head = headOf(d.waitlist);
    if (!head) {
      clearEarmarks(d);
      break;
    }
    const criteria = entryCriteria(d, head);
    const pools = poolsFor(d.index, criteria);
    if (head.entryId !== owner) {
      owner = head.entryId;
      clearEarmarks(d);
      const placement = place(d, pools, head.quantity, FREE);
      if (placement) {
        makeOffer(d, head, placement, 'free');
        continue;
      }
      earmarkAllFree(d, pools);
      break;
    }
    if (d.freedSeats.length === 0 && d.freedGa.length === 0) break;
    earmarkFreed(d, criteria);
    d.freedSeats = [];
    d.freedGa = [];
    const placement = place(d, pools, head.quantity, EARMARKED);
    if (!placement) break;
    makeOffer(d, head, placement, 'earmarked');
  }
  d.freedSeats = [];
  d.freedGa = [];
}
