import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from '../../db/client.js';
import type { RawTx } from './read-models.js';
import { showJournal, showOwners, showSnapshots } from '../../db/schema/index.js';
import type { ShowEvent } from '../show/types.js';

/** Thrown when a write finds that another writer has taken the show (its epoch moved on). */
export class FencedError extends Error {
  constructor(
    readonly showId: string,
    readonly epoch: number,
  ) {
    super(`show ${showId}: epoch ${epoch} is no longer current; another owner took over`);
    this.name = 'FencedError';
  }
}

export interface JournalEntry {
  seq: number;
  event: ShowEvent;
}

export interface StoredSnapshot {
  seq: number;
  machineId: string;
  snapshot: unknown;
}

/**
 * A snapshot serialized at the moment it was taken. The machine updates its holds and bookings
 * records in place, so a snapshot object kept across an await would drift past its seq.
 */
export interface SnapshotToSave {
  seq: number;
  machineId: string;
  json: string;
}

/**
 * Takes ownership of a show: bumps its epoch, so every write of a previous owner fails from now on.
 * Waits for (and so never interleaves with) a previous owner's write in flight, because both touch
 * the same row.
 */
export async function takeOwnership(db: Db, showId: string, nodeId: string): Promise<number> {
  const rows = await db
    .insert(showOwners)
    .values({ showId, epoch: 1, ownerNode: nodeId })
    .onConflictDoUpdate({
      target: showOwners.showId,
      set: { epoch: sql`${showOwners.epoch} + 1`, ownerNode: nodeId, takenAt: sql`now()` },
    })
    .returning({ epoch: showOwners.epoch });
  return rows[0]!.epoch;
}

export async function loadSnapshot(db: Db, showId: string): Promise<StoredSnapshot | null> {
  const rows = await db.select().from(showSnapshots).where(eq(showSnapshots.showId, showId)).limit(1);
  const row = rows[0];
  return row ? { seq: row.seq, machineId: row.machineId, snapshot: row.snapshot } : null;
}

export async function loadJournalAfter(db: Db, showId: string, afterSeq: number): Promise<JournalEntry[]> {
  const rows = await db
    .select({ seq: showJournal.seq, event: showJournal.event })
    .from(showJournal)
    .where(and(eq(showJournal.showId, showId), gt(showJournal.seq, afterSeq)))
    .orderBy(asc(showJournal.seq));
  return rows;
}

export interface FenceUpdate {
  lastSeq: number;
  nextDeadlineAt: number | null;
  hasPayingHolds: boolean;
}

/** PostgreSQL's division_by_zero, which the fence statement raises on purpose when it matches no row. */
const FENCE_TRIPPED = '22012';

/**
 * The fence: the first statement of every write transaction. It updates the show's owner row only
 * if `epoch` is still current, and raises an error otherwise, so the whole transaction (pipelined
 * behind it) rolls back. The row lock it takes makes a takeover wait for this write to finish.
 */
export function fenceQuery(tx: RawTx, showId: string, epoch: number, update: FenceUpdate) {
  const deadline = update.nextDeadlineAt === null ? null : new Date(update.nextDeadlineAt).toISOString();
  return tx`with fenced as (
      update show_owners set last_seq = ${update.lastSeq}, next_deadline_at = ${deadline}::timestamptz,
        has_paying_holds = ${update.hasPayingHolds}
      where show_id = ${showId} and epoch = ${epoch}
      returning 1)
    select 1 / (select count(*)::int from fenced) as current`;
}

/** Turns the fence's deliberate error into FencedError; other errors pass through. */
export function asFenced(err: unknown, showId: string, epoch: number): unknown {
  return (err as { code?: string }).code === FENCE_TRIPPED ? new FencedError(showId, epoch) : err;
}

export function appendEventsQuery(tx: RawTx, showId: string, epoch: number, entries: JournalEntry[]) {
  return tx`insert into show_journal (show_id, seq, epoch, event)
    select ${showId}, seq, ${epoch}, event::jsonb
    from unnest(${tx.array(entries.map((e) => e.seq))}::bigint[], ${tx.array(entries.map((e) => JSON.stringify(e.event)))}::text[])
      as t(seq, event)`;
}

/**
 * JSON text goes in as `text` and is cast in SQL: postgres.js would JSON-encode a string sent as
 * a jsonb parameter a second time, storing one string instead of the document.
 */
export function saveSnapshotQuery(tx: RawTx, showId: string, snap: SnapshotToSave) {
  return tx`insert into show_snapshots (show_id, seq, machine_id, snapshot, taken_at)
    values (${showId}, ${snap.seq}, ${snap.machineId}, ${snap.json}::text::jsonb, now())
    on conflict (show_id) do update set seq = excluded.seq, machine_id = excluded.machine_id,
      snapshot = excluded.snapshot, taken_at = now()`;
}

/** Runs the fence and the given statements pipelined in one transaction. */
export async function writeFenced(
  sql: postgres.Sql,
  showId: string,
  epoch: number,
  update: FenceUpdate,
  statements: (tx: RawTx) => Promise<unknown>[],
): Promise<void> {
  try {
    await sql.begin((tx) => [fenceQuery(tx, showId, epoch, update), ...statements(tx)]);
  } catch (err) {
    throw asFenced(err, showId, epoch);
  }
}
