import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bookings, loyaltyLedger, payments, refunds, shows, type BookingRow, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { decideRefund, defaultCancellationPolicy } from '../policies/cancellation.js';
import { pointsEarned, pointsReturned, TIER_WINDOW_MS } from './loyalty-rules.js';
import type { LedgerEntry } from './loyalty-store.js';

/**
 * Points follow bookings: earned when a booking is confirmed, taken back when it is cancelled,
 * together with the share of spent points that matches the share of money refunded. Every entry's
 * id is derived from the booking, so a fact offered twice changes the balance once.
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
  /** Points the user earned (net) in the tier window before this booking, as of the batch's start. */
  recentEarned: number;
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
  const found = await loadBookings(tx, [...new Set(changes.map((c) => c.bookingId))]);
  const known = new Map<string, number>();
  for (const { booking, entries } of found.values()) {
    if (entries.earn !== null) known.set(`earn:${booking.id}`, entries.earn);
    if (entries.reverse !== null) known.set(`reverse:${booking.id}`, entries.reverse);
    if (entries.return !== null) known.set(`return:${booking.id}`, entries.return);
  }
  const earnedInBatch = new Map<string, number>();
  const planned: LedgerEntry[] = [];
  const plan = (entry: LedgerEntry) => {
    if (known.has(entry.id)) return;
    known.set(entry.id, entry.delta);
    planned.push(entry);
    if (entry.kind === 'earn' || entry.kind === 'earn_reversed') {
      earnedInBatch.set(entry.userId, (earnedInBatch.get(entry.userId) ?? 0) + entry.delta);
    }
  };

  for (const change of changes) {
    const facts = found.get(change.bookingId);
    if (!facts) continue;
    if (change.kind === 'earn') {
      const recent = facts.recentEarned + (earnedInBatch.get(facts.booking.userId) ?? 0);
      const entry = earning(facts.booking, recent);
      if (entry) plan(entry);
    } else {
      for (const entry of await reversal(tx, facts, known.get(`earn:${change.bookingId}`))) plan(entry);
    }
  }
  if (planned.length > 0) await insertEntries(tx, planned);
}

/** The bookings with their payment, tier window and entries, in one query. */
async function loadBookings(tx: Executor, ids: string[]): Promise<Map<string, BookingFacts>> {
  const entry = (prefix: string) =>
    sql<number | null>`(select ${loyaltyLedger.delta} from ${loyaltyLedger} where ${loyaltyLedger.id} = ${prefix} || ${bookings.id})`;
  const rows = await tx
    .select({
      booking: bookings,
      recentEarned: sql<number>`(select coalesce(sum(${loyaltyLedger.delta}), 0)::int from ${loyaltyLedger}
        where ${loyaltyLedger.userId} = ${bookings.userId} and ${loyaltyLedger.kind} in ('earn', 'earn_reversed')
          and ${loyaltyLedger.createdAt} >= ${bookings.createdAt} - ${TIER_WINDOW_MS} * interval '1 millisecond')`,
      paid: payments.amount,
      pointsRedeemed: payments.pointsRedeemed,
      entries: { earn: entry('earn:'), reverse: entry('reverse:'), return: entry('return:') },
    })
    .from(bookings)
    .leftJoin(payments, eq(payments.id, bookings.paymentId))
    .where(sql`${bookings.id} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb))`);
  return new Map(rows.map((r) => [r.booking.id, r]));
}

/** Records every entry once, in one statement: an id already in the ledger is ignored. */
async function insertEntries(tx: Executor, entries: LedgerEntry[]): Promise<void> {
  const rows = entries.map((e) => ({
    id: e.id,
    user_id: e.userId,
    delta: e.delta,
    kind: e.kind,
    booking_id: e.bookingId ?? null,
    payment_id: e.paymentId ?? null,
    note: e.note ?? '',
  }));
  await tx.execute(sql`insert into loyalty_ledger (id, user_id, delta, kind, booking_id, payment_id, note)
    select e.id, e.user_id, e.delta, e.kind, e.booking_id, e.payment_id, e.note
    from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
      as e(id text, user_id uuid, delta int, kind text, booking_id text, payment_id text, note text)
    on conflict (id) do nothing`);
}

function earning(booking: BookingRow, recentEarned: number): LedgerEntry | null {
  // A booking cancelled before its confirmation was processed earns nothing, whatever order the
  // two facts arrive in: the reversal finds no earning to take back.
  if (booking.status === 'cancelled') return null;
  const points = pointsEarned(booking.total, recentEarned);
  if (points <= 0) return null;
  return {
    id: `earn:${booking.id}`,
    userId: booking.userId,
    delta: points,
    kind: 'earn',
    bookingId: booking.id,
    note: `booking for show ${booking.showId}`,
  };
}

/** `earned`: the booking's earning entry's points, if it has one. */
async function reversal(tx: Executor, facts: BookingFacts, earned: number | undefined): Promise<LedgerEntry[]> {
  const { booking, paid, pointsRedeemed } = facts;
  const entries: LedgerEntry[] = [];
  if (earned !== undefined && earned > 0) {
    entries.push({
      id: `reverse:${booking.id}`,
      userId: booking.userId,
      delta: -earned,
      kind: 'earn_reversed',
      bookingId: booking.id,
      note: 'booking cancelled',
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
