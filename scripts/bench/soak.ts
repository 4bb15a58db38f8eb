/**
 * `npm run bench:soak`: this server (a child process on its own embedded PostgreSQL, fsync on) under
 * mixed traffic for SOAK_SECONDS (10 minutes): customers browsing, holding, confirming, releasing,
 * cancelling and waiting on a waitlist, and seat-stream watchers that come and go. Prints memory over
 * time from the server's /metrics, the trend after warm-up (it must be flat), p50/p99 per route,
 * errors, and the double-sale check. README: Benchmark.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import postgres from 'postgres';
import { loadEnv } from '../../src/config/env.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { config, PROJECT_ROOT } from './config.js';
import { killChildren } from './processes.js';
import { startActorServer } from './servers.js';
import { processMeter } from './stats.js';
import {
  formatCounts,
  formatRoutes,
  formatTrend,
  formatWindows,
  mainIsolate,
  memoryTrend,
  memoryWindows,
  parseFullCollections,
  parseMemoryMetrics,
  RouteStats,
  ServerLog,
  type LiveHeap,
  type MemorySample,
} from './soak-report.js';
import { MIX, runCustomer, runStreamWatcher, type StreamCounts } from './soak-traffic.js';

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got ${process.env[name]}`);
  return value;
};

const seconds = num('SOAK_SECONDS', 600);
const soak = {
  seconds,
  /** Not judged: JIT, caches, pools and the first shows' state fill up here. */
  warmupSeconds: num('SOAK_WARMUP_SECONDS', Math.min(120, Math.round(seconds / 5))),
  /** Mean pause between one customer's actions (0-2x this, uniformly). */
  thinkMs: num('SOAK_THINK_MS', 300),
  streams: num('SOAK_STREAMS', 30),
  roomyShows: num('SOAK_SHOWS', 3),
  roomySeats: num('SOAK_SHOW_SEATS', 1000),
  scarceSeats: num('SOAK_SCARCE_SEATS', 40),
  sampleSeconds: num('SOAK_SAMPLE_SECONDS', 5),
  windowSeconds: num('SOAK_WINDOW_SECONDS', Math.min(60, Math.max(10, Math.round(seconds / 10)))),
};

function describeMachine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2));
  return (
    `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, load average ${load.join(' ')} before the run`
  );
}

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'showtime-soak-'));
  // mkdtemp makes the folder 0700; as root, PostgreSQL runs as another user who must be able to enter it.
  chmodSync(dataDir, 0o755);
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL });
  const pg = await ensureDatabaseUrl(env, pino({ level: 'warn' }));
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  // Every watcher connects from 127.0.0.1; the per-address cap on streams must let them all in.
  process.env.STREAMS_PER_IP = String(soak.streams + 10);
  try {
    console.log(`soak: ${new Date().toISOString()}, ${describeMachine()}`);
    console.log(
      `  ${seconds} s of traffic (warm-up ${soak.warmupSeconds} s): ${config.clients} customers pausing ` +
        `${soak.thinkMs} ms on average (mix ${Object.entries(MIX)
          .map(([a, w]) => `${a} ${w}`)
          .join(', ')}), ${soak.streams} stream watchers; ${soak.roomyShows} shows of ${soak.roomySeats} seats ` +
        `and one of ${soak.scarceSeats} kept full (waitlist)`,
    );
    // V8 reports each full collection on stdout; what it leaves is the live heap, the figure a leak lifts.
    const live: LiveHeap[] = [];
    let started = Date.now();
    let partial = '';
    // The server logs at warn: what it warns of under this load is part of the result.
    const serverLog = new ServerLog();
    const server = await startActorServer(sql, pg.url, PROJECT_ROOT, 'this server', {
      nodeArgs: ['--trace-gc'],
      onStdout(text) {
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        live.push(...parseFullCollections(lines.join('\n'), (Date.now() - started) / 1000));
        for (const line of lines) if (line.startsWith('{')) serverLog.add(line);
      },
    });
    console.log(`  server: ${server.label}, pid ${server.pid}`);
    try {
      const shows = {
        roomy: await Promise.all(Array.from({ length: soak.roomyShows }, () => server.newShow(soak.roomySeats))),
        scarce: await server.newShow(soak.scarceSeats),
      };
      const stats = new RouteStats();
      const samples: MemorySample[] = [];
      const streams: StreamCounts = { opened: 0, events: 0, bytes: 0 };
      started = Date.now();
      // Collections before the traffic (start-up, sign-ups) are not part of the run.
      live.length = 0;
      const deadline = started + seconds * 1000;
      const elapsed = () => (Date.now() - started) / 1000;

      let sampleErrors = 0;
      const sample = async () => {
        try {
          // The server inherits this environment: when it has an OPS_TOKEN, /metrics asks for it.
          const token = process.env.OPS_TOKEN;
          const res = await server.client(
            'GET',
            '/metrics',
            undefined,
            token ? { authorization: `Bearer ${token}` } : {},
          );
          if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
          samples.push(parseMemoryMetrics(String(res.body), elapsed()));
        } catch {
          sampleErrors++;
        }
      };
      await sample();
      const sampler = setInterval(() => void sample(), soak.sampleSeconds * 1000);
      let lastRequests = 0;
      let lastErrors = 0;
      const progress = setInterval(() => {
        const s = samples.at(-1);
        const requests = stats.requests - lastRequests;
        const errors = stats.errorCount - lastErrors;
        lastRequests += requests;
        lastErrors += errors;
        console.error(
          `  ${String(Math.round(elapsed())).padStart(5)} s  ${Math.round(requests / soak.windowSeconds)} req/s, ` +
            `${errors} errors, RSS ${s?.rssMiB.toFixed(1)} MiB, heap ${s?.heapUsedMiB.toFixed(1)} MiB ` +
            `(${mainIsolate(live).at(-1)?.mib.toFixed(1) ?? '-'} after the last full GC), ` +
            `${s?.liveShows} live shows, ${streams.opened} streams opened`,
        );
      }, soak.windowSeconds * 1000);

      const meter = await processMeter(server.pid, sql);
      const traffic = { client: server.client, stats, shows, deadline, thinkMs: soak.thinkMs };
      await Promise.all([
        ...server.auth.map((auth) => runCustomer(traffic, auth)),
        ...Array.from({ length: soak.streams }, () => runStreamWatcher(traffic, server.url, streams)),
      ]);
      clearInterval(sampler);
      clearInterval(progress);
      await sample();
      const ran = elapsed();
      const use = await meter();

      const doubles = await Promise.all([...shows.roomy, shows.scarce].map((id) => server.doubleSold(id)));
      const serverHeap = mainIsolate(live);
      const trend = memoryTrend(samples, serverHeap, soak.warmupSeconds);
      console.log(`\nMemory of the server process (from /metrics every ${soak.sampleSeconds} s):\n`);
      console.log(formatWindows(memoryWindows(samples, serverHeap, soak.windowSeconds)));
      console.log(`\n${formatTrend(trend, soak.warmupSeconds)}`);
      if (sampleErrors > 0) console.log(`(${sampleErrors} samples of /metrics failed)`);
      const share = (cpuSeconds: number) => `${Math.round((100 * cpuSeconds) / ran)} %`;
      console.log(
        `\nCPU (of one core, over the run): server ${share(use.cpuSeconds)}, PostgreSQL ${share(use.pgCpuSeconds)}, ` +
          `load generator ${share(use.loadgenCpuSeconds)}; load average at the end ${os.loadavg()[0]!.toFixed(2)}`,
      );
      console.log(`\nAnswers per route over ${ran.toFixed(0)} s (${Math.round(stats.requests / ran)} per second):\n`);
      console.log(formatRoutes(stats, ran));
      console.log(`\nErrors (5xx and failed connections): ${stats.errorCount}\n${formatCounts(stats.errors)}`);
      console.log(
        `\nRefusals (4xx, by code; most are the workload's: seats taken, sold out):\n${formatCounts(stats.refusals)}`,
      );
      console.log(
        `\nStreams: ${streams.opened} opened, ${streams.events} events, ${(streams.bytes / 2 ** 20).toFixed(1)} MiB received`,
      );
      console.log(`\nServer log lines (warn and above, by message):\n${formatCounts(serverLog.counts)}`);
      for (const line of serverLog.first.values()) console.log(`  first: ${line.slice(0, 600)}`);
      const sold = doubles.reduce<number>((a, d) => a + (d ?? 0), 0);
      console.log(`Seats in two confirmed bookings: ${sold}`);
      if (sold > 0) {
        console.log('A SEAT WAS SOLD TWICE');
        process.exitCode = 1;
      }
      if (!trend.flat) process.exitCode = 1;
    } finally {
      await server.stop();
    }
  } finally {
    killChildren();
    await sql.end({ timeout: 5 });
    await pg.stop();
    if (!process.env.BENCH_DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
