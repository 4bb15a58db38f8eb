import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { createLoop, type Loop } from '../outbox/loop.js';

export interface HoldExpirySweeper extends Loop {
  /** Records `hold.expiring` for every hold due to expire within the warning; returns how many new. */
  runOnce(): Promise<number>;
}

/**
 * Warns customers whose hold is about to lapse. Every node runs it: the event key
 * `hold.expiring:<holdId>` makes a second sweep, here or elsewhere, record nothing new. Only shows
 * whose earliest deadline is near are searched (the owner row carries it), so a sweep does not read
 * every hold ever placed. A hold's deadline is its `expiresAt` plus the server's grace.
 */
export function createHoldExpirySweeper(deps: {
  db: Db;
  log: Logger;
  warningSeconds: number;
  graceSeconds: number;
  intervalMs?: number;
  /** Called when the sweep recorded something, so the dispatcher can deliver it now. */
  afterInsert?(count: number): void;
}): HoldExpirySweeper {
  const { db, log } = deps;
  const horizon = deps.warningSeconds + deps.graceSeconds;

  async function runOnce(): Promise<number> {
    const rows = await db.execute(sql`insert into outbox (event_key, topic, user_id, show_id, payload)
      select 'hold.expiring:' || h.id, 'hold.expiring', h.user_id, h.show_id,
        jsonb_build_object('holdId', h.id, 'showId', h.show_id, 'seats', h.seats, 'quantity', h.quantity,
          'total', h.total, 'currency', h.currency,
          'expiresAt', to_char(h.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      from show_owners o
      join holds h on h.show_id = o.show_id
      where o.next_deadline_at <= now() + make_interval(secs => ${horizon})
        and h.status = 'held'
        and h.expires_at > now() and h.expires_at <= now() + make_interval(secs => ${deps.warningSeconds})
      on conflict (event_key) do nothing
      returning id`);
    if (rows.length > 0) deps.afterInsert?.(rows.length);
    return rows.length;
  }

  const loop = createLoop({
    name: 'hold-expiry',
    intervalMs: deps.intervalMs ?? 5000,
    log,
    pass: async () => {
      await runOnce();
      return false;
    },
  });
  return { ...loop, runOnce };
}
