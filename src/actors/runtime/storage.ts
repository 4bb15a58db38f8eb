import type { ShowDecision, ShowEvent, ShowInput } from '../show/types.js';
import type { ShowSummary } from './types.js';

/*
 * The storage port: everything the runtime asks of the database, and nothing else. `src/db`
 * implements it with PostgreSQL; the runtime never sees SQL, a client or a table.
 */

/** One journaled command. `decisions` and `state` are null in entries written before decisions were kept. */
export interface JournalEntry {
  seq: number;
  event: ShowEvent;
  decisions: ShowDecision[] | null;
  state: string | null;
}

/** An entry as the runtime writes it today: always with its decisions. */
export interface JournalRecord extends JournalEntry {
  decisions: ShowDecision[];
  state: string;
}

export interface StoredSnapshot {
  seq: number;
  machineId: string;
  snapshot: unknown;
}

/**
 * A snapshot serialized at the moment it was taken. The rules update the holds and bookings records
 * in place, so a snapshot object kept across an await would drift past its seq.
 */
export interface SnapshotToSave {
  seq: number;
  machineId: string;
  json: string;
}

/** What the owner row records with every write, so a stopped show can be woken and reconciled. */
export interface FenceFacts {
  lastSeq: number;
  nextDeadlineAt: number | null;
  hasPayingHolds: boolean;
}

/** One group commit of a show: its journal entries and whatever must be durable with them. */
export interface CommitBatch {
  showId: string;
  epoch: number;
  currency: string;
  /** The journal position this batch follows: the write fails unless that is still the last one committed. */
  prevSeq: number;
  entries: JournalRecord[];
  fence: FenceFacts;
  /** The show's counts after the batch, published with it (listings read them). */
  summary: ShowSummary;
  snapshot: SnapshotToSave | null;
}

/** Journal entries to project into the asynchronous read models. */
export interface ProjectionBatch {
  showId: string;
  currency: string;
  /** The checkpoint the projector read; the write fails if another projector moved it meanwhile. */
  fromSeq: number;
  toSeq: number;
  entries: JournalRecord[];
}

/** Rules that apply to every show unless the show overrides them (holdTtlSeconds). */
export interface DefaultRules {
  maxSeatsPerOrder: number;
  maxSeatsPerCustomer: number;
  holdTtlSeconds: number;
  holdGraceSeconds: number;
  offerTtlSeconds: number;
  waitlistMaxWaitSeconds: number;
  paymentBoundSeconds: number;
}

export interface ShowStorage {
  /** The machine input of a show from its catalog rows; null for an unknown show. */
  loadInput(showId: string, defaults: DefaultRules): Promise<ShowInput | null>;
  /**
   * Takes ownership of a show: bumps its epoch, so every write of a previous owner fails from now
   * on, and waits for (never interleaves with) a previous owner's write in flight.
   */
  takeOwnership(showId: string, nodeId: string): Promise<number>;
  loadSnapshot(showId: string): Promise<StoredSnapshot | null>;
  loadJournalAfter(showId: string, afterSeq: number): Promise<JournalEntry[]>;
  /** The last journal entry the asynchronous read models have followed. */
  projectedSeq(showId: string): Promise<number>;
  /**
   * What a rebuild reads, at once: the latest snapshot, the read models' checkpoint, and the journal
   * after the older of the two (the read models may lag behind the snapshot after a crash).
   */
  loadForRebuild(
    showId: string,
  ): Promise<{ snapshot: StoredSnapshot | null; projectedSeq: number; journal: JournalEntry[] }>;
  /**
   * Writes one batch in one round trip. Batches of one show may be sent before the previous one is
   * answered; they are applied in the order sent, and a batch behind a failed one fails too.
   * Rejects with FencedError when another owner has taken the show.
   */
  commit(batch: CommitBatch): Promise<void>;
  /** Saves a snapshot alone (passivation, first activation), fenced by the epoch. */
  saveSnapshot(showId: string, epoch: number, fence: FenceFacts, snapshot: SnapshotToSave): Promise<void>;
  /** Rejects with ProjectionConflictError when the checkpoint is no longer `fromSeq`. */
  project(batch: ProjectionBatch): Promise<void>;
  /** Passivated shows with a deadline that has come. */
  dueShows(limit: number): Promise<string[]>;
  /** Shows to wake at start-up: deadlines that have come, holds left paying, read models behind. */
  showsToRecover(): Promise<string[]>;
  /** Lets go of what the storage keeps for writing (connections); called when the runtime stops. */
  close(): void;
}

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

/** Thrown when another projector moved a show's read models on; the projection is redone from the journal. */
export class ProjectionConflictError extends Error {
  constructor(readonly showId: string) {
    super(`show ${showId}: the read models were projected by someone else meanwhile`);
    this.name = 'ProjectionConflictError';
  }
}
