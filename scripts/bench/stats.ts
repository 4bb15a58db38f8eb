import { readFileSync } from 'node:fs';
import type postgres from 'postgres';

/** Latency samples in milliseconds. */
export class Latencies {
  private samples: number[] = [];
  private sorted = true;
  add(ms: number): void {
    this.samples.push(ms);
    this.sorted = false;
  }
  get count(): number {
    return this.samples.length;
  }
  percentile(p: number): number {
    if (this.samples.length === 0) return NaN;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.samples[Math.min(this.samples.length - 1, Math.floor((p / 100) * this.samples.length))]!;
  }
}

export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (10 ms resolution). */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Measures a child's CPU, peak and final RSS, this process's CPU, and the CPU of the PostgreSQL
 * processes (backends, WAL writer, checkpointer...) of the cluster `cluster` is connected to, over a
 * run: the classic design does most of its work there, so server CPU alone would flatter it.
 * PostgreSQL's figure is NaN when the cluster is not on this machine.
 */
export async function processMeter(pid: number, cluster: postgres.Sql) {
  const pgPids = async () => (await cluster<{ pid: number }[]>`select pid from pg_stat_activity`).map((r) => r.pid);
  const pg0 = new Map((await pgPids()).map((p) => [p, cpuSecondsOf(p)]));
  const cpu0 = cpuSecondsOf(pid);
  const own0 = process.cpuUsage();
  let peakRssMiB = rssMiB(pid);
  const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB(pid) || 0)), 250);
  return async () => {
    clearInterval(sampler);
    const own = process.cpuUsage(own0);
    const cpuSeconds = cpuSecondsOf(pid) - cpu0;
    // Processes that started during the run count whole; any that ended are missed (pools keep theirs).
    let pgCpuSeconds = 0;
    for (const p of await pgPids()) pgCpuSeconds += cpuSecondsOf(p) - (pg0.get(p) ?? 0);
    return {
      cpuSeconds,
      pgCpuSeconds,
      peakRssMiB,
      endRssMiB: rssMiB(pid),
      loadgenCpuSeconds: (own.user + own.system) / 1e6,
    };
  };
}
export type ProcessUse = Awaited<ReturnType<Awaited<ReturnType<typeof processMeter>>>>;
