import type { Logger } from 'pino';
import { NotOwnerError, OverloadedError, type Clock, type ShowRuntime } from '../runtime/types.js';
import type { AccountId, RoomOutcome, RoomSummary, TicketNo, TicketView } from '../room/types.js';
import type { RoomLogic } from './logic.js';
import { RoomGoneError, RoomHost, type RoomChange, type RoomCommand, type RoomHostDeps } from './room-host.js';
import type { RoomStorage } from './storage.js';

export interface RoomRuntimeOptions<S> {
  logic: RoomLogic<S>;
  storage: RoomStorage;
  /** The show runtime of the same process: a room lives on the node that owns its show. */
  shows: Pick<ShowRuntime, 'subscribe' | 'summary'>;
  clock: Clock;
  log: Logger;
  nodeId: string;
  /** Placement: whether this node hosts the show (and so its room). */
  owns?(showId: string): boolean;
  tickMs?: number;
  snapshotEvery?: number;
  queueLimit?: number;
  /** How often the list of rooms is reread (rooms that moved here, rooms turned on elsewhere). */
  sweepMs?: number;
  /** How long a hold check waits after a ring change for that list (LIST_WAIT_MS); tests shorten it. */
  listWaitMs?: number;
}

/** The show has no waiting room (never configured). */
export class NoRoomError extends Error {
  constructor(readonly showId: string) {
    super(`show ${showId} has no waiting room`);
    this.name = 'NoRoomError';
  }
}

/** A room whose turns the hold endpoints check. */
export interface AdmissionGate {
  hasLiveTurn(accountId: AccountId, ticket: TicketNo): boolean;
}

type TurnEndReason = Extract<RoomOutcome, { type: 'turn.ended' }>['reason'];

/** What the rooms of this process made durable since it started (the metrics read it). */
export interface RoomStats {
  /** New places; joining again with a place already held is not counted. */
  joins: number;
  admissions: number;
  turnsEnded: Record<TurnEndReason, number>;
}

export interface LiveRoomInfo {
  showId: string;
  epoch: number;
  lastSeq: number;
  queueLength: number;
  summary: RoomSummary;
}

export interface RoomRuntime {
  start(): Promise<void>;
  /**
   * Decides a room event and resolves with its outcomes once durable. CONFIGURE makes the room of a
   * show that had none; anything else on such a show rejects with NoRoomError.
   */
  dispatch(showId: string, command: RoomCommand): Promise<RoomOutcome[]>;
  /** The room's counts, or null when the show has no room. */
  summary(showId: string): Promise<RoomSummary | null>;
  ticketOf(showId: string, accountId: AccountId): Promise<TicketNo | null>;
  /** A ticket's view for its own account; null when the show has no room or the ticket is not the account's. */
  ticketView(showId: string, ticket: TicketNo, accountId: AccountId): Promise<TicketView | null>;
  /**
   * Listens to the committed changes of the room as it is now; also called with no outcomes when
   * that host goes away (the listener reads again and subscribes anew).
   */
  subscribe(showId: string, listener: (change: RoomChange) => void): Promise<() => void>;
  /**
   * The hold endpoints' check: null when the show has no room on (one Map lookup for a show that
   * never had one), else the room whose turns to check, in memory.
   */
  admissionGate(showId: string): AdmissionGate | null | Promise<AdmissionGate | null>;
  /** The room's machine state as JSON (inspector, tests); null when there is none. */
  inspect(showId: string): Promise<unknown>;
  liveRooms(): string[];
  describeLive(): LiveRoomInfo[];
  stats(): RoomStats;
  /**
   * After the ring changed: hands off the rooms whose shows this node no longer owns, rereads the
   * list of rooms and loads those that are on and now belong here, so the hold check of a show that
   * just moved here finds its room without waiting for the next sweep.
   */
  handoff(): Promise<void>;
  /** Snapshots and stops every live room. */
  stop(): Promise<void>;
}

/**
 * How long a hold check waits after a ring change for the list of rooms to be read again, before it
 * answers 503 with Retry-After (the periodic sweep retries a failed read).
 */
const LIST_WAIT_MS = 3_000;

export function createRoomRuntime<S>(opts: RoomRuntimeOptions<S>): RoomRuntime {
  const hosts = new Map<string, RoomHost<S>>();
  const activating = new Map<string, Promise<RoomHost<S> | null>>();
  /** Every show with a room, and whether it is on, as last read or written here. */
  const known = new Map<string, boolean>();
  const sweepMs = opts.sweepMs ?? 2_000;
  let sweepTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const owns = (showId: string) => opts.owns?.(showId) ?? true;
  /*
   * After a ring change `known` may miss a room the previous owner turned on since this node last
   * read the list, and a hold on a show that just moved here would pass without a token. So the
   * hold check waits for a list read begun after the latest ring change (ringChanges > listedAt).
   */
  let ringChanges = 0;
  let listedAt = 0;
  let listWaiters: (() => void)[] = [];
  const counts: RoomStats = {
    joins: 0,
    admissions: 0,
    turnsEnded: { expired: 0, confirmed: 0, released: 0, left: 0, revoked: 0 },
  };

  const hostDeps: RoomHostDeps<S> = {
    logic: opts.logic,
    storage: opts.storage,
    clock: opts.clock,
    log: opts.log,
    tickMs: opts.tickMs ?? 250,
    snapshotEvery: opts.snapshotEvery ?? 500,
    queueLimit: opts.queueLimit ?? 20_000,
    subscribeShow: (showId, listener) => opts.shows.subscribe(showId, listener),
    onGone(host) {
      if (hosts.get(host.showId) === host) hosts.delete(host.showId);
    },
    onDurable(entries) {
      for (const entry of entries)
        for (const o of entry.outcomes) {
          if (o.type === 'queue.joined' && !o.already) counts.joins++;
          else if (o.type === 'turn.admitted') counts.admissions++;
          else if (o.type === 'turn.ended') counts.turnsEnded[o.reason]++;
        }
    },
  };

  async function rebuild(showId: string, create: boolean): Promise<RoomHost<S> | null> {
    const epoch = await opts.storage.takeOwnership(showId, opts.nodeId, create);
    if (epoch === null) return null;
    // Fence first, read after: once the epoch is ours no older owner can append behind our read.
    const { snapshot, journal } = await opts.storage.load(showId);
    let room = snapshot ? opts.logic.restore(snapshot.snapshot) : opts.logic.create(showId);
    try {
      // The journaled outcomes are applied, never decided again, so a later rule change cannot
      // rewrite who was admitted; the shuffle is redrawn from its journaled seed.
      for (const entry of journal) room = opts.logic.evolve(room, entry);
    } catch (cause) {
      throw new Error(`room of show ${showId}: rebuilding from snapshot and journal failed`, { cause });
    }
    const lastSeq = journal.length > 0 ? journal[journal.length - 1]!.seq : (snapshot?.seq ?? 0);
    const host = new RoomHost({ showId, epoch, room, lastSeq, lastSnapshotSeq: snapshot?.seq ?? 0 }, hostDeps);
    known.set(showId, host.isOn);
    opts.log.debug({ showId, epoch, replayed: journal.length }, 'room activated');
    // Whether the show can still sell, from its actor (same node); later changes come by subscription.
    opts.shows.summary(showId).then(
      (s) => host.followAvailability(s.state),
      (err: unknown) => opts.log.warn({ err, showId }, 'reading the show for its room failed'),
    );
    return host;
  }

  async function getHost(showId: string, create: boolean): Promise<RoomHost<S> | null> {
    const live = hosts.get(showId);
    if (live?.isLive) {
      if (owns(showId)) return live;
      void live.drain();
      throw new NotOwnerError(showId);
    }
    if (stopped) throw new OverloadedError('this node is shutting down; retry');
    if (!owns(showId)) throw new NotOwnerError(showId);
    if (!create && !known.has(showId)) return null;
    for (;;) {
      const inFlight = activating.get(showId);
      if (!inFlight) break;
      const host = await inFlight;
      if (host || !create) return host;
    }
    const pending: Promise<RoomHost<S> | null> = rebuild(showId, create)
      .then((host) => {
        if (host) hosts.set(showId, host);
        return host;
      })
      .finally(() => {
        if (activating.get(showId) === pending) activating.delete(showId);
      });
    activating.set(showId, pending);
    return pending;
  }

  async function withHost<T>(showId: string, create: boolean, use: (host: RoomHost<S>) => Promise<T>): Promise<T> {
    // A host may close between lookup and use (handoff, a failed write): retry on a fresh one, twice at most.
    for (let attempt = 0; ; attempt++) {
      const host = await getHost(showId, create);
      if (!host) throw new NoRoomError(showId);
      try {
        return await use(host);
      } catch (err) {
        if (err instanceof RoomGoneError && attempt < 2) continue;
        throw err;
      }
    }
  }

  /** Resolves once the list of rooms has been read since the latest ring change; 503 if that takes too long. */
  function listRead(): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listWaiters = listWaiters.filter((w) => w !== wake);
        reject(
          new OverloadedError('this node has just taken over shows and is still reading their waiting rooms; retry', 2),
        );
      }, opts.listWaitMs ?? LIST_WAIT_MS);
      listWaiters.push(wake);
    });
  }

  function admissionGate(showId: string): AdmissionGate | null | Promise<AdmissionGate | null> {
    const host = hosts.get(showId);
    if (host?.isLive && owns(showId)) return host.isOn ? host : null;
    if (listedAt < ringChanges) return listRead().then(() => admissionGate(showId));
    if (!known.get(showId)) return null;
    return getHost(showId, false).then((h) => (h?.isOn ? h : null));
  }

  let sweeping: Promise<void> | null = null;
  /** One sweep at a time; a sweep asked for while one runs follows it. */
  function sweepSoon(): Promise<void> {
    const next: Promise<void> = (sweeping ?? Promise.resolve())
      .catch(() => undefined)
      .then(sweep)
      .finally(() => {
        if (sweeping === next) sweeping = null;
      });
    sweeping = next;
    return next;
  }

  async function sweep(): Promise<void> {
    if (stopped) return;
    const generation = ringChanges;
    const rooms = await opts.storage.rooms();
    for (const { showId, live } of rooms) if (!hosts.has(showId)) known.set(showId, live);
    if (generation > listedAt) {
      listedAt = generation;
      if (listedAt === ringChanges) for (const wake of listWaiters.splice(0)) wake();
    }
    // An ended room changes no more: drain snapshots it and lets it go, so the memory of finished
    // on-sales does not pile up until a restart; a later read rebuilds it from that snapshot.
    for (const host of [...hosts.values()]) if (!owns(host.showId) || host.roomState() === 'ended') await host.drain();
    for (const { showId, live } of rooms) {
      if (live && !hosts.has(showId) && owns(showId)) {
        await getHost(showId, false).catch((err) => opts.log.warn({ err, showId }, 'loading a room failed'));
      }
    }
  }

  function scheduleSweep(): void {
    if (stopped) return;
    sweepTimer = setTimeout(() => {
      sweepSoon()
        .catch((err) => opts.log.warn({ err }, 'room sweep failed'))
        .finally(scheduleSweep);
    }, sweepMs);
    sweepTimer.unref();
  }

  return {
    async start() {
      await sweepSoon();
      scheduleSweep();
    },
    async dispatch(showId, command) {
      const outcomes = await withHost(showId, command.type === 'CONFIGURE', (host) => host.submit(command));
      const host = hosts.get(showId);
      if (host) known.set(showId, host.isOn);
      return outcomes;
    },
    async summary(showId) {
      const host = await getHost(showId, false);
      return host ? host.summary() : null;
    },
    async ticketOf(showId, accountId) {
      const host = await getHost(showId, false);
      return host ? host.ticketOf(accountId) : null;
    },
    async ticketView(showId, ticket, accountId) {
      const host = await getHost(showId, false);
      return host ? host.ticketView(ticket, accountId) : null;
    },
    async subscribe(showId, listener) {
      const host = await getHost(showId, false);
      return host ? host.subscribe(listener) : () => {};
    },
    admissionGate,
    async inspect(showId) {
      const host = await getHost(showId, false);
      return host ? host.serialize() : null;
    },
    liveRooms() {
      return [...hosts.keys()];
    },
    describeLive() {
      return [...hosts.values()]
        .filter((h) => h.isLive)
        .map((h) => ({
          showId: h.showId,
          epoch: h.epoch,
          lastSeq: h.lastSeq,
          queueLength: h.queueLength,
          summary: h.summary(),
        }));
    },
    stats() {
      return { ...counts, turnsEnded: { ...counts.turnsEnded } };
    },
    async handoff() {
      ringChanges++;
      await Promise.all([...hosts.values()].filter((h) => h.isLive && !owns(h.showId)).map((h) => h.drain()));
      await sweepSoon();
    },
    async stop() {
      stopped = true;
      if (sweepTimer) clearTimeout(sweepTimer);
      await sweeping?.catch(() => undefined);
      await Promise.allSettled([...activating.values()]);
      await Promise.all([...hosts.values()].map((h) => h.drain()));
    },
  };
}
