import type { RoomEvent, RoomOutcome, RoomState } from '../room/types.js';

/*
 * The room's storage port: what the room host asks of the database. `src/db/room-storage`
 * implements it with PostgreSQL; the host never sees SQL, a client or a table.
 */

/** One journaled room event with what it decided. */
export interface RoomJournalEntry {
  seq: number;
  event: RoomEvent;
  outcomes: RoomOutcome[];
}

export interface RoomStoredSnapshot {
  seq: number;
  snapshot: unknown;
}

/** One group commit of a room. */
export interface RoomCommit {
  showId: string;
  epoch: number;
  /** The journal position this batch follows: the write fails unless that is still the last one committed. */
  prevSeq: number;
  entries: RoomJournalEntry[];
  /** The room's state after the batch, and whether it is still on (configured and not ended). */
  state: RoomState;
  live: boolean;
  /** Serialized when taken (the context may change in place afterwards). */
  snapshot: { seq: number; json: string } | null;
}

export interface RoomStorage {
  /**
   * Takes ownership of a show's room: bumps its epoch, so every write of a previous owner fails from
   * now on. With `create` a room row is made for a show that had none; without it, null means the
   * show has never had a room.
   */
  takeOwnership(showId: string, nodeId: string, create: boolean): Promise<number | null>;
  /** The latest snapshot and the journal after it. */
  load(showId: string): Promise<{ snapshot: RoomStoredSnapshot | null; journal: RoomJournalEntry[] }>;
  /** Writes one batch in one round trip; rejects with RoomFencedError when another owner took the room. */
  commit(batch: RoomCommit): Promise<void>;
  /**
   * Every show with a room, and whether it is on: owners keep the rooms that are on loaded, so a
   * hold check never misses one, and a show missing here has no room without asking the database.
   */
  rooms(): Promise<{ showId: string; live: boolean }[]>;
}

/** A write found that another node has taken the room (its epoch or journal moved on). */
export class RoomFencedError extends Error {
  constructor(
    readonly showId: string,
    readonly epoch: number,
  ) {
    super(`room of show ${showId}: epoch ${epoch} is no longer current; another owner took over`);
    this.name = 'RoomFencedError';
  }
}
