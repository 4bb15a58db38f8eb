import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bookings, loyaltyLedger, payments, refunds, shows, type BookingRow, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { decideRefund, defaultCancellationPolicy, lastRefundAt } from '../policies/cancellation.js';
import { pointsEarned, pointsReturned, TIER_WINDOW_MS } from './loyalty-rules.js';
import { lockLoyaltyAccount, type LedgerEntry } from './loyalty-store.js';

/**
 * Points follow bookings: earned when a booking is confirmed, in its currency, and counted only
 * from the moment the booking can no longer be refunded; taken back when it is cancelled, together
 * with the share of spent points that matches the share of money refunded. Points already counted
 * and spent are taken back only as far as the balance goes, so a balance never goes below zero.
 * Every entry's id is derived from the booking, so a fact offered twice changes the balance once.
 */
export function createLoyaltyConsumer(): OutboxConsumer {
  return {
    name: 'loyalty',
    consume: (tx, event) => followBookings(tx, [event]),
    consumeBatch: followBookings,
  };
}

type Change = { kind: 'earn' | 'reverse'; bookingId: string };

function changeOf(event: OutboxRow): Change | null {
  const bookingId = event.payload['bookingId'];
  if (typeof bookingId !== 'string') return null;
  switch (event.topic) {
    case 'booking.confirmed':
      return { kind: 'earn', bookingId };
    case 'booking.cancelled':
    case 'show.cancelled':
      return { kind: 'reverse', bookingId };
    default:
      return null;
  }
}

/** A booking a batch touches, with what its ledger entries are computed from. */
interface BookingFacts {
  booking: BookingRow;
  /** The database's clock, which every entry's availability is measured against. */
  now: Date;
  startsAt: Date | null;
  policy: BookingShowPolicy | null;
  /** Points the user earned (net) in the booking's currency in the tier window before it, as of the batch's start. */
  recentEarned: number;
  /** The user's points in the booking's currency that count now, as of the batch's start. */
  available: number;
  /** When the booking's earned points count (null: at once), if it has an earning entry. */
  earnAvailableAt: Date | null;
  paid: number | null;
  pointsRedeemed: number | null;
  /** The points of the entries this booking already has in the ledger. */
  entries: { earn: number | null; reverse: number | null; return: number | null };
}

/**
 * The batch's changes in fact order, read with two queries and written with one insert. Entries
 * planned earlier in the batch count as if already written: they move later earnings' tier, and an
 * entry whose id is already in the ledger (or planned) is not planned again.
 */
async function followBookings(tx: Executor, events: readonly OutboxRow[]): Promise<void> {
  const changes = events.flatMap((e) => changeOf(e) ?? []);
  if (changes.length === 0) return;
  const bookingIds = [...new Set(changes.map((c) => c.bookingId))];
  // Spending takes the member's lock too: a balance read here cannot change until the batch commits.
  for (const userId of await usersOf(tx, bookingIds)) await lockLoyaltyAccount(tx, userId);
  const found = await loadBookings(tx, bookingIds);
  const known = new Map<string, number>();
  for (const { booking, entries } of found.values()) {
    if (entries.earn !== null) known.set(`earn:${booking.id}`, entries.earn);
    if (entries.reverse !== null) known.set(`reverse:${booking.id}`, entries.reverse);
    if (entries.return !== null) known.set(`return:${booking.id}`, entries.return);
  }
  const earnedInBatch = new Map<string, number>();
  const availableInBatch = new Map<string, number>();
  const planned: LedgerEntry[] = [];
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const plan = (entry: LedgerEntry, now: Date) => {
    if (known.has(entry.id)) return;
    known.set(entry.id, entry.delta);
    planned.push(entry);
    const key = `${entry.userId} ${entry.currency}`;
    if (entry.kind === 'earn' || entry.kind === 'earn_reversed') add(earnedInBatch, key, entry.delta);
    if (!entry.availableAt || entry.availableAt <= now) add(availableInBatch, key, entry.delta);
  };

  for (const change of changes) {
    const facts = found.get(change.bookingId);
    if (!facts) continue;
    const key = `${facts.booking.userId} ${facts.booking.currency}`;
    if (change.kind === 'earn') {
      const entry = earning(facts, facts.recentEarned + (earnedInBatch.get(key) ?? 0));
      if (entry) plan(entry, facts.now);
    } else {
      const available = facts.available + (availableInBatch.get(key) ?? 0);
      const earned = known.get(`earn:${change.bookingId}`);
      const earnedAvailableAt = planned.find((e) => e.id === `earn:${change.bookingId}`)?.availableAt ?? facts.earnAvailableAt;
      for (const entry of await reversal(tx, facts, earned, earnedAvailableAt, available)) plan(entry, facts.now);
    }
  }
  if (planned.length > 0) await insertEntries(tx, planned);
}

type BookingShowPolicy = NonNullable<(typeof shows.$inferSelect)['cancellationPolicy']>;

/** The owners of the bookings, sorted so that concurrent batches take their locks in one order. */
async function usersOf(tx: Executor, ids: string[]): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ userId: bookings.userId })
    .from(bookings)
    .where(sql`${bookings.id} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb))`);
  return rows.map((r) => r.userId).sort();
}

/** The bookings with their show, payment, tier window, balance and entries, in one query. */
async function loadBookings(tx: Executor, ids: string[]): Promise<Map<string, BookingFacts>> {
  const entry = (prefix: string) =>
    sql<number | null>`(select ${loyaltyLedger.delta} from ${loyaltyLedger} where ${loyaltyLedger.id} = ${prefix} || ${bookings.id})`;
  const ofOwnerInCurrency = sql`${loyaltyLedger.userId} = ${bookings.userId} and ${loyaltyLedger.currency} = ${bookings.currency}`;
  const rows = await tx
    .select({
      booking: bookings,
      now: sql<Date>`now()`.mapWith(shows.startsAt),
      startsAt: shows.startsAt,
      policy: shows.cancellationPolicy,
      recentEarned: sql<number>`(select coalesce(sum(${loyaltyLedger.delta}), 0)::int from ${loyaltyLedger}
        where ${ofOwnerInCurrency} and ${loyaltyLedger.kind} in ('earn', 'earn_reversed')
          and ${loyaltyLedger.createdAt} >= ${bookings.createdAt} - ${TIER_WINDOW_MS} * interval '1 millisecond')`,
      available: sql<number>`(select coalesce(sum(${loyaltyLedger.delta}), 0)::int from ${loyaltyLedger}
        where ${ofOwnerInCurrency} and (${loyaltyLedger.availableAt} is null or ${loyaltyLedger.availableAt} <= now()))`,
      earnAvailableAt: sql<Date | null>`(select ${loyaltyLedger.availableAt} from ${loyaltyLedger}
        where ${loyaltyLedger.id} = 'earn:' || ${bookings.id})`.mapWith(shows.startsAt),
      paid: payments.amount,
      pointsRedeemed: payments.pointsRedeemed,
      entries: { earn: entry('earn:'), reverse: entry('reverse:'), return: entry('return:') },
    })
    .from(bookings)
    .leftJoin(payments, eq(payments.id, bookings.paymentId))
    .leftJoin(shows, eq(shows.id, bookings.showId))
    .where(sql`${bookings.id} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb))`);
  return new Map(rows.map((r) => [r.booking.id, r]));
}

/** Records every entry once, in one statement: an id already in the ledger is ignored. */
async function insertEntries(tx: Executor, entries: LedgerEntry[]): Promise<void> {
  const rows = entries.map((e) => ({
    id: e.id,
    user_id: e.userId,
    delta: e.delta,
    currency: e.currency,
    available_at: e.availableAt?.toISOString() ?? null,
    kind: e.kind,
    booking_id: e.bookingId ?? null,
    payment_id: e.paymentId ?? null,
    note: e.note ?? '',
  }));
  await tx.execute(sql`insert into loyalty_ledger (id, user_id, delta, currency, available_at, kind, booking_id, payment_id, note)
    select e.id, e.user_id, e.delta, e.currency, e.available_at, e.kind, e.booking_id, e.payment_id, e.note
    from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
      as e(id text, user_id uuid, delta int, currency text, available_at timestamptz, kind text, booking_id text,
        payment_id text, note text)
    on conflict (id) do nothing`);
}

function earning(facts: BookingFacts, recentEarned: number): LedgerEntry | null {
  const { booking } = facts;
  // A booking cancelled before its confirmation was processed earns nothing, whatever order the
  // two facts arrive in: the reversal finds no earning to take back.
  if (booking.status === 'cancelled') return null;
  const points = pointsEarned(booking.total, recentEarned);
  if (points <= 0) return null;
  // Points that could be spent while their booking can still be refunded would outlive the refund.
  const refundable =
    facts.startsAt === null ? null : lastRefundAt(facts.policy ?? defaultCancellationPolicy, facts.startsAt.getTime());
  return {
    id: `earn:${booking.id}`,
    userId: booking.userId,
    delta: points,
    currency: booking.currency,
    availableAt: refundable !== null && refundable > facts.now.getTime() ? new Date(refundable) : null,
    kind: 'earn',
    bookingId: booking.id,
    note: `booking for show ${booking.showId}`,
  };
}

/**
 * `earned`: the booking's earning entry's points, if it has one, and when they count; `available`:
 * the member's points in the booking's currency that count now.
 */
async function reversal(
  tx: Executor,
  facts: BookingFacts,
  earned: number | undefined,
  earnedAvailableAt: Date | null,
  available: number,
): Promise<LedgerEntry[]> {
  const { booking, paid, pointsRedeemed } = facts;
  const entries: LedgerEntry[] = [];
  if (earned !== undefined && earned > 0) {
    const pending = earnedAvailableAt !== null && earnedAvailableAt > facts.now;
    // Pending points are taken back as they were given (both count from the same moment, so they
    // cancel out); points that already count are taken back only as far as the balance goes.
    const points = pending ? earned : Math.min(earned, Math.max(0, available));
    entries.push({
      id: `reverse:${booking.id}`,
      userId: booking.userId,
      delta: -points,
      currency: booking.currency,
      availableAt: pending ? earnedAvailableAt : null,
      kind: 'earn_reversed',
      bookingId: booking.id,
      note: points < earned ? `booking cancelled; ${earned - points} of its points were already spent` : 'booking cancelled',
    });
  }
  if (paid === null || pointsRedeemed === null || pointsRedeemed <= 0) return entries;
  const refunded = await refundedFor(tx, booking.id);
  const share = paid > 0 ? 0 : await refundShareOfFreeBooking(tx, booking, refunded.showCancelled);
  const points = pointsReturned(pointsRedeemed, paid, refunded.amount, share);
  if (points > 0) {
    entries.push({
      id: `return:${booking.id}`,
      userId: booking.userId,
      delta: points,
      currency: booking.currency,
      kind: 'redeem_returned',
      bookingId: booking.id,
      note: `${points} of ${pointsRedeemed} points spent, as refunded`,
    });
  }
  return entries;
}

/** Money refunded or being refunded for a booking (failed refunds do not count). */
async function refundedFor(tx: Executor, bookingId: string) {
  const [row] = await tx
    .select({
      amount: sql<number>`coalesce(sum(${refunds.amount}), 0)::int`,
      showCancelled: sql<boolean>`coalesce(bool_or(${refunds.reason} = 'show_cancelled'), false)`,
    })
    .from(refunds)
    .where(and(eq(refunds.bookingId, bookingId), ne(refunds.status, 'failed')));
  return { amount: row?.amount ?? 0, showCancelled: row?.showCancelled ?? false };
}

/**
 * A booking paid entirely with points and a code has no money to measure, so the share is what the
 * show's policy would have refunded when it was cancelled (all of it if the show was cancelled).
 */
async function refundShareOfFreeBooking(tx: Executor, booking: BookingRow, showCancelled: boolean): Promise<number> {
  if (showCancelled) return 100;
  if (!booking.cancelledAt) return 0;
  const [show] = await tx
    .select({ startsAt: shows.startsAt, policy: shows.cancellationPolicy })
    .from(shows)
    .where(eq(shows.id, booking.showId))
    .limit(1);
  if (!show) return 0;
  const decision = decideRefund({
    policy: show.policy ?? defaultCancellationPolicy,
    startsAt: show.startsAt.getTime(),
    now: booking.cancelledAt.getTime(),
    total: 100,
  });
  return decision.ok ? decision.percent : 0;
}
