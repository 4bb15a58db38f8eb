import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { ShowDecision, ShowEvent } from '../../actors/show/types.js';
import { shows } from './catalog.js';

/**
 * The fence of a show's single writer. Taking a show bumps `epoch`; every journal write updates
 * this row `WHERE epoch = <the writer's epoch>` in its own transaction, so a stale owner's write
 * matches no row and fails.
 */
export const showOwners = pgTable(
  'show_owners',
  {
    showId: text()
      .primaryKey()
      .references(() => shows.id),
    epoch: integer().notNull(),
    ownerNode: text().notNull(),
    /** Last journal seq committed. */
    lastSeq: bigint({ mode: 'number' }).notNull().default(0),
    takenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Earliest deadline in the show's context, so a passivated show is woken when something falls due. */
    nextDeadlineAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** Set while any hold is paying, so a restart reconciles it with the gateway. */
    hasPayingHolds: boolean().notNull().default(false),
  },
  (t) => [index('show_owners_deadline_idx').on(t.nextDeadlineAt)],
);

/**
 * One row per command that changed the show, in order: the command, the decisions it produced and
 * the state it left. A rebuild applies the decisions (version 2); version 1 rows, written before
 * decisions were kept, hold the command alone and are decided again once when read.
 */
export const showJournal = pgTable(
  'show_journal',
  {
    showId: text().notNull(),
    seq: bigint({ mode: 'number' }).notNull(),
    epoch: integer().notNull(),
    event: jsonb().$type<ShowEvent>().notNull(),
    decisions: jsonb().$type<ShowDecision[]>(),
    state: text(),
    version: smallint().notNull().default(1),
    recordedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.seq] })],
);

/** The latest persisted XState snapshot of a show, taken every N events and on passivation. */
export const showSnapshots = pgTable('show_snapshots', {
  showId: text().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  machineId: text().notNull(),
  snapshot: jsonb().$type<unknown>().notNull(),
  takenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Counts each actor publishes with every write, so listings never scan seats. */
export const showStats = pgTable('show_stats', {
  showId: text().primaryKey(),
  state: text().notNull(),
  capacity: integer().notNull(),
  available: integer().notNull(),
  held: integer().notNull(),
  booked: integer().notNull(),
  waitlistLength: integer().notNull(),
  categories: jsonb().$type<{ category: string; price: number; available: number }[]>().notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * How far the asynchronous read models (holds, waitlist entries, show stats) have followed a show's
 * journal. Each projection moves `seq` from the value it read to the last entry it wrote, in the
 * transaction that writes the rows, so two projectors can never both apply the same entries.
 */
export const showProjections = pgTable('show_projections', {
  showId: text().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull().default(0),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
