import { describe, expect, it } from 'vitest';
import {
  mainIsolate,
  memoryTrend,
  memoryWindows,
  parseFullCollections,
  parseMemoryMetrics,
  RouteStats,
  slope,
  type LiveHeap,
  type MemorySample,
} from '../../scripts/bench/soak-report.js';

const sample = (at: number, heapUsedMiB: number, rssMiB = 200): MemorySample => ({
  at,
  rssMiB,
  heapUsedMiB,
  heapTotalMiB: 120,
  externalMiB: 4,
  liveShows: 4,
});

/** A heap that fills with garbage and drops to `live(t)` at each full collection, every 50 s. */
function sawtooth(seconds: number, live: (at: number) => number) {
  const samples: MemorySample[] = [];
  const collections: LiveHeap[] = [];
  for (let at = 0; at <= seconds; at += 5) {
    samples.push(sample(at, live(at) + (at % 50) * 2));
    if (at > 0 && at % 50 === 0) collections.push({ at, mib: live(at), isolate: '0x1' });
  }
  return { samples, collections };
}

describe('soak report', () => {
  it('fits a least-squares slope', () => {
    expect(slope([1, 2, 3, 4].map((x) => ({ x, y: 3 * x + 7 })))).toBeCloseTo(3);
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 0 },
        { x: 2, y: 2 },
      ]),
    ).toBeCloseTo(0.5);
    expect(slope([{ x: 5, y: 1 }])).toBe(0);
  });

  it('calls a heap flat when full collections leave the same, however high the garbage rises', () => {
    const { samples, collections } = sawtooth(600, () => 40);
    const trend = memoryTrend(samples, collections, 120);
    expect(trend.flat).toBe(true);
    expect(trend.liveHeapPerMinute).toBeCloseTo(0);
    expect(trend.collections).toBe(10);
    expect(trend.minutes).toBeCloseTo(8);
  });

  it('finds a leak of 1 MiB a minute after warm-up, and ignores the growth during warm-up', () => {
    const leaking = sawtooth(600, (at) => 40 + at / 60);
    const trend = memoryTrend(leaking.samples, leaking.collections, 120);
    expect(trend.flat).toBe(false);
    expect(trend.liveHeapPerMinute).toBeCloseTo(1);
    expect(trend.liveHeapGrowthMiB).toBeCloseTo(8);
    // Filling caches in the first two minutes, flat after: flat.
    const warming = sawtooth(600, (at) => Math.min(60, 20 + at / 3));
    expect(memoryTrend(warming.samples, warming.collections, 120).flat).toBe(true);
  });

  it('does not call a heap flat on fewer than three full collections', () => {
    const { samples, collections } = sawtooth(600, () => 40);
    expect(memoryTrend(samples, collections.slice(-2), 120).flat).toBe(false);
  });

  it('groups samples in windows: last RSS, least heap after a full collection, peak heap', () => {
    const { samples, collections } = sawtooth(120, () => 40);
    const windows = memoryWindows(samples, collections, 60);
    expect(windows.map((w) => w.endsAt)).toEqual([60, 120, 180]);
    expect(windows[0]).toMatchObject({ liveHeapMiB: 40, heapPeakMiB: 40 + 45 * 2, rssMiB: 200 });
    expect(windows[2]).toMatchObject({ liveHeapMiB: null });
  });

  it('reads the memory metrics and V8 full-collection lines', () => {
    const text = [
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      'process_resident_memory_bytes 209715200',
      'nodejs_heap_size_total_bytes 104857600',
      'nodejs_heap_size_used_bytes 52428800',
      'nodejs_external_memory_bytes 4194304',
      'nodejs_heap_space_size_used_bytes{space="old"} 1',
      'showtime_live_shows 4',
    ].join('\n');
    expect(parseMemoryMetrics(text, 12)).toEqual({
      at: 12,
      rssMiB: 200,
      heapTotalMiB: 100,
      heapUsedMiB: 50,
      externalMiB: 4,
      liveShows: 4,
    });
    const trace = [
      '[71:0x5f]    61234 ms: Scavenge 95.1 (110.2) -> 94.0 (110.2) MB, 1.2 / 0.0 ms allocation failure;',
      '[71:0x5f]    61240 ms: Mark-Compact 95.1 (110.2) -> 40.2 (105.0) MB, 48.54 / 0.01 ms  (+ 42.6 ms in 12 steps)',
      '[71:0x5f]    91240 ms: Mark-Compact (reduce) 60.5 (105.0) -> 41.0 (90.0) MB, 20.1 / 0.0 ms',
    ].join('\n');
    expect(parseFullCollections(trace, 30)).toEqual([
      { at: 30, mib: 40.2, isolate: '0x5f' },
      { at: 30, mib: 41, isolate: '0x5f' },
    ]);
    // Another isolate of the process (a thread) with a small heap of its own is not the server's.
    const thread = parseFullCollections('[71:0x7a]    95000 ms: Mark-Compact 12.0 (14.0) -> 11.0 (14.0) MB, 3 ms', 31);
    expect(mainIsolate([...parseFullCollections(trace, 30), ...thread]).map((l) => l.isolate)).toEqual([
      '0x5f',
      '0x5f',
    ]);
  });

  it('counts 5xx and failed connections as errors and 4xx as refusals by code', () => {
    const stats = new RouteStats();
    stats.record('POST holds', 10, 201);
    stats.record('POST holds', 30, 409, 'held_by_others');
    stats.record('POST holds', 20, 503, 'overloaded');
    stats.failed('POST holds', 'error:ECONNRESET');
    expect(stats.requests).toBe(3);
    expect(stats.errorCount).toBe(2);
    expect(Object.fromEntries(stats.errors)).toEqual({
      'POST holds 503 overloaded': 1,
      'POST holds error:ECONNRESET': 1,
    });
    expect(Object.fromEntries(stats.refusals)).toEqual({ 'POST holds held_by_others': 1 });
    expect(stats.latencies.get('POST holds')!.percentile(99)).toBe(30);
  });
});
