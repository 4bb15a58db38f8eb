import type { RoomRuntime } from '../../actors/room-runtime/index.js';
import type { AccountId, RoomOutcome, TicketNo, TicketView } from '../../actors/room/types.js';

/**
 * What a customer was last shown of a ticket, as its ETag carries it: the part that must reach them
 * at once (status and turn), the position, and when it was shown.
 */
export interface ShownTicket {
  state: string;
  position: number | null;
  shownAt: number;
}

export const shownTicket = (v: TicketView | null, shownAt: number): ShownTicket => ({
  state: v ? `${v.status}.${v.turnEndsAt ?? '-'}` : 'gone',
  position: v?.position ?? null,
  shownAt,
});

export const etagOf = (s: ShownTicket) => `"${s.state}.${s.position ?? '-'}.${s.shownAt}"`;

const ETAG = /^"([a-zA-Z]+(?:\.(?:\d+|-))?)\.(\d+|-)\.(\d+)"$/;

/** The ETag as `etagOf` wrote it, or null for anything else (answered at once, as a changed ticket). */
export function parseEtag(tag: string): ShownTicket | null {
  const m = ETAG.exec(tag.trim());
  if (!m) return null;
  return { state: m[1]!, position: m[2] === '-' ? null : Number(m[2]), shownAt: Number(m[3]) };
}

export type WaitEnd = 'changed' | 'timeout' | 'gone' | 'aborted';

export interface TicketWaitRequest {
  showId: string;
  ticket: TicketNo;
  accountId: AccountId;
  shown: ShownTicket;
  ms: number;
  signal: AbortSignal;
}

export interface TicketWaits {
  /**
   * Resolves when what the customer was shown is out of date: at once for a new status or turn, and
   * for a new position no sooner than the room's pace allows (see `positionIntervalMs`); else after
   * `ms`, when the room leaves this node ('gone') or when the client goes away.
   */
  wait(req: TicketWaitRequest): Promise<WaitEnd>;
  /** Waits in progress, over all rooms (tests, metrics). */
  size(): number;
}

export interface TicketWaitsOptions {
  rooms: Pick<RoomRuntime, 'subscribe' | 'ticketView' | 'summary'>;
  /**
   * Position-only updates a room sends per second, over all its waiting customers. A position moves
   * with every admission, so without a bound every waiting customer would poll again after each one:
   * 20,000 customers, 20,000 answers a tick, and the node's event loop (and so its lease) starves.
   */
  positionUpdatesPerSecond: number;
  now?: () => number;
}

/** No customer is told a new position more often than this, however short the queue. */
const MIN_POSITION_INTERVAL_MS = 1000;

interface Waiter {
  accountId: AccountId;
  finish(end: WaitEnd): void;
  /** Set once the position moved: the timer that tells the customer when their pace allows. */
  due: NodeJS.Timeout | null;
  shownAt: number;
}

/** The waits of one room, behind one subscription to its commits. */
interface Hub {
  all: Set<Waiter>;
  byAccount: Map<AccountId, Set<Waiter>>;
  /** Waiters whose position has not moved since they were shown it. */
  unmoved: Set<Waiter>;
  ready: Promise<() => void>;
}

/** An outcome that changes the status of every ticket: sold out, back on sale, ended. */
const changesEveryStatus = (o: RoomOutcome) =>
  o.type === 'room.state' && (o.to === 'soldOut' || o.to === 'ended' || o.from === 'soldOut');

/**
 * Long polls and streams of queue tickets, woken per room from one subscription. A customer named in
 * a commit (admitted, turn ended, left) and every customer at a sell-out or an end is woken at once;
 * a move in the queue wakes each customer no more often than `positionIntervalMs`, so a room answers
 * about `positionUpdatesPerSecond` position updates whatever its length.
 */
export function createTicketWaits(opts: TicketWaitsOptions): TicketWaits {
  const { rooms } = opts;
  const now = opts.now ?? Date.now;
  const hubs = new Map<string, Hub>();
  let waiting = 0;

  const positionIntervalMs = (queued: number) =>
    Math.max(MIN_POSITION_INTERVAL_MS, Math.ceil((queued * 1000) / opts.positionUpdatesPerSecond));

  async function queued(showId: string): Promise<number> {
    return (await rooms.summary(showId))?.queued ?? 0;
  }

  function schedule(w: Waiter, intervalMs: number): void {
    const wait = w.shownAt + intervalMs - now();
    if (wait <= 0) return w.finish('changed');
    w.due = setTimeout(() => w.finish('changed'), wait);
  }

  async function positionsMoved(hub: Hub, showId: string): Promise<void> {
    if (hub.unmoved.size === 0) return;
    const moved = [...hub.unmoved];
    hub.unmoved.clear();
    const interval = positionIntervalMs(await queued(showId));
    for (const w of moved) if (hub.all.has(w)) schedule(w, interval);
  }

  function onChange(showId: string, hub: Hub, outcomes: RoomOutcome[]): void {
    if (outcomes.length === 0) {
      // The room left this node: later waits subscribe to wherever it is now.
      if (hubs.get(showId) === hub) hubs.delete(showId);
      for (const w of [...hub.all]) w.finish('gone');
      return;
    }
    if (outcomes.some(changesEveryStatus)) {
      for (const w of [...hub.all]) w.finish('changed');
      return;
    }
    let moves = false;
    for (const o of outcomes) {
      if (o.type === 'queue.joined') continue;
      // A join goes to the back: it moves nobody already queued. Anything else may move the queue.
      moves = true;
      if ('accountId' in o && o.accountId !== undefined) {
        const named = hub.byAccount.get(o.accountId);
        if (named) for (const w of [...named]) w.finish('changed');
      }
    }
    if (moves) void positionsMoved(hub, showId).catch(() => undefined);
  }

  function hubOf(showId: string): Hub {
    let hub = hubs.get(showId);
    if (hub) return hub;
    const created: Hub = { all: new Set(), byAccount: new Map(), unmoved: new Set(), ready: Promise.resolve(() => {}) };
    created.ready = rooms.subscribe(showId, (change) => onChange(showId, created, change.outcomes));
    hubs.set(showId, created);
    return created;
  }

  function leave(showId: string, hub: Hub, w: Waiter): void {
    if (!hub.all.delete(w)) return;
    waiting--;
    hub.unmoved.delete(w);
    const named = hub.byAccount.get(w.accountId);
    named?.delete(w);
    if (named?.size === 0) hub.byAccount.delete(w.accountId);
    if (w.due) clearTimeout(w.due);
    if (hub.all.size === 0 && hubs.get(showId) === hub) {
      hubs.delete(showId);
      void hub.ready.then((unsubscribe) => unsubscribe(), () => undefined);
    }
  }

  return {
    size: () => waiting,
    async wait({ showId, ticket, accountId, shown, ms, signal }) {
      if (signal.aborted) return 'aborted';
      const hub = hubOf(showId);
      let finish: (end: WaitEnd) => void = () => {};
      const ended = new Promise<WaitEnd>((resolve) => (finish = resolve));
      const w: Waiter = { accountId, shownAt: shown.shownAt, due: null, finish: (end) => finish(end) };
      hub.all.add(w);
      waiting++;
      let named = hub.byAccount.get(accountId);
      if (!named) hub.byAccount.set(accountId, (named = new Set()));
      named.add(w);
      const timer = setTimeout(() => w.finish('timeout'), ms);
      const abort = () => w.finish('aborted');
      signal.addEventListener('abort', abort, { once: true });
      try {
        await hub.ready;
        // Read after subscribing, so a change in between is not missed.
        const current = shownTicket(await rooms.ticketView(showId, ticket, accountId), shown.shownAt);
        if (current.state !== shown.state) w.finish('changed');
        else if (current.position !== shown.position) schedule(w, positionIntervalMs(await queued(showId)));
        else if (hub.all.has(w)) hub.unmoved.add(w);
        return await ended;
      } catch {
        return 'gone';
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
        leave(showId, hub, w);
      }
    },
  };
}
