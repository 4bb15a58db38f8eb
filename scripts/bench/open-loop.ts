/**
 * Open loop: hold-then-release operations start on a fixed schedule (`rate` per second), whether or
 * not earlier ones were answered, as real arrivals do. Latency counts from the scheduled start, so
 * a server that falls behind is charged for the queue it builds (no coordinated omission).
 */
import { config } from './config.js';
import { hold, release } from './requests.js';
import { SeatLedger } from './seat-ledger.js';
import type { Server } from './servers.js';
import { Latencies, processMeter, type ProcessUse } from './stats.js';

export interface OpenResult {
  server: string;
  offered: number;
  /** Holds placed and released within the schedule's window, per second. */
  achieved: number;
  /** Operations due but not started because `maxInFlight` were still open (the server is far behind). */
  skipped: number;
  /** Still open 5 s after the window (their latencies, once answered, are still counted). */
  unfinished: number;
  /** From the scheduled start to the hold's 201, and to the release's 204. */
  lat: { hold: Latencies; op: Latencies };
  /** Operations in flight, sampled at the window's middle and end: growing means falling behind. */
  backlog: { mid: number; end: number };
  refused: Record<string, number>;
  keptUp: boolean;
  use: ProcessUse;
  doubles: number;
}

const DRAIN_MS = 5_000;

export async function openLoop(server: Server, rate: number, seconds: number): Promise<OpenResult> {
  const showId = await server.newShow();
  const ledger = new SeatLedger();
  const lat = { hold: new Latencies(), op: new Latencies() };
  const refused: Record<string, number> = {};
  const total = Math.round(rate * seconds);
  // Beyond two seconds of arrivals in flight the server is lost; skipping keeps the client sane.
  const maxInFlight = rate * 2;
  let inFlight = 0;
  let skipped = 0;
  let doneInWindow = 0;
  const backlog = { mid: 0, end: 0 };
  const meter = processMeter(server.pid);
  const start = performance.now() + 20;
  const windowEnd = start + seconds * 1000;
  const interval = 1000 / rate;

  const operation = async (k: number, due: number) => {
    const auth = server.auth[k % server.auth.length]!;
    const held = await hold(server, showId, auth, ledger, config.quantity);
    if ('refused' in held) {
      refused[held.refused] = (refused[held.refused] ?? 0) + 1;
      return;
    }
    lat.hold.add(performance.now() - due);
    if (!(await release(server, showId, auth, held))) refused['release failed'] = (refused['release failed'] ?? 0) + 1;
    const doneAt = performance.now();
    lat.op.add(doneAt - due);
    if (doneAt <= windowEnd) doneInWindow++;
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    // Timers fire about every millisecond; each tick starts every operation whose time has come.
    const ticker = setInterval(() => {
      const now = performance.now();
      for (; next < total && start + next * interval <= now; next++) {
        if (inFlight >= maxInFlight) {
          skipped++;
          continue;
        }
        inFlight++;
        void operation(next, start + next * interval).finally(() => inFlight--);
      }
      if (next >= total) {
        clearInterval(ticker);
        resolve();
      }
    }, 1);
    setTimeout(() => (backlog.mid = inFlight), seconds * 500 + 20);
  });
  backlog.end = inFlight;
  const drainUntil = performance.now() + DRAIN_MS;
  const settle = async (until: number) => {
    while (inFlight > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  };
  await settle(drainUntil);
  const unfinished = inFlight;
  // Late operations still count in the latencies; the next run must not start under them.
  await settle(drainUntil + 30_000);
  const achieved = doneInWindow / seconds;
  return {
    server: server.label,
    offered: rate,
    achieved,
    skipped,
    unfinished,
    lat,
    backlog,
    refused,
    // Kept up: nearly all the offered work done in time, and no more than ~100 ms of arrivals queued at the end.
    keptUp: achieved >= 0.95 * rate && backlog.end <= Math.max(20, rate * 0.1) && skipped === 0,
    use: meter(),
    doubles: ledger.doubles(),
  };
}
