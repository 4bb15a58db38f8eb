import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { holds, waitlistEntries, type HoldRow, type WaitlistRow } from '../schema/bookings.js';
import { events, shows } from '../schema/catalog.js';

/** The show a customer's hold or waiting place is for, as a list names it. */
export interface ShowHeading {
  title: string;
  startsAt: Date;
}

/**
 * A customer's holds that are still live by the holds read model: held and not past the time the
 * customer was given, or paying (a payment in flight keeps its hold up to its deadline). Soonest
 * deadline first. Call after the runtime's read models have caught up.
 */
export async function listLiveHolds(db: Executor, userId: string, now: Date): Promise<(HoldRow & ShowHeading)[]> {
  const rows = await db
    .select({ hold: holds, title: events.title, startsAt: shows.startsAt })
    .from(holds)
    .innerJoin(shows, eq(shows.id, holds.showId))
    .innerJoin(events, eq(events.id, shows.eventId))
    .where(
      and(
        eq(holds.userId, userId),
        or(
          and(eq(holds.status, 'held'), gt(holds.expiresAt, now)),
          and(eq(holds.status, 'paying'), gt(holds.deadlineAt, now)),
        ),
      ),
    )
    .orderBy(asc(holds.expiresAt));
  return rows.map((r) => ({ ...r.hold, title: r.title, startsAt: r.startsAt }));
}

/** A customer's waitlist entries still waiting or offered seats, oldest first, with their offers' holds. */
export async function listOpenWaitlistEntries(
  db: Executor,
  userId: string,
): Promise<(WaitlistRow & ShowHeading & { offer: HoldRow | null })[]> {
  const rows = await db
    .select({ entry: waitlistEntries, offer: holds, title: events.title, startsAt: shows.startsAt })
    .from(waitlistEntries)
    .innerJoin(shows, eq(shows.id, waitlistEntries.showId))
    .innerJoin(events, eq(events.id, shows.eventId))
    .leftJoin(holds, and(eq(waitlistEntries.status, 'offered'), eq(holds.id, waitlistEntries.holdId)))
    .where(and(eq(waitlistEntries.userId, userId), inArray(waitlistEntries.status, ['waiting', 'offered'])))
    .orderBy(asc(waitlistEntries.joinedAt));
  return rows.map((r) => ({ ...r.entry, title: r.title, startsAt: r.startsAt, offer: r.offer }));
}
