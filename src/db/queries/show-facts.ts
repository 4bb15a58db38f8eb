import { sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import type { CategoryDef } from '../../actors/show/types.js';
import type { CancellationPolicy } from '../../policies/cancellation.js';
import type { HallLayout } from '../schema/index.js';

/** What a customer may ask about one show, with the counts its actor last published. */
export interface ShowFacts {
  showId: string;
  eventId: string;
  title: string;
  startsAt: Date;
  city: { cityId: string; name: string };
  venue: string;
  /** The venue's IANA zone: its times are said on its clock. */
  timeZone: string;
  hall: string;
  /** The actor's published state; null until the show's actor has run once. */
  state: string | null;
  salesOpenAt: Date | null;
  salesCloseAt: Date | null;
  capacity: number;
  available: number;
  held: number;
  booked: number;
  waitlistLength: number;
  currency: string;
  /** Price per category, dearest first, with the seats left in it. */
  categories: { category: string; price: number; available: number }[];
  cancellationPolicy: CancellationPolicy;
}

type FactsRow = {
  show_id: string;
  event_id: string;
  title: string;
  starts_at: number;
  city_id: string;
  city_name: string;
  venue: string;
  time_zone: string;
  hall: string;
  state: string | null;
  sales_open_at: number | null;
  sales_close_at: number | null;
  capacity: number;
  available: number;
  held: number;
  booked: number;
  waitlist_length: number;
  currency: string;
  prices: CategoryDef[];
  stat_categories: { category: string; price: number; available: number }[] | null;
  layout: HallLayout;
  cancellation_policy: CancellationPolicy;
};

const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Shows by id, with their published counts (`show_stats`); a show whose actor never ran counts its
 * hall as free. Unknown and removed ids are left out, so any word that looks like an id can be tried.
 */
export async function getShowFacts(db: Executor, showIds: string[]): Promise<ShowFacts[]> {
  if (showIds.length === 0) return [];
  const rows = await db.execute<FactsRow>(sql`
    select s.id as show_id, s.event_id, e.title, ${epochMs('s.starts_at')} as starts_at,
      c.id as city_id, c.name as city_name, v.name as venue, v.time_zone, h.name as hall, st.state,
      ${epochMs('s.sales_open_at')} as sales_open_at, ${epochMs('s.sales_close_at')} as sales_close_at,
      coalesce(st.capacity, h.capacity) as capacity, coalesce(st.available, h.capacity) as available,
      coalesce(st.held, 0) as held, coalesce(st.booked, 0) as booked,
      coalesce(st.waitlist_length, 0) as waitlist_length,
      s.currency, s.prices, st.categories as stat_categories, h.layout, s.cancellation_policy
    from shows s
    join events e on e.id = s.event_id
    join halls h on h.id = s.hall_id
    join venues v on v.id = h.venue_id
    join cities c on c.id = v.city_id
    left join show_stats st on st.show_id = s.id
    where s.id in (${sql.join(
      showIds.map((id) => sql`${id}`),
      sql`, `,
    )})
      and s.deleted_at is null and e.deleted_at is null and v.deleted_at is null
    order by s.starts_at, s.id`);
  return rows.map((r) => {
    const left = r.stat_categories
      ? new Map(r.stat_categories.map((c) => [c.category, c.available]))
      : seatsPerCategory(r.layout);
    return {
      showId: r.show_id,
      eventId: r.event_id,
      title: r.title,
      startsAt: new Date(r.starts_at),
      city: { cityId: r.city_id, name: r.city_name },
      venue: r.venue,
      timeZone: r.time_zone,
      hall: r.hall,
      state: r.state,
      salesOpenAt: date(r.sales_open_at),
      salesCloseAt: date(r.sales_close_at),
      capacity: r.capacity,
      available: r.available,
      held: r.held,
      booked: r.booked,
      waitlistLength: r.waitlist_length,
      currency: r.currency,
      categories: r.prices.map((p) => ({
        category: p.category,
        price: p.price,
        available: left.get(p.category) ?? 0,
      })),
      cancellationPolicy: r.cancellation_policy,
    };
  });
}

/** Seats per category in a hall: what a show whose actor never ran has left. */
function seatsPerCategory(layout: HallLayout): Map<string, number> {
  const seats = new Map<string, number>();
  const add = (category: string, n: number) => seats.set(category, (seats.get(category) ?? 0) + n);
  for (const section of layout.sections) {
    if (section.kind === 'general') add(section.category, section.capacity);
    else for (const row of section.rows) add(row.category, row.seats);
  }
  return seats;
}

/** A confirmed booking of a show that has not started, as the assistant tells its owner about it. */
export interface UpcomingBooking {
  bookingId: string;
  showId: string;
  title: string;
  startsAt: Date;
  city: { cityId: string; name: string };
  venue: string;
  /** The venue's IANA zone: its times are said on its clock. */
  timeZone: string;
  quantity: number;
  seats: string[];
  section: string | null;
  total: { amount: number; currency: string };
  cancellationPolicy: CancellationPolicy;
}

/** A user's confirmed bookings for shows after `now`, soonest show first, at most `limit`. */
export async function listUpcomingBookings(
  db: Executor,
  userId: string,
  opts: { now: Date; limit: number },
): Promise<{ items: UpcomingBooking[]; total: number }> {
  const rows = await db.execute<{
    total: number;
    id: string;
    show_id: string;
    title: string;
    starts_at: number;
    city_id: string;
    city_name: string;
    venue: string;
    time_zone: string;
    quantity: number;
    seats: string[];
    ga_section: string | null;
    amount: number;
    currency: string;
    cancellation_policy: CancellationPolicy;
  }>(sql`
    select count(*) over ()::int as total, b.id, b.show_id, e.title, ${epochMs('s.starts_at')} as starts_at,
      c.id as city_id, c.name as city_name, v.name as venue, v.time_zone, b.quantity, b.seats, b.ga_section, b.total as amount, b.currency,
      s.cancellation_policy
    from bookings b
    join shows s on s.id = b.show_id
    join events e on e.id = s.event_id
    join halls h on h.id = s.hall_id
    join venues v on v.id = h.venue_id
    join cities c on c.id = v.city_id
    where b.user_id = ${userId} and b.status = 'confirmed' and s.starts_at > ${opts.now.toISOString()}::timestamptz
    order by s.starts_at, b.created_at
    limit ${opts.limit}`);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      bookingId: r.id,
      showId: r.show_id,
      title: r.title,
      startsAt: new Date(r.starts_at),
      city: { cityId: r.city_id, name: r.city_name },
      venue: r.venue,
      timeZone: r.time_zone,
      quantity: r.quantity,
      seats: r.seats,
      section: r.ga_section,
      total: { amount: r.amount, currency: r.currency },
      cancellationPolicy: r.cancellation_policy,
    })),
  };
}
