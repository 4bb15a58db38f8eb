import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RuntimeStats } from '../actors/runtime/runtime.js';
import { LatencyHistogram } from './latency-histogram.js';

/** What the booking routes report; kept narrow so routes do not depend on the metrics library. */
export interface BookingCounters {
  holdPlaced(): void;
  bookingConfirmed(): void;
}

export interface Metrics extends BookingCounters {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** A deferrable request refused while the event loop lagged. */
  requestShed(): void;
  /** The Prometheus text exposition of every metric, read at scrape time. */
  render(): Promise<string>;
  contentType: string;
}

export interface MetricsSources {
  liveShows(): string[];
  /** The local runtime's counters since start; absent when the runtime does not keep them. */
  stats?: () => RuntimeStats;
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
    help: 'Deferrable requests (waiting-room joins and polls, public reads) refused with 503 while the event loop lagged',
    registers: [registry],
  });
  if (sources.stats) registerRuntimeStats(registry, sources.stats);

  return {
    observeRequest(method, route, status, seconds) {
      requests.observe(requests.seriesOf(method, route, String(status)), seconds);
    },
    holdPlaced: () => holds.inc(),
    requestShed: () => shed.inc(),
    bookingConfirmed: () => bookings.inc(),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** The runtime already counts its commits; these read those counters at scrape time. */
function registerRuntimeStats(registry: Registry, stats: () => RuntimeStats): void {
  const counterOf = (name: string, help: string, read: (s: RuntimeStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(stats()));
      },
    });
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
