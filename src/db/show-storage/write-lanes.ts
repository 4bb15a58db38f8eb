import type postgres from 'postgres';

/**
 * Connections reserved for show commits. A show always writes on the same lane, so its batches can
 * be sent one after another without waiting for answers (postgres.js pipelines them on the
 * connection) and PostgreSQL still applies them in the order sent. Lanes are taken from the pool
 * when first used and given back when their connection fails, so a database restart costs a lane
 * only its in-flight batches.
 */
export interface WriteLanes {
  /** The connection for a show's writes; a show maps to one lane for as long as the lane lives. */
  laneFor(showId: string): Promise<postgres.ReservedSql>;
  /** Gives a lane back after an error on it; the next write takes a fresh connection. */
  discard(lane: postgres.ReservedSql): void;
  close(): void;
}

export function createWriteLanes(sql: postgres.Sql, count: number): WriteLanes {
  const lanes: (Promise<postgres.ReservedSql> | null)[] = Array.from({ length: count }, () => null);
  const indexOf = new Map<postgres.ReservedSql, number>();
  return {
    laneFor(showId) {
      const i = hash(showId) % count;
      let lane = lanes[i];
      if (!lane) {
        lane = sql.reserve().then((reserved) => {
          indexOf.set(reserved, i);
          return reserved;
        });
        // A failed reserve must not stick: the next write tries again.
        lane.catch(() => (lanes[i] = null));
        lanes[i] = lane;
      }
      return lane;
    },
    discard(reserved) {
      const i = indexOf.get(reserved);
      if (i === undefined) return;
      indexOf.delete(reserved);
      lanes[i] = null;
      reserved.release();
    },
    close() {
      for (const reserved of indexOf.keys()) reserved.release();
      indexOf.clear();
      lanes.fill(null);
    },
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
