import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { maskEmail } from '../../../format/mask-email.js';
import { events, halls, showOwners, shows, showSnapshots, users, venues } from '../../../db/schema/index.js';

/*
 * The few reads the inspector makes beside the live actor: who the users in a show's context are,
 * what the live shows are called, and how far the journal and snapshot are in the database.
 */

export interface UserName {
  userId: string;
  /** Masked (see maskEmail): the inspector tells customers apart, it does not need their address. */
  email: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names and masked emails of the given users; ids that are not users (or not uuids) are simply absent. */
export async function userNames(db: Executor, userIds: readonly string[]): Promise<Map<string, UserName>> {
  const ids = [...new Set(userIds)].filter((id) => UUID.test(id));
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.userId, { ...r, email: maskEmail(r.email) }]));
}

export interface ShowTitle {
  title: string;
  startsAt: Date;
  /** The venue's IANA zone: the inspector writes a show's times on its clock, as the site does. */
  timeZone: string;
}

export async function showTitles(db: Executor, showIds: readonly string[]): Promise<Map<string, ShowTitle>> {
  if (showIds.length === 0) return new Map();
  const rows = await db
    .select({ showId: shows.id, title: events.title, startsAt: shows.startsAt, timeZone: venues.timeZone })
    .from(shows)
    .innerJoin(events, eq(events.id, shows.eventId))
    .innerJoin(halls, eq(halls.id, shows.hallId))
    .innerJoin(venues, eq(venues.id, halls.venueId))
    .where(inArray(shows.id, [...showIds]));
  return new Map(rows.map(({ showId, ...title }) => [showId, title]));
}

export interface JournalPosition {
  /** Last journal seq committed, as the fence row says. */
  committedSeq: number | null;
  ownerNode: string | null;
  snapshotSeq: number | null;
  snapshotAt: Date | null;
}

export async function journalPosition(db: Executor, showId: string): Promise<JournalPosition> {
  const [owner] = await db
    .select({ lastSeq: showOwners.lastSeq, ownerNode: showOwners.ownerNode })
    .from(showOwners)
    .where(eq(showOwners.showId, showId));
  const [snapshot] = await db
    .select({ seq: showSnapshots.seq, takenAt: showSnapshots.takenAt })
    .from(showSnapshots)
    .where(eq(showSnapshots.showId, showId));
  return {
    committedSeq: owner?.lastSeq ?? null,
    ownerNode: owner?.ownerNode ?? null,
    snapshotSeq: snapshot?.seq ?? null,
    snapshotAt: snapshot?.takenAt ?? null,
  };
}
