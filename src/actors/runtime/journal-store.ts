import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
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

/**
 * The fence: fails with FencedError unless `epoch` is still the show's epoch. Runs first in every
 * write transaction and locks the owner row until commit, so a takeover waits for this write.
 */
export async function checkEpoch(tx: Tx, showId: string, epoch: number, update: FenceUpdate): Promise<void> {
  const rows = await tx
    .update(showOwners)
    .set({
      lastSeq: update.lastSeq,
      nextDeadlineAt: update.nextDeadlineAt === null ? null : new Date(update.nextDeadlineAt),
      hasPayingHolds: update.hasPayingHolds,
    })
    .where(and(eq(showOwners.showId, showId), eq(showOwners.epoch, epoch)))
    .returning({ epoch: showOwners.epoch });
  if (rows.length === 0) throw new FencedError(showId, epoch);
}

export async function appendEvents(tx: Tx, showId: string, epoch: number, entries: JournalEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(showJournal).values(entries.map((e) => ({ showId, seq: e.seq, epoch, event: e.event })));
}

export async function saveSnapshot(tx: Tx, showId: string, snap: SnapshotToSave): Promise<void> {
  const snapshot = sql`${snap.json}::jsonb`;
  await tx
    .insert(showSnapshots)
    .values({ showId, seq: snap.seq, machineId: snap.machineId, snapshot })
    .onConflictDoUpdate({
      target: showSnapshots.showId,
      set: { seq: snap.seq, machineId: snap.machineId, snapshot, takenAt: sql`now()` },
    });
}
