import { readFileSync } from 'node:fs';

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

/** Measures a child's CPU, peak and final RSS, and this process's CPU, over a run. */
export function processMeter(pid: number) {
  const cpu0 = cpuSecondsOf(pid);
  const own0 = process.cpuUsage();
  let peakRssMiB = rssMiB(pid);
  const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB(pid) || 0)), 250);
  return () => {
    clearInterval(sampler);
    const own = process.cpuUsage(own0);
    return {
      cpuSeconds: cpuSecondsOf(pid) - cpu0,
      peakRssMiB,
      endRssMiB: rssMiB(pid),
      loadgenCpuSeconds: (own.user + own.system) / 1e6,
    };
  };
}
export type ProcessUse = ReturnType<ReturnType<typeof processMeter>>;
