import type postgres from 'postgres';
import {
  FencedError,
  ProjectionConflictError,
  type CommitBatch,
  type FenceFacts,
  type JournalEntry,
  type ProjectionBatch,
  type ShowStorage,
  type SnapshotToSave,
  type StoredSnapshot,
} from '../../actors/runtime/storage.js';
import type { ShowDecision, ShowEvent } from '../../actors/show/types.js';
import type { Db } from '../client.js';
import { planCommitRows, planProjectionRows } from './plan-rows.js';
import { loadShowInput } from './show-input.js';
import { createWriteLanes } from './write-lanes.js';

export { planCommitRows, planProjectionRows, type CommitRows, type ProjectionRows } from './plan-rows.js';
export { ticketIdFor } from './ticket-ids.js';

/** The error codes the write functions raise on purpose (migrations/0003_show_write_functions.sql). */
const FENCED = 'SHF01';
const PROJECTION_MOVED = 'SHP01';

/**
 * The show storage port on PostgreSQL. A commit is one call of `showtime_commit` with the whole batch
 * as one JSON document: the fence, the journal and every row that must be durable with it in one
 * statement, so one round trip, and atomic without BEGIN and COMMIT.
 */
export function createPgShowStorage(db: Db, opts: { ticketSecret: string; lanes?: number }): ShowStorage {
  const sql = db.$client;
  const lanes = createWriteLanes(sql, opts.lanes ?? 2);

  function write(batch: Omit<CommitBatch, 'summary'> & { summary: CommitBatch['summary'] | null }): Promise<void> {
    const doc = {
      show_id: batch.showId,
      epoch: batch.epoch,
      currency: batch.currency,
      prev_seq: batch.prevSeq,
      ...fenceDoc(batch.fence),
      // JournalRecord is exactly a journal row (seq, event, decisions, state): no copy.
      journal: batch.entries,
      ...planCommitRows(batch.showId, opts.ticketSecret, batch.entries),
      summary: batch.summary,
    };
    return lanes.run(batch.showId, (lane) => call(lane, 'showtime_commit', doc, batch.snapshot)).then(
      () => {},
      (err: unknown) => {
        throw asFenced(err, batch.showId, batch.epoch);
      },
    );
  }

  return {
    loadInput: (showId, defaults) => loadShowInput(db, showId, defaults),

    async takeOwnership(showId, nodeId) {
      // The journal's end is read under the owner row's lock, so the commit chain starts from it
      // even if a previous owner's last write set last_seq otherwise.
      const [row] = await sql<{ epoch: number }[]>`
        with projection as (
          insert into show_projections (show_id, seq) values (${showId}, 0) on conflict (show_id) do nothing)
        insert into show_owners (show_id, epoch, owner_node) values (${showId}, 1, ${nodeId})
        on conflict (show_id) do update set epoch = show_owners.epoch + 1, owner_node = excluded.owner_node,
          taken_at = now(),
          last_seq = coalesce((select max(seq) from show_journal where show_id = ${showId}), 0)
        returning epoch`;
      return row!.epoch;
    },

    ...journalReader(db),

    async loadForRebuild(showId) {
      const reader = journalReader(db);
      const [snapshot, projectedSeq, journal] = await Promise.all([
        reader.loadSnapshot(showId),
        sql<{ seq: string }[]>`select seq from show_projections where show_id = ${showId}`.then((r) =>
          r[0] ? Number(r[0].seq) : 0,
        ),
        readJournal(
          sql,
          showId,
          sql`least(coalesce((select seq from show_snapshots where show_id = ${showId}), 0),
            coalesce((select seq from show_projections where show_id = ${showId}), 0))`,
        ),
      ]);
      return { snapshot, projectedSeq, journal };
    },

    async projectedSeq(showId) {
      const [row] = await sql<{ seq: string }[]>`select seq from show_projections where show_id = ${showId}`;
      return row ? Number(row.seq) : 0;
    },

    commit: (batch: CommitBatch) => write(batch),

    saveSnapshot: (showId, epoch, fence, snapshot) =>
      // A snapshot alone is a batch with no entries that follows the last one committed.
      write({ showId, epoch, currency: '', prevSeq: fence.lastSeq, entries: [], fence, summary: null, snapshot }),

    async project(batch: ProjectionBatch) {
      const doc = {
        show_id: batch.showId,
        currency: batch.currency,
        from_seq: batch.fromSeq,
        to_seq: batch.toSeq,
        ...planProjectionRows(batch.entries),
      };
      try {
        await call(sql, 'showtime_project', doc);
      } catch (err) {
        if ((err as { code?: string }).code === PROJECTION_MOVED) throw new ProjectionConflictError(batch.showId);
        throw err;
      }
    },

    async dueShows(limit) {
      const rows = await sql<{ show_id: string }[]>`
        select show_id from show_owners where next_deadline_at <= now() order by next_deadline_at limit ${limit}`;
      return rows.map((r) => r.show_id);
    },

    async showsToRecover() {
      const rows = await sql<{ show_id: string }[]>`
        select show_id from show_owners where has_paying_holds or next_deadline_at <= now()
        union select p.show_id from show_projections p join show_owners o using (show_id) where p.seq < o.last_seq`;
      return rows.map((r) => r.show_id);
    },

    close: () => lanes.close(),
  };
}

/** Reads a show's snapshot and journal (the inspector's history reads them without owning the show). */
export function journalReader(db: Db): Pick<ShowStorage, 'loadSnapshot' | 'loadJournalAfter'> {
  const sql = db.$client;
  return {
    async loadSnapshot(showId): Promise<StoredSnapshot | null> {
      const [row] = await sql<{ seq: string; machine_id: string; snapshot: unknown }[]>`
        select seq, machine_id, snapshot from show_snapshots where show_id = ${showId}`;
      return row ? { seq: Number(row.seq), machineId: row.machine_id, snapshot: row.snapshot } : null;
    },

    loadJournalAfter: (showId, afterSeq) => readJournal(sql, showId, sql`${afterSeq}`),
  };
}

/** A show's journal entries after a position given as an SQL expression, in order. */
async function readJournal(sql: postgres.Sql, showId: string, after: postgres.PendingQuery<postgres.Row[]>) {
  const rows = await sql<
    { seq: string; event: ShowEvent; decisions: ShowDecision[] | null; state: string | null; version: number }[]
  >`select seq, event, decisions, state, version from show_journal
    where show_id = ${showId} and seq > ${after} order by seq`;
  return rows.map((r): JournalEntry => ({
    seq: Number(r.seq),
    event: r.event,
    decisions: r.version >= 2 ? r.decisions : null,
    state: r.version >= 2 ? r.state : null,
  }));
}

function fenceDoc(fence: FenceFacts) {
  return {
    last_seq: fence.lastSeq,
    next_deadline_at: fence.nextDeadlineAt === null ? null : new Date(fence.nextDeadlineAt).toISOString(),
    has_paying_holds: fence.hasPayingHolds,
  };
}

/**
 * The document goes in as text and is cast in SQL: postgres.js would encode a string sent as a jsonb
 * parameter a second time. A snapshot is already JSON text (serialized when it was taken), so it is
 * spliced in as the document's last member rather than parsed and serialized again.
 */
function call(
  sql: postgres.Sql | postgres.ReservedSql,
  fn: 'showtime_commit' | 'showtime_project',
  doc: Record<string, unknown>,
  snapshot: SnapshotToSave | null = null,
) {
  let json = JSON.stringify(doc);
  if (snapshot) {
    const head = JSON.stringify({ seq: snapshot.seq, machine_id: snapshot.machineId }).slice(0, -1);
    json = `${json.slice(0, -1)},"snapshot":${head},"snapshot":${snapshot.json}}}`;
  }
  return fn === 'showtime_commit'
    ? sql`select showtime_commit(${json}::text::jsonb)`
    : sql`select showtime_project(${json}::text::jsonb)`;
}

function asFenced(err: unknown, showId: string, epoch: number): unknown {
  return (err as { code?: string }).code === FENCED ? new FencedError(showId, epoch) : err;
}
