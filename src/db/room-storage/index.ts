import { RoomFencedError, type RoomCommit, type RoomJournalEntry, type RoomStorage } from '../../actors/room-runtime/storage.js';
import type { RoomEvent, RoomOutcome } from '../../actors/room/types.js';
import type { Db } from '../client.js';

/**
 * The room storage port on PostgreSQL. A commit is one statement: the fenced update of the owner row,
 * the journal rows and the snapshot are data-modifying parts of one query that insert only when the
 * fence row matched, so the write is atomic and costs one round trip.
 */
export function createPgRoomStorage(db: Db): RoomStorage {
  const sql = db.$client;
  return {
    async takeOwnership(showId, nodeId, create) {
      if (!create) {
        const [row] = await sql<{ epoch: number }[]>`
          update room_owners set epoch = epoch + 1, owner_node = ${nodeId}, taken_at = now(),
            last_seq = coalesce((select max(seq) from room_journal where show_id = ${showId}), 0)
          where show_id = ${showId} returning epoch`;
        return row ? row.epoch : null;
      }
      const [row] = await sql<{ epoch: number }[]>`
        insert into room_owners (show_id, epoch, owner_node) values (${showId}, 1, ${nodeId})
        on conflict (show_id) do update set epoch = room_owners.epoch + 1, owner_node = excluded.owner_node,
          taken_at = now(),
          last_seq = coalesce((select max(seq) from room_journal where show_id = ${showId}), 0)
        returning epoch`;
      return row!.epoch;
    },

    async load(showId) {
      const [snapshots, journal] = await Promise.all([
        sql<{ seq: string; snapshot: unknown }[]>`select seq, snapshot from room_snapshots where show_id = ${showId}`,
        sql<{ seq: string; event: RoomEvent; outcomes: RoomOutcome[] }[]>`
          select seq, event, outcomes from room_journal
          where show_id = ${showId}
            and seq > coalesce((select seq from room_snapshots where show_id = ${showId}), 0)
          order by seq`,
      ]);
      const snap = snapshots[0];
      return {
        snapshot: snap ? { seq: Number(snap.seq), snapshot: snap.snapshot } : null,
        journal: journal.map((r): RoomJournalEntry => ({ seq: Number(r.seq), event: r.event, outcomes: r.outcomes })),
      };
    },

    async commit(batch: RoomCommit) {
      const last = batch.entries.length > 0 ? batch.entries[batch.entries.length - 1]!.seq : batch.prevSeq;
      // Documents go in as text and are cast in SQL: postgres.js would encode a string sent as a
      // jsonb parameter a second time.
      const entries = JSON.stringify(batch.entries);
      const snapshot = batch.snapshot;
      const [row] = await sql<{ fenced: boolean }[]>`
        with fence as (
          update room_owners set last_seq = ${last}, state = ${batch.state}, live = ${batch.live}, updated_at = now()
          where show_id = ${batch.showId} and epoch = ${batch.epoch} and last_seq = ${batch.prevSeq}
          returning show_id),
        journal as (
          insert into room_journal (show_id, seq, epoch, event, outcomes)
          select fence.show_id, e.seq, ${batch.epoch}, e.event, e.outcomes
          from fence, jsonb_to_recordset(${entries}::text::jsonb) as e(seq bigint, event jsonb, outcomes jsonb)
          returning seq),
        snapshot as (
          insert into room_snapshots (show_id, seq, snapshot)
          select fence.show_id, ${snapshot?.seq ?? 0}, ${snapshot?.json ?? 'null'}::text::jsonb
          from fence where ${snapshot !== null}
          on conflict (show_id) do update set seq = excluded.seq, snapshot = excluded.snapshot, taken_at = now()
          returning seq)
        select not exists (select 1 from fence) as fenced,
          (select count(*) from journal) as journaled, (select count(*) from snapshot) as snapshotted`;
      if (row!.fenced) throw new RoomFencedError(batch.showId, batch.epoch);
    },

    async rooms() {
      const rows = await sql<{ show_id: string; live: boolean }[]>`select show_id, live from room_owners`;
      return rows.map((r) => ({ showId: r.show_id, live: r.live }));
    },
  };
}
