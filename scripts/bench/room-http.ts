/**
 * `npm run bench:room-http`: how fast the waiting room answers over HTTP, beside a baseline measured
 * in the same run on the same server.
 *
 * Starts PostgreSQL (embedded in a temporary folder, or PERF_DATABASE_URL) and one server process
 * (src/main.ts), turns on a FIFO room for a fresh show whose sales open in an hour (so everyone stays
 * queued and every poll computes a position), then with N keep-alive clients:
 *   1. joins: every account POSTs /api/shows/:id/queue once (one place per account);
 *   2. position polls: GET /api/shows/:id/queue/:ticketId for random accounts, for S seconds;
 *   3. baselines, for S seconds each: GET /api/shows/:id (the public show with live availability),
 *      GET /api/shows/:id/room (the room's public counts), and the same with a random account's
 *      bearer token (authentication is most of a position poll's cost).
 * Accounts are inserted straight into the database and their access tokens signed with the server's
 * JWT secret, so the run measures the room, not password hashing. Prints one table: requests,
 * requests per second, p50 and p99 latency, failures.
 *
 * Options: --accounts N (5000), --clients C (32), --seconds S (5), --log-level L (warn).
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { openDatabase } from '../../src/db/client.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { migrate } from '../../src/db/migrate.js';
import { findFreePort } from '../../src/net/free-port.js';
import { createClient } from './http-client.js';
import { stopChild, waitHealthy } from './processes.js';
import { BENCH_ADMIN, createBenchShow, insertBenchAccounts, startBenchServer } from './room-bench-setup.js';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const ACCOUNTS = Number(args.accounts);
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const JWT_SECRET = 'room-bench-secret-room-bench-secret-0123';

interface Row {
  name: string;
  latencies: number[];
  seconds: number;
  failures: number;
}

async function main() {
  const log = pino({ level: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-room-bench-'));
  chmodSync(dataDir, 0o755);
  const pg = await ensureDatabaseUrl({ DATABASE_URL: process.env.PERF_DATABASE_URL, DATA_DIR: dataDir }, log);
  let child: ChildProcess | null = null;
  try {
    await migrate(pg.url);
    const database = openDatabase(pg.url, { max: 4 });
    const showId = await createBenchShow(database.db, 2000, 'Room Bench Arena');
    const tokens = await insertBenchAccounts(database.db, ACCOUNTS, { jwtSecret: JWT_SECRET, emailPrefix: 'room-bench' });
    await database.close();

    const port = await findFreePort();
    child = startBenchServer(pg.url, port, { nodeId: 'room-bench', jwtSecret: JWT_SECRET, logLevel: args['log-level']! });
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, child);
    const client = createClient(base, CLIENTS + 4);
    const admin = await client('POST', '/api/auth/login', BENCH_ADMIN);
    if (admin.status !== 200) throw new Error(`admin login failed: ${admin.status} ${JSON.stringify(admin.body)}`);
    const adminAuth = { authorization: `Bearer ${(admin.body as { token: string }).token}` };
    const room = await client(
      'PUT',
      `/api/admin/shows/${showId}/room`,
      {
        preQueueAt: new Date(Date.now() - 1000).toISOString(),
        salesOpenAt: new Date(Date.now() + 3_600_000).toISOString(),
        method: 'fifo',
        maxActive: 100,
        admitPerMinute: 600,
      },
      adminAuth,
    );
    if (room.status !== 200) throw new Error(`room set-up failed: ${room.status} ${JSON.stringify(room.body)}`);
    console.log(`bench:room-http: ${ACCOUNTS} accounts, ${CLIENTS} clients, ${SECONDS}s per timed part`);

    const tickets: string[] = new Array(ACCOUNTS);
    const rows: Row[] = [];
    let next = 0;
    rows.push(
      await timed('join (POST queue)', () => next < ACCOUNTS, async () => {
        const i = next++;
        const res = await client('POST', `/api/shows/${showId}/queue`, undefined, auth(tokens[i]!));
        if (res.status === 201) tickets[i] = (res.body as { ticketId: string }).ticketId;
        return res.status === 201;
      }),
    );
    const joined = tickets.map((t, i) => [t, i] as const).filter(([t]) => t !== undefined);
    if (joined.length === 0) throw new Error('no join succeeded');
    const until = (s: number) => {
      const end = performance.now() + s * 1000;
      return () => performance.now() < end;
    };
    rows.push(
      await timed('position poll (GET ticket)', until(SECONDS), async () => {
        const [ticket, i] = joined[Math.floor(Math.random() * joined.length)]!;
        const res = await client('GET', `/api/shows/${showId}/queue/${ticket}`, undefined, auth(tokens[i]!));
        return res.status === 200 && (res.body as { position: number | null }).position !== null;
      }),
    );
    rows.push(
      await timed('baseline GET show', until(SECONDS), async () => {
        const res = await client('GET', `/api/shows/${showId}`);
        return res.status === 200;
      }),
    );
    rows.push(
      await timed('baseline GET room', until(SECONDS), async () => {
        const res = await client('GET', `/api/shows/${showId}/room`);
        return res.status === 200;
      }),
    );
    // The same public read with a random account's token: what signing in costs a request (the
    // position poll pays it too).
    rows.push(
      await timed('baseline GET room, signed in', until(SECONDS), async () => {
        const [, i] = joined[Math.floor(Math.random() * joined.length)]!;
        const res = await client('GET', `/api/shows/${showId}/room`, undefined, auth(tokens[i]!));
        return res.status === 200;
      }),
    );
    report(rows);
  } finally {
    if (child && child.exitCode === null) await stopChild(child);
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Runs `op` on every client while `more()` says so; each call is one timed request. */
async function timed(name: string, more: () => boolean, op: () => Promise<boolean>): Promise<Row> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (more()) {
        const t0 = performance.now();
        const ok = await op();
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  return { name, latencies, seconds: (performance.now() - started) / 1000, failures };
}

function report(rows: Row[]) {
  const head = `  ${'request'.padEnd(28)} ${'count'.padStart(7)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(7)}`;
  console.log(`\n${head}`);
  for (const r of rows) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    console.log(
      `  ${r.name.padEnd(28)} ${String(r.latencies.length).padStart(7)} ${(r.latencies.length / r.seconds).toFixed(0).padStart(8)} ` +
        `${p(0.5).toFixed(1).padStart(8)} ${p(0.99).toFixed(1).padStart(8)} ${String(r.failures).padStart(7)}`,
    );
  }
}

await main();
