import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { CancellationPolicy } from '../../policies/cancellation.js';
import type { Executor } from '../client.js';
import {
  events,
  halls,
  shows,
  venues,
  type EventCategory,
  type EventRow,
  type HallLayout,
  type HallRow,
  type ShowRow,
  type VenueRow,
} from '../schema/index.js';
import { checkLocation, checkTimeZone, layoutCapacity, resolveCity, type GeoPoint } from './catalog.js';
import { CatalogError } from './catalog-errors.js';

/** Fields of an event an admin may change; null clears an optional one. */
export interface EventPatch {
  title?: string;
  category?: EventCategory;
  description?: string;
  genre?: string | null;
  language?: string | null;
  durationMinutes?: number | null;
  rating?: string | null;
  performers?: string[];
  /** The kind's own fields (a film's release date, a train's stops); replaces the old set. */
  details?: Record<string, unknown>;
}

/** The event row after the change; null when it does not exist or was removed. */
export async function updateEvent(db: Executor, eventId: string, patch: EventPatch): Promise<EventRow | null> {
  const values = { ...patch, performers: patch.performers?.map((p) => p.trim()) };
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return getLiveEvent(db, eventId);
  const [row] = await db
    .update(events)
    .set(set)
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .returning();
  return row ?? null;
}

export async function getLiveEvent(db: Executor, eventId: string): Promise<EventRow | null> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .limit(1);
  return row ?? null;
}

/** Ids of an event's shows still to come and not removed, soonest first. */
export async function upcomingShowIdsOfEvent(db: Executor, eventId: string, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: shows.id })
    .from(shows)
    .where(and(eq(shows.eventId, eventId), isNull(shows.deletedAt), gt(shows.startsAt, now)))
    .orderBy(shows.startsAt, shows.id);
  return rows.map((r) => r.id);
}

/** Soft-deletes an event; false when it was already gone. */
export async function removeEvent(db: Executor, eventId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(events)
    .set({ deletedAt: at })
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .returning({ id: events.id });
  return rows.length > 0;
}

export interface VenuePatch {
  name?: string;
  address?: string;
  /** An existing city id, or a city name (created if new). */
  city?: string;
  postalCode?: string;
  /** null removes the coordinates. */
  location?: GeoPoint | null;
  timeZone?: string;
}

export async function updateVenue(db: Executor, venueId: string, patch: VenuePatch): Promise<VenueRow | null> {
  return db.transaction(async (tx) => {
    const set: Partial<
      Pick<VenueRow, 'name' | 'address' | 'cityId' | 'postalCode' | 'latitude' | 'longitude' | 'timeZone'>
    > = {};
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.address !== undefined) set.address = patch.address.trim();
    if (patch.postalCode !== undefined) set.postalCode = patch.postalCode.trim();
    if (patch.timeZone !== undefined) set.timeZone = checkTimeZone(patch.timeZone);
    if (patch.location !== undefined) {
      const location = checkLocation(patch.location);
      set.latitude = location?.latitude ?? null;
      set.longitude = location?.longitude ?? null;
    }
    if (patch.city !== undefined) set.cityId = await resolveCity(tx, patch.city);
    if (Object.keys(set).length === 0) return getLiveVenue(tx, venueId);
    const [row] = await tx
      .update(venues)
      .set(set)
      .where(and(eq(venues.id, venueId), isNull(venues.deletedAt)))
      .returning();
    return row ?? null;
  });
}

export async function getLiveVenue(db: Executor, venueId: string): Promise<VenueRow | null> {
  const [row] = await db
    .select()
    .from(venues)
    .where(and(eq(venues.id, venueId), isNull(venues.deletedAt)))
    .limit(1);
  return row ?? null;
}

export type HallUpdate = { ok: true; hall: HallRow } | { ok: false; code: 'not_found' | 'hall_in_use' };

/**
 * Renames a hall or replaces its layout. A layout can change only while no show uses the hall: a
 * show's actor froze the seats it sells when it was created, and its bookings name those seats.
 * Hall names stay unique within a venue, case aside, as createVenue has them.
 */
export async function updateHall(
  db: Executor,
  venueId: string,
  hallId: string,
  patch: { name?: string; layout?: HallLayout },
): Promise<HallUpdate> {
  const capacity = patch.layout ? layoutCapacity(patch.layout) : undefined;
  return db.transaction(async (tx) => {
    // Locks the hall, so a show created meanwhile waits and then sees the new layout, and the venue,
    // so two renames in it cannot both take the same name.
    const [hall] = await tx.execute<{ id: string }>(sql`select h.id from halls h join venues v on v.id = h.venue_id
      where h.id = ${hallId} and h.venue_id = ${venueId} and v.deleted_at is null for update of h, v`);
    if (!hall) return { ok: false, code: 'not_found' };
    const name = patch.name?.trim();
    if (name !== undefined) {
      const [twin] = await tx.execute<{ id: string }>(sql`select id from halls
        where venue_id = ${venueId} and id <> ${hallId} and lower(name) = lower(${name}) limit 1`);
      if (twin) throw new CatalogError('validation_failed', `the venue already has a hall named "${name}"`);
    }
    if (patch.layout) {
      const [used] = await tx
        .select({ id: shows.id })
        .from(shows)
        .where(and(eq(shows.hallId, hallId), isNull(shows.deletedAt)))
        .limit(1);
      if (used) return { ok: false, code: 'hall_in_use' };
    }
    const [row] = await tx
      .update(halls)
      .set({
        ...(name !== undefined ? { name } : {}),
        ...(patch.layout ? { layout: patch.layout, capacity: capacity! } : {}),
      })
      .where(eq(halls.id, hallId))
      .returning();
    return { ok: true, hall: row! };
  });
}

export type VenueRemoval = { ok: true } | { ok: false; code: 'not_found' | 'venue_in_use'; showIds?: string[] };

/** Soft-deletes a venue that has no upcoming show left selling (cancelled and removed shows do not count). */
export async function removeVenue(db: Executor, venueId: string, now: Date): Promise<VenueRemoval> {
  return db.transaction(async (tx) => {
    const [venue] = await tx.execute<{ id: string }>(
      sql`select id from venues where id = ${venueId} and deleted_at is null for update`,
    );
    if (!venue) return { ok: false, code: 'not_found' };
    const busy = await tx.execute<{ id: string }>(sql`select s.id from shows s join halls h on h.id = s.hall_id
      left join show_stats st on st.show_id = s.id
      where h.venue_id = ${venueId} and s.deleted_at is null and s.starts_at > ${now.toISOString()}::timestamptz
        and st.state is distinct from 'cancelled'
      order by s.starts_at limit 20`);
    if (busy.length > 0) return { ok: false, code: 'venue_in_use', showIds: busy.map((r) => r.id) };
    await tx.update(venues).set({ deletedAt: now }).where(eq(venues.id, venueId));
    return { ok: true };
  });
}

/** Catalog-only fields of a show: they never reach its actor. */
export interface ShowCatalogPatch {
  startsAt?: Date;
  endsAt?: Date;
  feePerTicket?: number;
  cancellationPolicy?: CancellationPolicy;
}

export type TimeChanges = Partial<Record<'startsAt' | 'endsAt', { from: string; to: string }>>;

/**
 * Updates a show's catalog fields and, when its time moved, records one `show.updated` fact per
 * confirmed booking in the outbox. Run it in a transaction, so the facts commit with the change
 * and every ticket holder hears of it exactly once.
 */
export async function updateShowCatalog(
  db: Executor,
  show: ShowRow,
  patch: ShowCatalogPatch,
  at: Date,
): Promise<{ row: ShowRow; timeChanges: TimeChanges; notified: number }> {
  const timeChanges: TimeChanges = {};
  if (patch.startsAt && patch.startsAt.getTime() !== show.startsAt.getTime())
    timeChanges.startsAt = { from: show.startsAt.toISOString(), to: patch.startsAt.toISOString() };
  if (patch.endsAt && patch.endsAt.getTime() !== show.endsAt.getTime())
    timeChanges.endsAt = { from: show.endsAt.toISOString(), to: patch.endsAt.toISOString() };
  const [row] = await db
    .update(shows)
    .set(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)))
    .where(eq(shows.id, show.id))
    .returning();
  let notified = 0;
  if (Object.keys(timeChanges).length > 0) {
    const changes = JSON.stringify(timeChanges);
    const inserted = await db.execute(sql`insert into outbox (event_key, topic, user_id, show_id, payload)
        select 'show.updated:' || b.show_id || ':' || b.id || ':' || ${String(at.getTime())}, 'show.updated', b.user_id,
          b.show_id, jsonb_build_object('showId', b.show_id, 'bookingId', b.id, 'changes', ${changes}::jsonb)
        from bookings b where b.show_id = ${show.id} and b.status = 'confirmed'
        on conflict (event_key) do nothing`);
    notified = inserted.count;
  }
  return { row: row!, timeChanges, notified };
}

export async function removeShow(db: Executor, showId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(shows)
    .set({ deletedAt: at })
    .where(and(eq(shows.id, showId), isNull(shows.deletedAt)))
    .returning({ id: shows.id });
  return rows.length > 0;
}

/**
 * What a show's cancellation touched: the bookings it cancelled (they carry its full refund, id
 * `cancel-<bookingId>`) and the holds it ended. Both are read models, so a repeated cancel or delete
 * can answer as the first one did.
 */
export async function cancellationFootprint(
  db: Executor,
  showId: string,
): Promise<{ bookingIds: string[]; cancelledHolds: number }> {
  const [bookingRows, [holdRow]] = await Promise.all([
    db.execute<{ id: string }>(sql`select b.id from bookings b
      where b.show_id = ${showId} and exists (select 1 from refunds r where r.id = 'cancel-' || b.id)
      order by b.id`),
    db.execute<{ n: number }>(
      sql`select count(*)::int as n from holds where show_id = ${showId} and status = 'cancelled'`,
    ),
  ]);
  return { bookingIds: bookingRows.map((r) => r.id), cancelledHolds: holdRow?.n ?? 0 };
}
