/**
 * The soak's figures, apart from its traffic so they can be tested: memory samples read from the
 * server's /metrics, grouped in windows, and the trend after warm-up; latency and outcomes per route.
 */
import { Latencies } from './stats.js';

const MiB = 1024 * 1024;

export interface MemorySample {
  /** Seconds since the traffic started. */
  at: number;
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  liveShows: number;
}

/** The memory figures of a Prometheus text exposition (prom-client's default metrics). */
export function parseMemoryMetrics(text: string, at: number): MemorySample {
  const value = (name: string) => {
    const line = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text);
    if (!line) throw new Error(`/metrics has no ${name}`);
    return Number(line[1]);
  };
  return {
    at,
    rssMiB: value('process_resident_memory_bytes') / MiB,
    heapUsedMiB: value('nodejs_heap_size_used_bytes') / MiB,
    heapTotalMiB: value('nodejs_heap_size_total_bytes') / MiB,
    externalMiB: value('nodejs_external_memory_bytes') / MiB,
    liveShows: value('showtime_live_shows'),
  };
}

/** The heap left after one full collection (V8's Mark-Compact): what was live at that moment. */
export interface LiveHeap {
  /** Seconds since the traffic started. */
  at: number;
  mib: number;
  /** V8's isolate address: a process has more than one (tsx runs its module hooks in a thread). */
  isolate: string;
}

/**
 * The heap after each full collection, from V8's `--trace-gc` lines, such as
 * `[71:0x5f]  61234 ms: Mark-Compact (reduce) 95.1 (110.2) -> 40.2 (105.0) MB, ...` (V8's MB are MiB).
 * Scavenges (young generation) are skipped: they leave the old generation's garbage in place.
 */
export function parseFullCollections(lines: string, at: number): LiveHeap[] {
  const found: LiveHeap[] = [];
  const fullGc = /\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: Mark-Compact(?: \([^)]*\))? [\d.]+ \([\d.]+\) -> ([\d.]+) /g;
  for (const m of lines.matchAll(fullGc)) found.push({ at, mib: Number(m[2]), isolate: m[1]! });
  return found;
}

/** The collections of the isolate with the largest heap: the server's main thread. */
export function mainIsolate(live: LiveHeap[]): LiveHeap[] {
  const largest = new Map<string, number>();
  for (const l of live) largest.set(l.isolate, Math.max(largest.get(l.isolate) ?? 0, l.mib));
  const main = [...largest.entries()].sort(([, a], [, b]) => b - a)[0]?.[0];
  return live.filter((l) => l.isolate === main);
}

export interface MemoryWindow {
  /** The window's end, in seconds since the traffic started. */
  endsAt: number;
  /** The last RSS of the window. */
  rssMiB: number;
  /** The least heap after a full collection in the window (null: none ran in it). */
  liveHeapMiB: number | null;
  /** The most heap in use at a sample: live data plus garbage not yet collected. */
  heapPeakMiB: number;
  externalMiB: number;
  liveShows: number;
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function memoryWindows(samples: MemorySample[], live: LiveHeap[], windowSeconds: number): MemoryWindow[] {
  const window = (at: number) => Math.floor(at / windowSeconds);
  const liveBy = groupBy(live, (l) => window(l.at));
  return [...groupBy(samples, (s) => window(s.at)).entries()]
    .sort(([a], [b]) => a - b)
    .map(([i, group]) => {
      const last = group.at(-1)!;
      const collected = liveBy.get(i);
      return {
        endsAt: (i + 1) * windowSeconds,
        rssMiB: last.rssMiB,
        liveHeapMiB: collected ? Math.min(...collected.map((l) => l.mib)) : null,
        heapPeakMiB: Math.max(...group.map((s) => s.heapUsedMiB)),
        externalMiB: last.externalMiB,
        liveShows: last.liveShows,
      };
    });
}

/** Least-squares slope of y over x (y per unit of x); 0 for fewer than two distinct x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface MemoryTrend {
  /** Minutes after warm-up that the trend is taken over. */
  minutes: number;
  /** Full collections after warm-up: the points the heap's slope is fitted to. */
  collections: number;
  /** Slopes in MiB per minute: the heap after each full collection, and RSS at every sample. */
  liveHeapPerMinute: number;
  rssPerMinute: number;
  /** The slope times the span: how much the fitted line rose after warm-up. */
  liveHeapGrowthMiB: number;
  rssGrowthMiB: number;
  /**
   * The live heap rose less than max(2 MiB, 5 % of its level) over the span, fitted to at least
   * three full collections (fewer cannot tell a trend from noise: then it is not called flat).
   */
  flat: boolean;
}

/**
 * The memory trend after warm-up. The heap is judged by what full collections leave (garbage comes
 * and goes, a leak stays); RSS, which V8 takes and gives back in large steps, is reported beside it.
 */
export function memoryTrend(samples: MemorySample[], live: LiveHeap[], warmupSeconds: number): MemoryTrend {
  const after = samples.filter((s) => s.at >= warmupSeconds);
  const minutes = after.length > 1 ? (after.at(-1)!.at - after[0]!.at) / 60 : 0;
  const points = live.filter((l) => l.at >= warmupSeconds).map((l) => ({ x: l.at / 60, y: l.mib }));
  const liveHeapPerMinute = slope(points);
  const rssPerMinute = slope(after.map((s) => ({ x: s.at / 60, y: s.rssMiB })));
  const level = points.reduce((a, p) => a + p.y, 0) / Math.max(1, points.length);
  const liveHeapGrowthMiB = liveHeapPerMinute * minutes;
  return {
    minutes,
    collections: points.length,
    liveHeapPerMinute,
    rssPerMinute,
    liveHeapGrowthMiB,
    rssGrowthMiB: rssPerMinute * minutes,
    flat: points.length >= 3 && liveHeapGrowthMiB <= Math.max(2, 0.05 * level),
  };
}

/** Answers per route: latency of every answer, and what did not succeed. */
export class RouteStats {
  readonly latencies = new Map<string, Latencies>();
  /** 5xx answers and network errors, by route and status or error code. */
  readonly errors = new Map<string, number>();
  /** 4xx answers by problem code: mostly the workload's expected refusals (sold out, seats taken). */
  readonly refusals = new Map<string, number>();

  record(route: string, ms: number, status: number, code?: string): void {
    let l = this.latencies.get(route);
    if (!l) this.latencies.set(route, (l = new Latencies()));
    l.add(ms);
    if (status >= 500) bump(this.errors, `${route} ${status}${code ? ` ${code}` : ''}`);
    else if (status >= 400) bump(this.refusals, `${route} ${code ?? status}`);
  }

  failed(route: string, error: string): void {
    bump(this.errors, `${route} ${error}`);
  }

  get requests(): number {
    let n = 0;
    for (const l of this.latencies.values()) n += l.count;
    return n;
  }

  get errorCount(): number {
    let n = 0;
    for (const c of this.errors.values()) n += c;
    return n;
  }
}

/** The server's pino lines, counted by level and message; the first of each is kept whole. */
export class ServerLog {
  readonly counts = new Map<string, number>();
  readonly first = new Map<string, string>();

  add(line: string): void {
    let key = line;
    try {
      const parsed = JSON.parse(line) as { level?: number; msg?: string };
      key = `${parsed.level === 40 ? 'warn' : parsed.level === 50 ? 'error' : `level ${parsed.level}`}: ${parsed.msg}`;
    } catch {
      // not a log line after all: counted as it is
    }
    bump(this.counts, key);
    if (!this.first.has(key)) this.first.set(key, line);
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const mib = (v: number) => v.toFixed(1);
const ms = (v: number) => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(1) : Math.round(v).toString());
const signed = (v: number, digits = 2) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

export function formatWindows(windows: MemoryWindow[]): string {
  const rows = windows.map(
    (w) =>
      `| ${w.endsAt} s | ${mib(w.rssMiB)} | ${w.liveHeapMiB === null ? '-' : mib(w.liveHeapMiB)} | ` +
      `${mib(w.heapPeakMiB)} | ${mib(w.externalMiB)} | ${w.liveShows} |`,
  );
  return [
    '| until | RSS MiB | heap after full GC MiB | heap peak MiB | external MiB | live shows |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

export function formatTrend(t: MemoryTrend, warmupSeconds: number): string {
  return (
    `After the ${warmupSeconds} s warm-up (${t.minutes.toFixed(1)} min, ${t.collections} full collections): ` +
    `heap after full GC ${signed(t.liveHeapPerMinute)} MiB/min (${signed(t.liveHeapGrowthMiB, 1)} MiB over the span), ` +
    `RSS ${signed(t.rssPerMinute)} MiB/min (${signed(t.rssGrowthMiB, 1)} MiB): ` +
    (t.flat ? 'flat' : t.collections < 3 ? 'too few full collections to tell' : 'GROWING')
  );
}

export function formatRoutes(stats: RouteStats, seconds: number): string {
  const rows = [...stats.latencies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, l]) => {
      let errors = 0;
      for (const [key, n] of stats.errors) if (key.startsWith(`${route} `)) errors += n;
      return `| ${route} | ${l.count} | ${(l.count / seconds).toFixed(1)} | ${ms(l.percentile(50))} | ${ms(l.percentile(99))} | ${ms(l.percentile(100))} | ${errors} |`;
    });
  return [
    '| route | answers | per s | p50 ms | p99 ms | max ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

export function formatCounts(map: Map<string, number>): string {
  if (map.size === 0) return '  none';
  return [...map.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) => `  ${String(n).padStart(7)}  ${key}`)
    .join('\n');
}
