import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';

export interface StatsFilter {
  eventId?: string;
  showId?: string;
  /** Shows starting at or after this instant. */
  from?: Date;
  /** Shows starting at or before this instant. */
  to?: Date;
}

export interface MoneyAmount {
  amount: number;
  currency: string;
}

/** The figures reported for one show, and summed over all of them. */
export interface StatsFigures {
  /** Confirmed bookings (not cancelled). */
  bookings: number;
  cancelledBookings: number;
  /** What customers paid for bookings minus what was refunded to them, per currency. */
  revenue: MoneyAmount[];
  /** Refunds paid out for bookings, per currency. */
  refunds: MoneyAmount[];
  capacity: number;
  /** Seat counts as the show actors last published them (show_stats); never counted from seats. */
  seatsSold: number;
  seatsHeld: number;
  seatsFree: number;
  /** seatsSold / capacity, 0..1. */
  occupancy: number;
  /** Holds that are held or being paid right now. */
  activeHolds: number;
  waitlistLength: number;
  holdsPlaced: number;
  /** Holds that became a booking (later cancellations included: the hold did convert). */
  holdsConverted: number;
  /** holdsConverted / holdsPlaced, 0..1; null while no hold was placed. */
  conversion: number | null;
}

export interface ShowStatsRow extends StatsFigures {
  showId: string;
  eventId: string;
  title: string;
  startsAt: string;
  venue: string;
  city: string;
  /** The actor's published state; null until the show's actor has run once. */
  state: string | null;
}

export interface SalesStats {
  totals: StatsFigures & { shows: number };
  shows: ShowStatsRow[];
}

type Row = {
  show_id: string;
  event_id: string;
  title: string;
  starts_at: number;
  venue: string;
  city: string;
  state: string | null;
  capacity: number;
  seats_sold: number;
  seats_held: number;
  seats_free: number;
  waitlist_length: number;
  bookings: number;
  cancelled_bookings: number;
  paid: MoneyAmount[] | null;
  refunded: MoneyAmount[] | null;
  holds_placed: number;
  holds_converted: number;
  active_holds: number;
};

/**
 * Sales, revenue, occupancy, holds and waitlists per show, for the shows that pass the filter
 * (the time window is on the show's start), soonest first, with totals over them.
 *
 * Seat counts come from `show_stats`, which each actor publishes with every write, so this never
 * scans seats; a show whose actor never ran counts as empty (its hall's capacity free). Money is
 * kept per currency because shows sell in different ones; a sum across currencies means nothing.
 */
export async function salesStats(db: Executor, filter: StatsFilter): Promise<SalesStats> {
  const where: SQL[] = [sql`true`];
  if (filter.eventId !== undefined) where.push(sql`s.event_id = ${filter.eventId}`);
  if (filter.showId !== undefined) where.push(sql`s.id = ${filter.showId}`);
  if (filter.from) where.push(sql`s.starts_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) where.push(sql`s.starts_at <= ${filter.to.toISOString()}::timestamptz`);

  const rows = await db.execute<Row>(sql`
    with picked as (
      select s.id, s.event_id, e.title, s.starts_at, v.name as venue, c.name as city, h.capacity as hall_capacity
      from shows s
      join events e on e.id = s.event_id
      join halls h on h.id = s.hall_id
      join venues v on v.id = h.venue_id
      join cities c on c.id = v.city_id
      where ${sql.join(where, sql` and `)}
    ),
    booking_counts as (
      select b.show_id,
        count(*) filter (where b.status = 'confirmed')::int as bookings,
        count(*) filter (where b.status = 'cancelled')::int as cancelled_bookings
      from bookings b where b.show_id in (select id from picked)
      group by b.show_id
    ),
    paid as (
      select show_id, jsonb_agg(jsonb_build_object('amount', amount, 'currency', currency) order by currency) as paid
      from (
        select b.show_id, b.currency, sum(b.total)::bigint as amount
        from bookings b where b.show_id in (select id from picked)
        group by b.show_id, b.currency
      ) per_currency
      group by show_id
    ),
    refunded as (
      select show_id, jsonb_agg(jsonb_build_object('amount', amount, 'currency', currency) order by currency) as refunded
      from (
        select b.show_id, b.currency, sum(r.amount)::bigint as amount
        from refunds r join bookings b on b.id = r.booking_id
        where r.status = 'succeeded' and b.show_id in (select id from picked)
        group by b.show_id, b.currency
      ) per_currency
      group by show_id
    ),
    hold_counts as (
      select ho.show_id,
        count(*)::int as holds_placed,
        count(*) filter (where ho.booking_id is not null)::int as holds_converted,
        count(*) filter (where ho.status in ('held', 'paying'))::int as active_holds
      from holds ho where ho.show_id in (select id from picked)
      group by ho.show_id
    )
    select p.id as show_id, p.event_id, p.title, (extract(epoch from p.starts_at) * 1000)::float8 as starts_at,
      p.venue, p.city, st.state,
      coalesce(st.capacity, p.hall_capacity) as capacity,
      coalesce(st.booked, 0) as seats_sold,
      coalesce(st.held, 0) as seats_held,
      coalesce(st.available, p.hall_capacity) as seats_free,
      coalesce(st.waitlist_length, 0) as waitlist_length,
      coalesce(bc.bookings, 0) as bookings,
      coalesce(bc.cancelled_bookings, 0) as cancelled_bookings,
      pd.paid, rf.refunded,
      coalesce(hc.holds_placed, 0) as holds_placed,
      coalesce(hc.holds_converted, 0) as holds_converted,
      coalesce(hc.active_holds, 0) as active_holds
    from picked p
    left join show_stats st on st.show_id = p.id
    left join booking_counts bc on bc.show_id = p.id
    left join paid pd on pd.show_id = p.id
    left join refunded rf on rf.show_id = p.id
    left join hold_counts hc on hc.show_id = p.id
    order by p.starts_at, p.id`);

  const shows = rows.map(toShowStats);
  return { totals: { shows: shows.length, ...sumFigures(shows) }, shows };
}

function toShowStats(r: Row): ShowStatsRow {
  const paid = moneyList(r.paid);
  const refunds = moneyList(r.refunded);
  return {
    showId: r.show_id,
    eventId: r.event_id,
    title: r.title,
    startsAt: new Date(r.starts_at).toISOString(),
    venue: r.venue,
    city: r.city,
    state: r.state,
    bookings: r.bookings,
    cancelledBookings: r.cancelled_bookings,
    revenue: subtractMoney(paid, refunds),
    refunds,
    capacity: r.capacity,
    seatsSold: r.seats_sold,
    seatsHeld: r.seats_held,
    seatsFree: r.seats_free,
    occupancy: ratio(r.seats_sold, r.capacity) ?? 0,
    activeHolds: r.active_holds,
    waitlistLength: r.waitlist_length,
    holdsPlaced: r.holds_placed,
    holdsConverted: r.holds_converted,
    conversion: ratio(r.holds_converted, r.holds_placed),
  };
}

/** Totals over shows: counts add up, money adds up per currency, ratios are recomputed from the sums. */
export function sumFigures(shows: StatsFigures[]): StatsFigures {
  const sum = (pick: (s: StatsFigures) => number) => shows.reduce((n, s) => n + pick(s), 0);
  const capacity = sum((s) => s.capacity);
  const seatsSold = sum((s) => s.seatsSold);
  const holdsPlaced = sum((s) => s.holdsPlaced);
  const holdsConverted = sum((s) => s.holdsConverted);
  return {
    bookings: sum((s) => s.bookings),
    cancelledBookings: sum((s) => s.cancelledBookings),
    revenue: addMoney(shows.flatMap((s) => s.revenue)),
    refunds: addMoney(shows.flatMap((s) => s.refunds)),
    capacity,
    seatsSold,
    seatsHeld: sum((s) => s.seatsHeld),
    seatsFree: sum((s) => s.seatsFree),
    occupancy: ratio(seatsSold, capacity) ?? 0,
    activeHolds: sum((s) => s.activeHolds),
    waitlistLength: sum((s) => s.waitlistLength),
    holdsPlaced,
    holdsConverted,
    conversion: ratio(holdsConverted, holdsPlaced),
  };
}

/** Four decimals: enough for a percentage with two, and stable to compare in tests. */
function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

// The SQL sums are bigint so they cannot overflow; in JSON they come back as plain numbers (minor units stay far below 2^53).
function moneyList(list: MoneyAmount[] | null): MoneyAmount[] {
  return (list ?? []).map((m) => ({ amount: Number(m.amount), currency: m.currency }));
}

function addMoney(list: MoneyAmount[]): MoneyAmount[] {
  const byCurrency = new Map<string, number>();
  for (const m of list) byCurrency.set(m.currency, (byCurrency.get(m.currency) ?? 0) + m.amount);
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => ({ amount, currency }));
}

function subtractMoney(from: MoneyAmount[], minus: MoneyAmount[]): MoneyAmount[] {
  return addMoney([...from, ...minus.map((m) => ({ amount: -m.amount, currency: m.currency }))]);
}

/** Whether an event or show named in a filter exists, so an unknown id is a 404 and not an empty report. */
export async function statsSubjectExists(db: Executor, kind: 'event' | 'show', id: string): Promise<boolean> {
  const rows =
    kind === 'event'
      ? await db.execute(sql`select 1 from events where id = ${id}`)
      : await db.execute(sql`select 1 from shows where id = ${id}`);
  return rows.length > 0;
}
