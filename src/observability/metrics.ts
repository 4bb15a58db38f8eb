import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { LiveRoomInfo, RoomStats } from '../actors/room-runtime/index.js';
import type { RoomState } from '../actors/room/types.js';
import type { RuntimeStats } from '../actors/runtime/runtime.js';
import { LatencyHistogram } from './latency-histogram.js';

/** What the booking routes report; kept narrow so routes do not depend on the metrics library. */
export interface BookingCounters {
  holdPlaced(): void;
  bookingConfirmed(): void;
}

export interface Metrics extends BookingCounters {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** A deferrable request refused: the event loop lagged, too many in flight, or joins came too fast. */
  requestShed(reason: 'lag' | 'busy' | 'join_rate'): void;
  /** The Prometheus text exposition of every metric, read at scrape time. */
  render(): Promise<string>;
  contentType: string;
}

export interface MetricsSources {
  liveShows(): string[];
  /** The local runtime's counters since start; absent when the runtime does not keep them. */
  stats?: () => RuntimeStats;
  /** The waiting rooms hosted by this process; absent when the app has none. */
  rooms?: { describeLive(): LiveRoomInfo[]; stats(): RoomStats };
}

// Booking answers span a cached read (~1 ms) to a group commit behind a busy on-sale (~1 s).
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One registry per app, not prom-client's global one: tests and cluster scripts run several apps in
 * one process, and the global registry refuses a second metric of the same name.
 */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new LatencyHistogram(
    'http_request_duration_seconds',
    'HTTP request duration by method, route pattern and status',
    ['method', 'route', 'status'],
    LATENCY_BUCKETS,
    registry,
  );
  new Gauge({
    name: 'showtime_live_shows',
    help: 'Show actors live in this process',
    registers: [registry],
    collect() {
      this.set(sources.liveShows().length);
    },
  });
  const holds = new Counter({
    name: 'showtime_holds_placed_total',
    help: 'Holds placed through the API (idempotent repeats not counted)',
    registers: [registry],
  });
  const bookings = new Counter({
    name: 'showtime_bookings_confirmed_total',
    help: 'Bookings confirmed through the API (idempotent repeats not counted)',
    registers: [registry],
  });
  const shed = new Counter({
    name: 'showtime_requests_shed_total',
    help: 'Deferrable requests (waiting-room joins and polls, public reads) refused with 503: reason lag (the event loop lagged), busy (too many in flight) or join_rate (joins over the per-node rate)',
    labelNames: ['reason'],
    registers: [registry],
  });
  if (sources.stats) registerRuntimeStats(registry, sources.stats);
  if (sources.rooms) registerRoomMetrics(registry, sources.rooms);

  return {
    observeRequest(method, route, status, seconds) {
      requests.observe(requests.seriesOf(method, route, String(status)), seconds);
    },
    holdPlaced: () => holds.inc(),
    requestShed: (reason) => shed.inc({ reason }),
    bookingConfirmed: () => bookings.inc(),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

const ROOM_STATES: readonly RoomState[] = ['closed', 'preQueue', 'admitting', 'paused', 'soldOut', 'ended'];

/**
 * The waiting rooms of this process, summed over rooms: a label per show would add series for every
 * show that ever had a room, for as long as the process lives. The labels are the room states (6)
 * and the reasons a turn ends (5); one room's own figures are on its admin page and the inspector.
 */
function registerRoomMetrics(registry: Registry, rooms: NonNullable<MetricsSources['rooms']>): void {
  // A few rooms at most are live at once, each summed in O(1): reading them per gauge costs nothing.
  const liveRooms = () => rooms.describeLive();
  new Gauge({
    name: 'showtime_rooms',
    help: 'Waiting rooms hosted by this process, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const byState = new Map<string, number>(ROOM_STATES.map((s) => [s, 0]));
      for (const r of liveRooms()) byState.set(r.summary.state, (byState.get(r.summary.state) ?? 0) + 1);
      for (const [state, n] of byState) this.set({ state }, n);
    },
  });
  const sumGauge = (name: string, help: string, read: (r: LiveRoomInfo) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(liveRooms().reduce((sum, r) => sum + read(r), 0));
      },
    });
  sumGauge(
    'showtime_room_queued',
    'Customers waiting in line, over the rooms of this process',
    (r) => r.summary.queued,
  );
  sumGauge(
    'showtime_room_active',
    'Admitted customers whose turn is live, over the rooms of this process',
    (r) => r.summary.active,
  );
  const counterOf = statsCounters(registry, () => rooms.stats());
  counterOf(
    'showtime_room_joins_total',
    'Places taken in waiting rooms (joining again is not counted)',
    (s) => s.joins,
  );
  counterOf(
    'showtime_room_admissions_total',
    'Customers admitted from waiting rooms (turns started)',
    (s) => s.admissions,
  );
  new Counter({
    name: 'showtime_room_turns_ended_total',
    help: 'Admitted turns ended, by reason (expired: ran out unused)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(rooms.stats().turnsEnded)) this.inc({ reason }, n);
    },
  });
}

/**
 * Counters over totals something else already keeps (the runtime's commits, the rooms' joins): each
 * scrape sets the counter to the total read then, so nothing is counted twice.
 */
function statsCounters<S>(registry: Registry, stats: () => S) {
  return (name: string, help: string, read: (s: S) => number): Counter =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(stats()));
      },
    });
}

/** The runtime already counts its commits; these read those counters at scrape time. */
function registerRuntimeStats(registry: Registry, stats: () => RuntimeStats): void {
  const counterOf = statsCounters(registry, stats);
  counterOf('showtime_journal_commits_total', 'Journal batches committed (group commits)', (s) => s.batches);
  counterOf('showtime_commands_committed_total', 'Show commands made durable by those commits', (s) => s.events);
  counterOf('showtime_commit_seconds_total', 'Time spent in journal commits', (s) => s.commitMsTotal / 1000);
  counterOf(
    'showtime_journal_commits_pipelined_total',
    'Journal batches sent while an earlier batch of the same show was still committing',
    (s) => s.pipelined,
  );
  new Gauge({
    name: 'showtime_journal_max_batch_size',
    help: 'Largest batch committed since start',
    registers: [registry],
    collect() {
      this.set(stats().maxBatch);
    },
  });
}
