/**
 * `npm run bench`: one hot show under the same workload on three servers (this one, the classic
 * row-locking design, an in-memory floor), this server at fixed offered rates, and many shows in one
 * process (memory per live show, rebuild time). Every server is a child process; one embedded
 * PostgreSQL (fsync on) serves them all. Knobs: config.ts; README: Benchmark.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import postgres from 'postgres';
import { loadEnv } from '../../src/config/env.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { createClassicTables } from './classic-sql.js';
import { closedLoop, type ClosedResult } from './closed-loop.js';
import { config } from './config.js';
import { openLoop, type OpenResult } from './open-loop.js';
import { killChildren } from './processes.js';
import { printClosed, printConfirm, printOpen, printShows } from './report.js';
import { startActorServer, startClassicServer, startMemoryServer, type Server } from './servers.js';
import { manyShows, type ShowsResult } from './shows.js';

const has = (s: Parameters<typeof config.only.has>[0]) => config.only.has(s);
/** One line per finished run on stderr, so a long run shows it is alive; the tables come at the end. */
const progress = <T extends { server: string }>(what: string, r: T, figure: (r: T) => string) => {
  console.error(`  ${what.padEnd(8)} ${r.server}: ${figure(r)}`);
  return r;
};
const holdsPerSecond = (r: ClosedResult) => `${Math.round(r.holds / r.seconds)} holds/s`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-bench-'));
  // mkdtemp makes the folder 0700; as root, PostgreSQL runs as another user who must be able to enter it.
  chmodSync(dataDir, 0o755);
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL });
  const pg = await ensureDatabaseUrl(env, pino({ level: 'warn' }));
  const sql = postgres(pg.url, { max: 4, onnotice: () => {} });
  try {
    console.log(
      `bench: ${[...config.only].join(', ')}; ${config.clients} customers, ${config.seconds} s per closed-loop run, ` +
        `shows of ${config.seats} seats, holds of ${config.quantity} then release`,
    );
    const closed: ClosedResult[] = [];
    const confirms: ClosedResult[] = [];
    const open: OpenResult[] = [];
    const shows: ShowsResult[] = [];

    // Every server is started (and warmed up) first and stays up; a round then runs each of them
    // once, in an order rotated per round, so the machine's drift is spread over all of them.
    const servers: Server[] = [];
    try {
      const http = has('closed') || has('confirm') || has('open');
      if (http) for (const dir of config.serverDirs) servers.push(await startActorServer(sql, pg.url, dir));
      if (has('closed') || has('confirm')) {
        await createClassicTables(sql);
        servers.push(await startClassicServer(sql, pg.url));
      }
      if (has('closed')) servers.push(await startMemoryServer(sql));
      for (const server of servers) await closedLoop(server, config.warmupSeconds);
      for (let round = 0; round < config.rounds; round++) {
        const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
        for (const server of order) {
          if (has('closed')) closed.push(progress('closed', await closedLoop(server, config.seconds), holdsPerSecond));
        }
        for (const server of order) {
          if (has('confirm') && server.kind !== 'memory') {
            const r = await closedLoop(server, config.confirmSeconds, config.confirmShare);
            confirms.push(progress('confirm', r, holdsPerSecond));
          }
        }
        for (const rate of config.openRates) {
          for (const server of order) {
            if (has('open') && server.kind === 'actor') {
              const r = await openLoop(server, rate, config.openSeconds);
              open.push(progress(`open`, r, (o) => `${Math.round(o.achieved)} of ${o.offered}/s`));
            }
          }
        }
      }
    } finally {
      for (const server of servers) await server.stop();
    }
    if (has('shows')) {
      for (const dir of config.serverDirs) {
        const r = await manyShows(pg.url, dir);
        shows.push(
          progress('shows', { ...r, server: r.checkout }, (s) => `${s.ownHalls.live} + ${s.oneHall.live} live shows`),
        );
      }
    }

    if (closed.length) printClosed('Closed loop, hold then release (the headline)', closed, config.rounds);
    if (confirms.length) printConfirm(confirms);
    if (open.length) printOpen(open);
    if (shows.length) printShows(shows);
    const sold = [...closed, ...confirms].some((r) => r.doubles.clients > 0 || (r.doubles.server ?? 0) > 0);
    if (sold || open.some((r) => r.doubles > 0)) {
      console.log('\nA SEAT WAS GIVEN TO TWO CUSTOMERS AT ONCE (see doubles above)');
      process.exitCode = 1;
    }
  } finally {
    killChildren();
    await sql.end({ timeout: 5 });
    await pg.stop();
    if (!process.env.BENCH_DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
