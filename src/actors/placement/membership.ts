import type postgres from 'postgres';
import type { Logger } from 'pino';
import { createHashRing, type HashRing, type RingMember } from './hash-ring.js';

export interface MemberInfo extends RingMember {
  /** Milliseconds since the member last renewed its lease (by the database's clock). */
  leaseAgeMs: number;
  /** Milliseconds until its lease lapses. */
  leaseExpiresInMs: number;
  liveShows: number;
}

export interface MembershipOptions {
  sql: postgres.Sql;
  nodeId: string;
  /** How other nodes reach this one. */
  url: string;
  leaseMs: number;
  heartbeatMs: number;
  log: Logger;
  /** Reported with every heartbeat, for GET /api/cluster. */
  liveShows(): number;
}

export interface Membership {
  readonly nodeId: string;
  readonly url: string;
  ring(): HashRing;
  members(): MemberInfo[];
  /**
   * True while this node's lease is known to be renewed. It turns false before the lease can lapse
   * in the database (self-fencing): a node that cannot renew stops taking show writes.
   */
  healthy(): boolean;
  onChange(listener: (ring: HashRing, healthy: boolean) => void): () => void;
  start(): Promise<void>;
  /** Leaves the cluster at once (row removed, peers notified) so its shows move without waiting. */
  stop(): Promise<void>;
}

const CHANNEL = 'cluster_members';

/**
 * Registers this node in `cluster_nodes`, renews its lease by heartbeat, and keeps the ring of live
 * members. LISTEN/NOTIFY tells peers about joins and leaves at once; the heartbeat's periodic refresh
 * catches nodes that died without a word once their lease lapses.
 */
export function createMembership(opts: MembershipOptions): Membership {
  const { sql, nodeId, url, leaseMs, log } = opts;
  let ring = createHashRing([]);
  let members: MemberInfo[] = [];
  // Local monotonic time until which our lease is certainly valid: counted from when the renewal was
  // sent, so it always ends before the database's own lease ends.
  let validUntil = 0;
  let wasHealthy = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let unlisten: (() => Promise<void>) | null = null;
  let refreshing: Promise<void> | null = null;
  const listeners = new Set<(ring: HashRing, healthy: boolean) => void>();
  const margin = Math.min(1000, leaseMs / 5);
  const healthy = () => performance.now() < validUntil;

  async function renew(): Promise<void> {
    const sentAt = performance.now();
    await sql`insert into cluster_nodes (node_id, url, started_at, renewed_at, lease_expires_at, live_shows)
      values (${nodeId}, ${url}, now(), now(), now() + ${leaseMs} * interval '1 millisecond', ${opts.liveShows()})
      on conflict (node_id) do update set url = excluded.url, renewed_at = now(),
        lease_expires_at = excluded.lease_expires_at, live_shows = excluded.live_shows`;
    validUntil = sentAt + leaseMs - margin;
  }

  async function readMembers(): Promise<void> {
    const rows = await sql<
      { node_id: string; url: string; age_ms: number; expires_in_ms: number; live_shows: number }[]
    >`select node_id, url, live_shows,
        (extract(epoch from now() - renewed_at) * 1000)::float8 as age_ms,
        (extract(epoch from lease_expires_at - now()) * 1000)::float8 as expires_in_ms
      from cluster_nodes where lease_expires_at > now() order by node_id`;
    members = rows.map((r) => ({
      nodeId: r.node_id,
      url: r.url,
      leaseAgeMs: Math.round(r.age_ms),
      leaseExpiresInMs: Math.round(r.expires_in_ms),
      liveShows: r.live_shows,
    }));
    // A node that cannot vouch for its own lease leaves itself out, even if the table still lists it.
    const live = members.filter((m) => m.nodeId !== nodeId || healthy());
    const next = createHashRing(live.map((m) => ({ nodeId: m.nodeId, url: m.url })));
    const nowHealthy = healthy();
    if (next.version !== ring.version || nowHealthy !== wasHealthy) {
      const before = ring.version;
      ring = next;
      wasHealthy = nowHealthy;
      log.info({ ring: ring.version, before, members: live.map((m) => m.nodeId), healthy: nowHealthy }, 'ring changed');
      for (const l of listeners) l(ring, nowHealthy);
    }
  }

  function refresh(): Promise<void> {
    refreshing ??= readMembers()
      .catch((err) => log.warn({ err }, 'reading cluster members failed'))
      .finally(() => (refreshing = null));
    return refreshing;
  }

  async function beat(): Promise<void> {
    // A lease that lapsed unobserved (the process was paused or its event loop stalled) may have let
    // another node take this node's shows and change them. Say so before renewing, so every live
    // show is handed off and rebuilt from the database, never served again from a stale actor.
    if (wasHealthy && !healthy()) {
      wasHealthy = false;
      log.warn({ ring: ring.version }, 'lease lapsed before it was renewed; handing off every live show');
      for (const l of listeners) l(ring, false);
    }
    try {
      await renew();
    } catch (err) {
      log.warn({ err, healthy: healthy() }, 'lease renewal failed');
    }
    await refresh();
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void beat().finally(schedule), opts.heartbeatMs);
    timer.unref();
  }

  return {
    nodeId,
    url,
    ring: () => ring,
    members: () => members,
    healthy,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await renew();
      const listening = await sql.listen(CHANNEL, () => void refresh());
      unlisten = () => listening.unlisten();
      await sql`select pg_notify(${CHANNEL}, ${nodeId})`;
      await refresh();
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      validUntil = 0;
      try {
        await sql`delete from cluster_nodes where node_id = ${nodeId}`;
        await sql`select pg_notify(${CHANNEL}, ${nodeId})`;
      } catch (err) {
        log.warn({ err }, 'leaving the cluster failed; peers will notice when the lease lapses');
      }
      await unlisten?.().catch(() => {});
    },
  };
}
