import type { Logger } from 'pino';
import { initialShowState, showMachine } from '../show/index.js';
import { applyEntry, persistedSnapshotOf, stateFromSnapshot } from './journal-replay.js';
import { fenceFacts, HostGoneError, ShowHost, type HostDeps } from './show-host.js';
import type { DefaultRules, JournalRecord, ShowStorage } from './storage.js';
import {
  NotOwnerError,
  OverloadedError,
  ShowNotFoundError,
  type Clock,
  type CommittedChange,
  type LiveShowInfo,
  type SeatMapView,
  type ShowCommand,
  type ShowRuntime,
  type ShowSummary,
} from './types.js';
import type { ShowOutcome } from '../show/types.js';

/** The read models' pace unless told otherwise; PROJECTION_PACE_MS sets it for a server. */
export const DEFAULT_PROJECTION_PACE_MS = 250;

export interface RuntimeOptions {
  storage: ShowStorage;
  clock: Clock;
  log: Logger;
  nodeId: string;
  rules: DefaultRules;
  snapshotEvery?: number;
  queueLimit?: number;
  maxBatch?: number;
  /** Batches of one show sent and not yet answered (pipelined on its write connection). */
  maxInFlight?: number;
  /**
   * Least time between two projections of a show's holds and waitlist read models: how long they
   * may lag its journal (plus one write), and the window in which a hold placed and released is
   * written once. Readers that wait for them (readModelsCaughtUp) never wait for it.
   */
  projectionPaceMs?: number;
  /** Idle shows are snapshotted and stopped after this long. */
  idleMs?: number;
  /** How often to look for passivated shows whose deadlines fell due. */
  sweepMs?: number;
  /** Called after a show's actor is rebuilt, e.g. to reconcile holds left paying by a crash. */
  afterActivate?(showId: string, info: { hasPayingHolds: boolean }): void;
  /** Called after every committed batch, e.g. to settle refunds of a cancelled show. */
  afterCommit?(change: CommittedChange): void;
  /** Placement: whether this node should host the show (always true on a single node). */
  owns?(showId: string): boolean;
  /** Rebuilds running at once; a failover then rebuilds its shows in waves, not all together. */
  maxConcurrentActivations?: number;
}

export interface LocalShowRuntime extends ShowRuntime {
  /** Starts the background sweeps and wakes shows with overdue deadlines or paying holds. */
  start(): Promise<void>;
  /** Passivates one show now (snapshot, stop); the next request rebuilds it. */
  passivate(showId: string): Promise<void>;
  liveShows(): string[];
  /** Every live show of this process with its epoch, journal position and queue. */
  describeLive(): LiveShowInfo[];
  /** The live actor's persisted snapshot (its committed state), activating the show if needed. */
  inspect(showId: string): Promise<unknown>;
  /** Counters since start: committed batches and the events they carried. */
  stats(): RuntimeStats;
  /**
   * Hands off every live show this node no longer owns: it stops taking commands, finishes the
   * writes in flight, saves a snapshot and stops; the new owner rebuilds it on first use.
   */
  handoff(): Promise<void>;
}

export interface RuntimeStats {
  liveShows: number;
  batches: number;
  events: number;
  commitMsTotal: number;
  maxBatch: number;
  /**
   * Batches sent while an earlier batch of the same show was still being committed: the database
   * already had the next batch when it finished the last, instead of waiting for this process to
   * read the answer between two HTTP requests.
   */
  pipelined: number;
}

/**
 * Hosts the live show actors of this process: activates a show on first use (rebuilding it from its
 * snapshot and journal), routes commands to it, passivates it when idle, and wakes passivated shows
 * whose deadlines fall due.
 */
export function createShowRuntime(opts: RuntimeOptions): LocalShowRuntime {
  const hosts = new Map<string, ShowHost>();
  const activating = new Map<string, Promise<ShowHost>>();
  const listeners = new Map<string, Set<(c: CommittedChange) => void>>();
  const idleMs = opts.idleMs ?? 5 * 60_000;
  const sweepMs = opts.sweepMs ?? 2_000;
  let sweepTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const counters = { batches: 0, events: 0, commitMsTotal: 0, maxBatch: 0, pipelined: 0 };

  const storage = opts.storage;
  const hostDeps: HostDeps = {
    storage,
    clock: opts.clock,
    log: opts.log,
    snapshotEvery: opts.snapshotEvery ?? 500,
    queueLimit: opts.queueLimit ?? 5000,
    maxBatch: opts.maxBatch ?? 1000,
    maxInFlight: opts.maxInFlight ?? 4,
    projectionPaceMs: opts.projectionPaceMs ?? DEFAULT_PROJECTION_PACE_MS,
    onCommitted(change) {
      for (const l of listeners.get(change.showId) ?? []) {
        try {
          l(change);
        } catch (err) {
          opts.log.warn({ err, showId: change.showId }, 'listener failed');
        }
      }
      opts.afterCommit?.(change);
    },
    onBatch({ size, ms, pipelined }) {
      counters.batches++;
      if (pipelined) counters.pipelined++;
      counters.events += size;
      counters.commitMsTotal += ms;
      counters.maxBatch = Math.max(counters.maxBatch, size);
    },
    onGone(host) {
      if (hosts.get(host.showId) === host) hosts.delete(host.showId);
    },
  };

  const maxActivations = opts.maxConcurrentActivations ?? 8;
  let activeActivations = 0;
  const activationQueue: (() => void)[] = [];

  async function activate(showId: string): Promise<ShowHost> {
    if (activeActivations >= maxActivations) await new Promise<void>((resolve) => activationQueue.push(resolve));
    activeActivations++;
    try {
      return await rebuild(showId);
    } finally {
      activeActivations--;
      activationQueue.shift()?.();
    }
  }

  async function rebuild(showId: string): Promise<ShowHost> {
    // The catalog read needs no fence, so it goes alongside the takeover; an unknown show fails both.
    const [input, epoch] = await Promise.all([
      storage.loadInput(showId, opts.rules),
      storage.takeOwnership(showId, opts.nodeId).catch((err: unknown) => err),
    ]);
    if (!input) throw new ShowNotFoundError(showId);
    if (typeof epoch !== 'number') throw epoch;
    // Fence first, read after: once the epoch is ours no older owner can append behind our read.
    const { snapshot: stored, projectedSeq, journal } = await storage.loadForRebuild(showId);
    if (stored && stored.machineId !== showMachine.id) {
      // A snapshot of another machine version needs a migration written for it; guessing would
      // rebuild the show wrong, so refuse loudly instead.
      throw new Error(
        `show ${showId}: snapshot of machine ${stored.machineId} cannot be restored by ${showMachine.id}`,
      );
    }
    const snapshotSeq = stored?.seq ?? 0;
    let state = stored ? stateFromSnapshot(stored.snapshot) : initialShowState(input);
    const unprojected: JournalRecord[] = [];
    try {
      for (const entry of journal) {
        if (entry.seq > snapshotSeq) {
          const applied = applyEntry(state, entry);
          state = applied.state;
          if (entry.seq > projectedSeq) unprojected.push(applied.record);
        } else if (entry.seq > projectedSeq && entry.decisions !== null && entry.state !== null) {
          unprojected.push({ ...entry, decisions: entry.decisions, state: entry.state });
        }
      }
    } catch (cause) {
      throw new Error(`show ${showId}: rebuilding from snapshot and journal failed`, { cause });
    }
    const lastSeq = journal.length > 0 ? Math.max(journal[journal.length - 1]!.seq, snapshotSeq) : snapshotSeq;
    let lastSnapshotSeq = stored ? stored.seq : -1;
    if (!stored || lastSeq - stored.seq >= hostDeps.snapshotEvery) {
      // The first snapshot freezes the show's input (rules, prices), so later changes to defaults
      // never alter how its journal replays.
      const json = JSON.stringify(persistedSnapshotOf(state));
      await storage.saveSnapshot(showId, epoch, fenceFacts(lastSeq, state), {
        seq: lastSeq,
        machineId: showMachine.id,
        json,
      });
      lastSnapshotSeq = lastSeq;
    }
    const host = new ShowHost(
      { showId, state, epoch, currency: input.layout.currency, lastSeq, lastSnapshotSeq, projectedSeq, unprojected },
      hostDeps,
    );
    opts.log.debug({ showId, epoch, replayed: journal.length, fromSeq: snapshotSeq }, 'show activated');
    opts.afterActivate?.(showId, { hasPayingHolds: fenceFacts(lastSeq, state).hasPayingHolds });
    return host;
  }

  async function getHost(showId: string): Promise<ShowHost> {
    const live = hosts.get(showId);
    if (live?.isLive) {
      if (!opts.owns || opts.owns(showId)) return live;
      // Self-fencing: once this node may have lost the show (its lease is overdue, or the ring
      // moved), it takes no more commands for it, even before the handoff gets to drain it.
      void live.drain();
      throw new NotOwnerError(showId);
    }
    // A host being passivated finishes its writes and snapshot before the show is rebuilt, so the
    // new epoch does not fence writes that clients are still waiting for.
    if (live) await live.whenClosed();
    if (stopped) throw new OverloadedError('this node is shutting down; retry');
    if (opts.owns && !opts.owns(showId)) throw new NotOwnerError(showId);
    let pending = activating.get(showId);
    if (!pending) {
      pending = activate(showId)
        .then((host) => {
          hosts.set(showId, host);
          return host;
        })
        .finally(() => activating.delete(showId));
      activating.set(showId, pending);
    }
    return pending;
  }

  async function dispatch(showId: string, command: ShowCommand): Promise<ShowOutcome[]> {
    // A host may close between lookup and submit (passivation, a failed write): retry on a fresh one,
    // twice at most.
    for (let attempt = 0; ; attempt++) {
      const host = await getHost(showId);
      try {
        return await host.submit(command);
      } catch (err) {
        if (err instanceof HostGoneError && attempt < 2) continue;
        throw err;
      }
    }
  }

  async function sweep(): Promise<void> {
    const now = opts.clock.now();
    for (const host of [...hosts.values()]) {
      if (host.isLive && host.queueLength === 0 && now - host.lastUsedAt > idleMs) await host.drain();
    }
    for (const showId of await storage.dueShows(1000)) {
      if (!hosts.has(showId) && (opts.owns?.(showId) ?? true)) {
        await getHost(showId).catch((err) => opts.log.warn({ err, showId }, 'waking a due show failed'));
      }
    }
  }

  function scheduleSweep(): void {
    if (stopped) return;
    sweepTimer = setTimeout(() => {
      sweep()
        .catch((err) => opts.log.warn({ err }, 'runtime sweep failed'))
        .finally(scheduleSweep);
    }, sweepMs);
    sweepTimer.unref();
  }

  return {
    async start() {
      for (const showId of await storage.showsToRecover()) {
        if (opts.owns?.(showId) ?? true) {
          await getHost(showId).catch((err) => opts.log.warn({ err, showId }, 'recovering a show failed'));
        }
      }
      scheduleSweep();
    },
    dispatch,
    async summary(showId: string): Promise<ShowSummary> {
      return (await getHost(showId)).summary();
    },
    async seatMap(showId: string): Promise<SeatMapView> {
      return (await getHost(showId)).seatMap();
    },
    async inspect(showId: string) {
      return (await getHost(showId)).persistedSnapshot();
    },
    async liveHold(showId: string, holdId: string) {
      try {
        return (await getHost(showId)).liveHold(holdId);
      } catch (err) {
        // No such show has no such hold; the caller answers as for any unknown hold.
        if (err instanceof ShowNotFoundError) return null;
        throw err;
      }
    },
    async liveHoldStatus(showId: string, holdId: string) {
      try {
        return (await getHost(showId)).liveHoldStatus(holdId);
      } catch (err) {
        if (err instanceof ShowNotFoundError) return null;
        throw err;
      }
    },
    async readModelsCaughtUp(showId: string) {
      // A show being rebuilt projects what its last owner left unprojected as it starts.
      await activating.get(showId)?.catch(() => undefined);
      await hosts.get(showId)?.whenProjected();
    },
    subscribe(showId, listener) {
      let set = listeners.get(showId);
      if (!set) listeners.set(showId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(showId);
      };
    },
    async passivate(showId: string) {
      await hosts.get(showId)?.drain();
    },
    liveShows() {
      return [...hosts.keys()];
    },
    describeLive() {
      return [...hosts.values()].filter((h) => h.isLive).map((h) => h.describe());
    },
    stats() {
      return { liveShows: hosts.size, ...counters };
    },
    async handoff() {
      const leaving = [...hosts.values()].filter((h) => h.isLive && opts.owns && !opts.owns(h.showId));
      if (leaving.length > 0) opts.log.info({ shows: leaving.map((h) => h.showId) }, 'handing off shows');
      await Promise.all(leaving.map((h) => h.drain()));
    },
    async stop() {
      stopped = true;
      if (sweepTimer) clearTimeout(sweepTimer);
      await Promise.allSettled([...activating.values()]);
      await Promise.all([...hosts.values()].map((h) => h.drain()));
      storage.close();
    },
  };
}
