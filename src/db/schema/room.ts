import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { RoomEvent, RoomOutcome } from '../../actors/room/types.js';
import { shows } from './catalog.js';

/**
 * The fence of a show's waiting room, like `show_owners`: taking the room bumps `epoch`, and every
 * journal write updates this row `WHERE epoch = <the writer's epoch> AND last_seq = <its previous
 * write>`, so a stale owner's write matches no row and fails. A row exists once a room was configured.
 */
export const roomOwners = pgTable(
  'room_owners',
  {
    showId: text()
      .primaryKey()
      .references(() => shows.id, { onDelete: 'cascade' }),
    epoch: integer().notNull(),
    ownerNode: text().notNull(),
    /** Last journal seq committed. */
    lastSeq: bigint({ mode: 'number' }).notNull().default(0),
    /** The room's state after its last write. */
    state: text().notNull().default('closed'),
    /** Configured and not ended: its owner keeps it loaded, and the show's holds need admission. */
    live: boolean().notNull().default(true),
    takenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('room_owners_live_idx').on(t.live)],
);

/**
 * One row per room event that changed something, in order, with what it decided. Replaying the
 * events (ticks carry their seed) gives the same order and the same admissions.
 */
export const roomJournal = pgTable(
  'room_journal',
  {
    showId: text().notNull(),
    seq: bigint({ mode: 'number' }).notNull(),
    epoch: integer().notNull(),
    event: jsonb().$type<RoomEvent>().notNull(),
    outcomes: jsonb().$type<RoomOutcome[]>().notNull(),
    version: smallint().notNull().default(1),
    recordedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.seq] })],
);

/** The latest snapshot of a room's context, taken every N events and when its host stops. */
export const roomSnapshots = pgTable('room_snapshots', {
  showId: text().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  snapshot: jsonb().$type<unknown>().notNull(),
  takenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
