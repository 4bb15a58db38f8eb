import type { PhaseResult } from './phase.js';

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Prints one row per run, the ratios between the designs, and the double-sale check. */
export function printReport(results: PhaseResult[], doubles: Record<string, number>): void {
  console.log(
    `${'run'.padEnd(40)} ${'holds/s'.padStart(8)} ${'hold p50'.padStart(9)} ${'hold p99'.padStart(9)} ${'confirm p50/p99'.padStart(17)} ${'release p50/p99'.padStart(17)} ${'CPU/hold'.padStart(9)} ${'peak RSS'.padStart(9)}`,
  );
  for (const r of results) {
    const pair = (l: { percentile(p: number): number }) => `${fmt(l.percentile(50))}/${fmt(l.percentile(99))}ms`;
    console.log(
      `${r.name.padEnd(40)} ${fmt(r.holdsOk / r.seconds, 0).padStart(8)} ${`${fmt(r.lat.hold.percentile(50))}ms`.padStart(9)} ${`${fmt(r.lat.hold.percentile(99))}ms`.padStart(9)} ${pair(r.lat.confirm).padStart(17)} ${pair(r.lat.release).padStart(17)} ${`${fmt((r.cpuSeconds * 1000) / Math.max(r.holdsOk, 1), 2)}ms`.padStart(9)} ${`${r.peakRssMiB}MiB`.padStart(9)}`,
    );
    console.log(
      `${''.padEnd(40)} ${r.holdsOk} holds in ${r.seconds.toFixed(1)}s: ${r.confirms} confirmed, ${r.releases} released; refused: ${JSON.stringify(r.rejected)}`,
    );
    if (r.notes) console.log(`${''.padEnd(40)} ${r.notes}`);
  }
  const rate = (name: string) => {
    const r = results.find((x) => x.name.startsWith(name));
    return r ? r.holdsOk / r.seconds : NaN;
  };
  console.log(
    `\nactor / classic, holds per second: over HTTP ${fmt(rate('http  actor') / rate('http  classic'))}x, in process ${fmt(rate('core  actor') / rate('core  classic'))}x`,
  );
  console.log(
    'CPU/hold: CPU time of the measured process (the server, or this process for in-process runs) per successful hold',
  );
  console.log(
    `seats sold twice: ${Object.entries(doubles)
      .map(([k, v]) => `${k.trim()}: ${v}`)
      .join(', ')}`,
  );
}
