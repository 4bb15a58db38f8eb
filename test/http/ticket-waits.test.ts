import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomChange } from '../../src/actors/room-runtime/index.js';
import type { RoomOutcome, TicketView } from '../../src/actors/room/types.js';
import { createTicketWaits, etagOf, parseEtag, shownTicket, type WaitEnd } from '../../src/http/streams/ticket-waits.js';

/** The three reads the waits make of a room runtime, over tickets kept in a Map. */
function fakeRooms() {
  const views = new Map<number, TicketView>();
  const listeners = new Set<(c: RoomChange) => void>();
  let queued = 0;
  let subscriptions = 0;
  return {
    views,
    setQueued: (n: number) => (queued = n),
    subscriptions: () => subscriptions,
    listeners: () => listeners.size,
    publish(outcomes: RoomOutcome[]) {
      for (const l of [...listeners]) l({ showId: 's1', seq: 1, outcomes });
    },
    /** The host went away: listeners hear an empty change and are dropped, as RoomHost does. */
    gone() {
      for (const l of [...listeners]) l({ showId: 's1', seq: 1, outcomes: [] });
      listeners.clear();
    },
    rooms: {
      async subscribe(_showId: string, l: (c: RoomChange) => void) {
        subscriptions++;
        listeners.add(l);
        return () => listeners.delete(l);
      },
      async ticketView(_showId: string, ticket: number) {
        return views.get(ticket) ?? null;
      },
      async summary() {
        return { state: 'admitting' as const, settings: null, queued, active: 0, admittedTotal: 0, admittedLastMinute: 0 };
      },
    },
  };
}

const queuedAt = (ticket: number, position: number): TicketView => ({
  ticket,
  status: 'queued',
  position,
  ahead: position - 1,
  admittedLastMinute: 0,
  estimatedWaitMs: 1000,
  turnEndsAt: null,
});

const admittedOne = (ticket: number): RoomOutcome => ({ type: 'turn.admitted', accountId: `a${ticket}`, ticket, turnEndsAt: 9e12 });

describe('ticket waits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function start(f: ReturnType<typeof fakeRooms>, ticket: number, ms = 30_000, signal = new AbortController().signal) {
    const waits = createTicketWaits({ rooms: f.rooms, positionUpdatesPerSecond: 100 });
    return { waits, wait: (w = waits) => track(w.wait({ showId: 's1', ticket, accountId: `a${ticket}`, shown: shownTicket(f.views.get(ticket)!, Date.now()), ms, signal })) };
  }

  /** The wait's end, readable synchronously once it settled. */
  function track(p: Promise<WaitEnd>) {
    const t = { end: null as WaitEnd | null, p };
    void p.then((e) => (t.end = e));
    return t;
  }

  it('wakes the customer named in a commit at once', async () => {
    const f = fakeRooms();
    f.views.set(1, queuedAt(1, 1));
    const { wait } = start(f, 1);
    const w = wait();
    await vi.advanceTimersByTimeAsync(10);
    f.views.set(1, { ...queuedAt(1, 1), status: 'admitted', position: null, turnEndsAt: 9e12 });
    f.publish([admittedOne(1)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.end).toBe('changed');
  });

  it('tells a moved position no sooner than queued / rate, measured from when it was shown', async () => {
    const f = fakeRooms();
    f.setQueued(1000); // 1000 queued at 100 updates/s: one position update per customer per 10 s
    f.views.set(7, queuedAt(7, 500));
    const { wait } = start(f, 7);
    const w = wait();
    await vi.advanceTimersByTimeAsync(2000);
    f.views.set(7, queuedAt(7, 499));
    f.publish([admittedOne(1)]);
    await vi.advanceTimersByTimeAsync(7900);
    expect(w.end).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(w.end).toBe('changed');
  });

  it('a short queue still waits a second between position updates, and joins move nobody', async () => {
    const f = fakeRooms();
    f.setQueued(3);
    f.views.set(2, queuedAt(2, 2));
    const { wait } = start(f, 2);
    const w = wait();
    f.publish([{ type: 'queue.joined', accountId: 'a9', ticket: 9, already: false }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(w.end).toBeNull();
    f.views.set(2, queuedAt(2, 1));
    f.publish([{ type: 'queue.left', accountId: 'a1', ticket: 1 }]);
    await vi.advanceTimersByTimeAsync(0);
    // Shown 5 s ago, more than the 1 s floor: told at once.
    expect(w.end).toBe('changed');
  });

  it('a poll whose ETag shows an older position answers once its pace allows, a new status at once', async () => {
    const f = fakeRooms();
    f.setQueued(1000);
    f.views.set(3, queuedAt(3, 40));
    const waits = createTicketWaits({ rooms: f.rooms, positionUpdatesPerSecond: 100 });
    const signal = new AbortController().signal;
    const stale = shownTicket(queuedAt(3, 41), Date.now() - 4000);
    const early = track(waits.wait({ showId: 's1', ticket: 3, accountId: 'a3', shown: stale, ms: 30_000, signal }));
    await vi.advanceTimersByTimeAsync(5900);
    expect(early.end).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(early.end).toBe('changed');

    const wasAdmitted = shownTicket({ ...queuedAt(3, 1), status: 'admitted', position: null, turnEndsAt: 1 }, Date.now());
    const now = track(waits.wait({ showId: 's1', ticket: 3, accountId: 'a3', shown: wasAdmitted, ms: 30_000, signal }));
    await vi.advanceTimersByTimeAsync(0);
    expect(now.end).toBe('changed');
  });

  it('a sell-out wakes every waiter at once', async () => {
    const f = fakeRooms();
    f.setQueued(100_000);
    const waits = createTicketWaits({ rooms: f.rooms, positionUpdatesPerSecond: 100 });
    const ends = Array.from({ length: 50 }, (_, i) => {
      f.views.set(i, queuedAt(i, i + 1));
      return start(f, i).wait(waits);
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.subscriptions()).toBe(1);
    expect(waits.size()).toBe(50);
    f.publish([{ type: 'room.state', from: 'admitting', to: 'soldOut' }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(ends.map((e) => e.end)).toEqual(Array(50).fill('changed'));
    expect(waits.size()).toBe(0);
    expect(f.listeners()).toBe(0);
  });

  it('ends with gone when the room leaves the node, and the next wait subscribes anew', async () => {
    const f = fakeRooms();
    f.views.set(1, queuedAt(1, 1));
    const { waits, wait } = start(f, 1);
    const first = wait();
    await vi.advanceTimersByTimeAsync(0);
    f.gone();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.end).toBe('gone');
    const second = wait(waits);
    await vi.advanceTimersByTimeAsync(0);
    expect(f.subscriptions()).toBe(2);
    f.views.set(1, { ...queuedAt(1, 1), status: 'done', position: null });
    f.publish([{ type: 'turn.ended', accountId: 'a1', ticket: 1, reason: 'left' }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(second.end).toBe('changed');
  });

  it('times out, and stops when the client goes away', async () => {
    const f = fakeRooms();
    f.views.set(1, queuedAt(1, 1));
    const { wait } = start(f, 1, 3000);
    const timed = wait();
    await vi.advanceTimersByTimeAsync(3000);
    expect(timed.end).toBe('timeout');
    const client = new AbortController();
    const aborted = start(f, 1, 30_000, client.signal).wait();
    await vi.advanceTimersByTimeAsync(10);
    client.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted.end).toBe('aborted');
  });
});

describe('ticket ETags', () => {
  it('round-trip what was shown, and refuse anything else', () => {
    const shown = shownTicket({ ...queuedAt(1, 12), status: 'admitted', position: null, turnEndsAt: 1234 }, 99);
    expect(parseEtag(etagOf(shown))).toEqual(shown);
    expect(parseEtag(etagOf(shownTicket(queuedAt(4, 12), 5)))).toEqual({ state: 'queued.-', position: 12, shownAt: 5 });
    expect(parseEtag(etagOf(shownTicket(null, 5)))).toEqual({ state: 'gone', position: null, shownAt: 5 });
    expect(parseEtag('"queued.12.null"')).toBeNull();
    expect(parseEtag('*')).toBeNull();
  });
});
