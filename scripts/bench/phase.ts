import { Latencies, rssMiB } from './stats.js';

export interface StepLatencies {
  hold: Latencies;
  confirm: Latencies;
  release: Latencies;
}

/** What one customer's turn ended in: a placed hold then confirmed or released, or a refusal code. */
export type StepResult = { rejected: string } | { confirmed: true } | { released: true };

export type Step = (client: number, lat: StepLatencies) => Promise<StepResult>;

export interface PhaseResult {
  name: string;
  holdsOk: number;
  seconds: number;
  lat: StepLatencies;
  confirms: number;
  releases: number;
  rejected: Record<string, number>;
  peakRssMiB: number;
  /** CPU seconds the measured process spent (server or in-process runtime). */
  cpuSeconds: number;
  /** Extra facts about the run, printed under it. */
  notes?: string;
}

/**
 * Runs `clients` concurrent customers for `seconds` (or until the show sells out), each repeating
 * `step`. Samples the resident memory of `pid` while it runs.
 */
export async function runPhase(
  name: string,
  opts: { clients: number; seconds: number; pid: number; cpu: () => number },
  step: Step,
): Promise<PhaseResult> {
  const lat = { hold: new Latencies(), confirm: new Latencies(), release: new Latencies() };
  const rejected: Record<string, number> = {};
  let confirms = 0;
  let releases = 0;
  let soldOut = false;
  let peakRss = 0;
  const cpu0 = opts.cpu();
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(opts.pid) || 0)), 250);
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, i) => {
      while (performance.now() < end && !soldOut) {
        const r = await step(i, lat);
        if ('confirmed' in r) confirms++;
        else if ('released' in r) releases++;
        else {
          rejected[r.rejected] = (rejected[r.rejected] ?? 0) + 1;
          if (r.rejected === 'sold_out') soldOut = true;
        }
      }
    }),
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    holdsOk: lat.hold.count,
    seconds,
    lat,
    confirms,
    releases,
    rejected,
    peakRssMiB: peakRss,
    cpuSeconds: opts.cpu() - cpu0,
  };
}

/** Times one call into a latency series. */
export async function timed<T>(series: Latencies, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  series.add(performance.now() - t0);
  return result;
}
