/**
 * Open loop: hold-then-release operations start on a fixed schedule (`rate` per second), whether or
 * not earlier ones were answered, as real arrivals do. Latency counts from the scheduled start, so
 * a server that falls behind is charged for the queue it builds (no coordinated omission).
 */
import { setMaxListeners } from 'node:events';
import { config } from './config.js';
import { hold, release } from './requests.js';
import { SeatLedger } from './seat-ledger.js';
import type { Server } from './servers.js';
import { Latencies, processMeter, type ProcessUse } from './stats.js';

export interface OpenResult {
  server: string;
  offered: number;
  /** Holds placed (201 received) within the schedule's window, per second. */
  achieved: number;
  /** Operations due but not started because `maxInFlight` were still open (the server is far behind). */
  skipped: number;
  /** Still open 3 s after the window, then cut off (not in the latencies). */
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

const DRAIN_MS = 3_000;

export async function openLoop(server: Server, rate: number, seconds: number): Promise<OpenResult> {
  const showId = await server.newShow();
  const ledger = new SeatLedger();
  const lat = { hold: new Latencies(), op: new Latencies() };
  const refused: Record<string, number> = {};
  const total = Math.round(rate * seconds);
  // Beyond a second of arrivals in flight the server is lost; skipping keeps the run bounded.
  const maxInFlight = rate;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per request in flight
  const base = server.client;
  const target: Server = {
    ...server,
    client: (method, path, body, headers) => base(method, path, body, headers, abort.signal),
  };
  let inFlight = 0;
  let skipped = 0;
  let heldInWindow = 0;
  const backlog = { mid: 0, end: 0 };
  const meter = await processMeter(server.pid, server.cluster);
  const start = performance.now() + 20;
  const windowEnd = start + seconds * 1000;
  const interval = 1000 / rate;

  const operation = async (k: number, due: number) => {
    if (abort.signal.aborted) return;
    const auth = server.auth[k % server.auth.length]!;
    const held = await hold(target, showId, auth, ledger, config.quantity);
    if (abort.signal.aborted) return; // cut off: counted as unfinished
    if ('refused' in held) {
      refused[held.refused] = (refused[held.refused] ?? 0) + 1;
      return;
    }
    const heldAt = performance.now();
    lat.hold.add(heldAt - due);
    if (heldAt <= windowEnd) heldInWindow++;
    const released = await release(target, showId, auth, held);
    if (abort.signal.aborted) return;
    if (!released) refused['release failed'] = (refused['release failed'] ?? 0) + 1;
    lat.op.add(performance.now() - due);
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
  while (inFlight > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const unfinished = inFlight;
  // The next run must not start under this one's leftovers: what is still open is cut off.
  abort.abort();
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  const achieved = heldInWindow / seconds;
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
    use: await meter(),
    doubles: ledger.doubles(),
  };
}
