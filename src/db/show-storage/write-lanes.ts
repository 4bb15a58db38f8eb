import type postgres from 'postgres';
import { isDatabaseUnavailable } from '../unavailable.js';

/**
 * Connections reserved for show commits. A show always writes on the same lane, so its batches can
 * be sent one after another without waiting for answers (postgres.js pipelines them on the
 * connection) and PostgreSQL still applies them in the order sent.
 *
 * A lane whose connection is lost (closed, reset, the server shutting down) is dead at once: every
 * write still waiting on it fails with the error that killed it, and no write is sent on it again.
 * postgres.js has already taken the connection back when it closed, and would leave writes queued
 * behind a busy reserved connection waiting forever; releasing it as well would put a closed
 * connection among the open ones. The next write reserves a fresh connection.
 */
export interface WriteLanes {
  /** Runs a write on the show's lane; a lost connection fails it and every write behind it. */
  run<T>(showId: string, write: (lane: postgres.ReservedSql) => Promise<T>): Promise<T>;
  close(): void;
}

interface Lane {
  sql: postgres.ReservedSql;
  /** Rejects when the lane dies, so writes queued on it do not wait for an answer that never comes. */
  died: Promise<never>;
  kill(err: unknown): void;
  dead: boolean;
}

export function createWriteLanes(sql: postgres.Sql, count: number): WriteLanes {
  const lanes: (Promise<Lane> | null)[] = Array.from({ length: count }, () => null);

  function laneAt(i: number): Promise<Lane> {
    let lane = lanes[i];
    if (!lane) {
      lane = sql.reserve().then(newLane);
      // A failed reserve (database down) must not stick: the next write tries again.
      lane.catch(() => lanes[i] === lane && (lanes[i] = null));
      lanes[i] = lane;
    }
    return lane;
  }

  return {
    async run(showId, write) {
      const i = hash(showId) % count;
      const lanePromise = laneAt(i);
      const lane = await lanePromise;
      try {
        return await Promise.race([write(lane.sql), lane.died]);
      } catch (err) {
        if (!lane.dead && !leavesConnectionUsable(err)) {
          lane.kill(err);
          if (lanes[i] === lanePromise) lanes[i] = null;
          // A connection still open (the error was ours, not the database's) goes back to the pool.
          if (!isDatabaseUnavailable(err)) lane.sql.release();
        }
        throw err;
      }
    },
    close() {
      for (const [i, lane] of lanes.entries()) {
        lanes[i] = null;
        void lane?.then((l) => l.dead || l.sql.release(), () => {});
      }
    },
  };
}

function newLane(reserved: postgres.ReservedSql): Lane {
  let reject!: (err: unknown) => void;
  const died = new Promise<never>((_, r) => (reject = r));
  died.catch(() => {});
  const lane: Lane = {
    sql: reserved,
    died,
    dead: false,
    kill(err) {
      lane.dead = true;
      reject(err);
    },
  };
  return lane;
}

/** An error PostgreSQL answered on a live session (a fence, a constraint): the connection is fine. */
function leavesConnectionUsable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const severity = (err as { severity?: unknown }).severity;
  return typeof severity === 'string' && severity !== 'FATAL' && severity !== 'PANIC';
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
