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
  /**
   * The writes in flight on the lane, failed when it dies, so they do not wait for an answer that
   * never comes. Not a `died` promise raced against each write: a promise that lives as long as the
   * lane would keep a reaction, and with it the result, of every write ever raced against it.
   */
  inFlight: Set<(err: unknown) => void>;
  kill(err: unknown): void;
  dead: boolean;
  /** What killed the lane: a write that finds it dead fails with it, unsent. */
  cause: unknown;
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
    async run<T>(showId: string, write: (lane: postgres.ReservedSql) => Promise<T>): Promise<T> {
      const i = hash(showId) % count;
      const lanePromise = laneAt(i);
      const lane = await lanePromise;
      try {
        return await new Promise<T>((resolve, reject) => {
          if (lane.dead) return reject(lane.cause);
          const sent = write(lane.sql);
          lane.inFlight.add(reject);
          sent.then(resolve, reject).finally(() => lane.inFlight.delete(reject));
        });
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
        void lane?.then(
          (l) => l.dead || l.sql.release(),
          () => {},
        );
      }
    },
  };
}

function newLane(reserved: postgres.ReservedSql): Lane {
  const lane: Lane = {
    sql: reserved,
    inFlight: new Set(),
    dead: false,
    cause: undefined,
    kill(err) {
      lane.dead = true;
      lane.cause = err;
      for (const fail of lane.inFlight) fail(err);
      lane.inFlight.clear();
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
