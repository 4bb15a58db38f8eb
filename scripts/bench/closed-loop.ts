/**
 * Closed loop: `clients` customers, each sends its next request when the previous one is answered,
 * for `seconds`. Gives the most a server does when the load adapts to it (throughput), not how it
 * behaves at a given arrival rate (that is open-loop.ts).
 */
import { config } from './config.js';
import { confirm, hold, release } from './requests.js';
import { SeatLedger } from './seat-ledger.js';
import type { Server } from './servers.js';
import { Latencies, processMeter, type ProcessUse } from './stats.js';

export interface ClosedResult {
  server: string;
  holds: number;
  releases: number;
  confirms: number;
  seconds: number;
  lat: { hold: Latencies; release: Latencies; confirm: Latencies };
  refused: Record<string, number>;
  use: ProcessUse;
  /** Seats given to two customers at once: seen by the clients, and in the server's tables. */
  doubles: { clients: number; server: number | null };
}

/** `confirmShare` of the holds are confirmed (paid) instead of released. */
export async function closedLoop(server: Server, seconds: number, confirmShare = 0): Promise<ClosedResult> {
  const showId = await server.newShow();
  const ledger = new SeatLedger();
  const lat = { hold: new Latencies(), release: new Latencies(), confirm: new Latencies() };
  const refused: Record<string, number> = {};
  const refuse = (code: string) => (refused[code] = (refused[code] ?? 0) + 1);
  let releases = 0;
  let confirms = 0;
  const meter = await processMeter(server.pid, server.cluster);
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    server.auth.map(async (auth) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const held = await hold(server, showId, auth, ledger, config.quantity);
        if ('refused' in held) {
          refuse(held.refused);
          if (held.refused === 'sold_out') return;
          continue;
        }
        const t1 = performance.now();
        lat.hold.add(t1 - t0);
        if (Math.random() < confirmShare) {
          const failed = await confirm(server, showId, auth, held);
          if (failed) refuse(failed);
          else confirms++;
          lat.confirm.add(performance.now() - t1);
        } else {
          if (await release(server, showId, auth, held)) releases++;
          else refuse('release failed');
          lat.release.add(performance.now() - t1);
        }
      }
    }),
  );
  const secondsTaken = (performance.now() - started) / 1000;
  return {
    server: server.label,
    holds: lat.hold.count,
    releases,
    confirms,
    seconds: secondsTaken,
    lat,
    refused,
    use: await meter(),
    doubles: { clients: ledger.doubles(), server: await server.doubleSold(showId) },
  };
}
