/**
 * `npm run bench`: one hot show, many concurrent customers, the actor server against the classic
 * row-locking design on the same database. Prints throughput, latency percentiles, memory, and
 * checks that no seat was sold twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import postgres from 'postgres';
import { loadEnv } from '../../src/config/env.js';
import { openDatabase } from '../../src/db/client.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { migrate } from '../../src/db/migrate.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import { createClient, type Client } from './http-client.js';
import { Latencies, rssMiB } from './stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? 200);
const SEATS_PER_ROW = Number(process.env.BENCH_SEATS_PER_ROW ?? 100);
const CONFIRM_SHARE = Number(process.env.BENCH_CONFIRM_SHARE ?? 0.2);
const QUANTITY = 2;

interface PhaseResult {
  name: string;
  holdsOk: number;
  seconds: number;
  hold: Latencies;
  confirm: Latencies;
  release: Latencies;
  confirms: number;
  releases: number;
  rejected: Record<string, number>;
  rssMiB: number;
}

async function main() {
  const log = pino({ level: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-bench-'));
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL });
  const pg = await ensureDatabaseUrl(env, log);
  const children: ChildProcess[] = [];
  try {
    await migrate(pg.url);
    const database = openDatabase(pg.url, { max: 4 });
    const showId = await createBenchShow(database.db);
    await createClassicTables(database.sql, showId);
    const capacity = ROWS * SEATS_PER_ROW;
    console.log(`bench: ${CLIENTS} clients, ${SECONDS}s per design, one show of ${capacity} seats,`);
    console.log(`       hold ${QUANTITY} seats then confirm (${CONFIRM_SHARE * 100}%) or release\n`);

    const actorPort = await freePort();
    const actor = startChild(['--import', 'tsx', join(root, 'src/main.ts')], {
      DATABASE_URL: pg.url,
      PORT: String(actorPort),
      HOST: '127.0.0.1',
      SEED: 'none',
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      NODE_ID: 'bench',
    });
    children.push(actor);
    const actorUrl = `http://127.0.0.1:${actorPort}`;
    await waitHealthy(actorUrl);
    const client = createClient(actorUrl, CLIENTS + 10);
    const tokens = await registerUsers(client, CLIENTS);
    const actorResult = await runPhase('actor (this project)', actor.pid!, CLIENTS, async (i, lat) => {
      const auth = { authorization: `Bearer ${tokens[i]}` };
      const t0 = performance.now();
      const hold = await client('POST', `/api/shows/${showId}/holds`, { quantity: QUANTITY }, auth);
      if (hold.status !== 201) return { rejected: hold.body?.code ?? String(hold.status) };
      lat.hold.add(performance.now() - t0);
      const t1 = performance.now();
      if (Math.random() < CONFIRM_SHARE) {
        const res = await client(
          'POST',
          `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`,
          { payment: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } },
          auth,
        );
        if (res.status !== 201) return { rejected: `confirm:${res.body?.code ?? res.status}` };
        lat.confirm.add(performance.now() - t1);
        return { confirmed: true };
      }
      const res = await client('DELETE', `/api/shows/${showId}/holds/${hold.body.holdId}`, undefined, auth);
      if (res.status !== 204) return { rejected: `release:${res.body?.code ?? res.status}` };
      lat.release.add(performance.now() - t1);
      return { released: true };
    });
    await stopChild(actor);
    const actorDoubles = await doubleSold(database.sql, 'actor', showId);

    const classicPort = await freePort();
    const classic = startChild(['--import', 'tsx', join(root, 'scripts/bench/classic-server.ts')], {
      DATABASE_URL: pg.url,
      PORT: String(classicPort),
    });
    children.push(classic);
    const classicUrl = `http://127.0.0.1:${classicPort}`;
    await waitHealthy(classicUrl, '/classic/health');
    const cclient = createClient(classicUrl, CLIENTS + 10);
    const classicResult = await runPhase('classic (FOR UPDATE SKIP LOCKED)', classic.pid!, CLIENTS, async (i, lat) => {
      const who = { 'x-user-id': `user-${i}` };
      const t0 = performance.now();
      const hold = await cclient('POST', `/classic/shows/${showId}/holds`, { quantity: QUANTITY }, who);
      if (hold.status !== 201) return { rejected: hold.body?.code ?? String(hold.status) };
      lat.hold.add(performance.now() - t0);
      const t1 = performance.now();
      if (Math.random() < CONFIRM_SHARE) {
        const res = await cclient('POST', `/classic/holds/${hold.body.holdId}/confirm`, {}, who);
        if (res.status !== 201) return { rejected: `confirm:${res.status}` };
        lat.confirm.add(performance.now() - t1);
        return { confirmed: true };
      }
      const res = await cclient('DELETE', `/classic/holds/${hold.body.holdId}`, undefined, who);
      if (res.status !== 204) return { rejected: `release:${res.status}` };
      lat.release.add(performance.now() - t1);
      return { released: true };
    });
    await stopChild(classic);
    const classicDoubles = await doubleSold(database.sql, 'classic', showId);
    await database.close();

    report([actorResult, classicResult], { actor: actorDoubles, classic: classicDoubles });
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await pg.stop();
    if (!process.env.BENCH_DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

type Step = (
  client: number,
  lat: { hold: Latencies; confirm: Latencies; release: Latencies },
) => Promise<{
  rejected?: string;
  confirmed?: boolean;
  released?: boolean;
}>;

async function runPhase(name: string, pid: number, clients: number, step: Step): Promise<PhaseResult> {
  const lat = { hold: new Latencies(), confirm: new Latencies(), release: new Latencies() };
  const rejected: Record<string, number> = {};
  let confirms = 0;
  let releases = 0;
  let soldOut = false;
  let peakRss = 0;
  const started = performance.now();
  const end = started + SECONDS * 1000;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(pid) || 0)), 250);
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < end && !soldOut) {
        const r = await step(i, lat);
        if (r.confirmed) confirms++;
        if (r.released) releases++;
        if (r.rejected) {
          rejected[r.rejected] = (rejected[r.rejected] ?? 0) + 1;
          if (r.rejected === 'sold_out') soldOut = true;
        }
      }
    }),
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  return { name, holdsOk: lat.hold.count, seconds, ...lat, confirms, releases, rejected, rssMiB: peakRss };
}

function report(results: PhaseResult[], doubles: Record<'actor' | 'classic', number>) {
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  console.log(
    'design                               holds/s   hold p50   hold p99   confirm p50/p99   release p50/p99   peak RSS',
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(36)} ${fmt(r.holdsOk / r.seconds).padStart(8)} ${fmt(r.hold.percentile(50)).padStart(8)}ms ${fmt(
        r.hold.percentile(99),
      ).padStart(8)}ms ${`${fmt(r.confirm.percentile(50))}/${fmt(r.confirm.percentile(99))}ms`.padStart(17)} ${`${fmt(
        r.release.percentile(50),
      )}/${fmt(r.release.percentile(99))}ms`.padStart(17)} ${String(r.rssMiB).padStart(7)}MiB`,
    );
    console.log(
      `${''.padEnd(36)} ${r.holdsOk} holds in ${r.seconds.toFixed(1)}s, ${r.confirms} confirmed, ${r.releases} released, rejected: ${JSON.stringify(r.rejected)}`,
    );
  }
  const [actor, classic] = results as [PhaseResult, PhaseResult];
  const ratio = actor.holdsOk / actor.seconds / (classic.holdsOk / classic.seconds);
  console.log(`\nratio (actor / classic holds per second): ${ratio.toFixed(1)}x`);
  console.log(`seats sold twice: actor ${doubles.actor}, classic ${doubles.classic}`);
  if (doubles.actor > 0 || doubles.classic > 0) process.exitCode = 1;
}

async function createBenchShow(db: ReturnType<typeof openDatabase>['db']): Promise<string> {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    row: `R${i + 1}`,
    seats: SEATS_PER_ROW,
    category: i < ROWS / 4 ? 'premium' : 'regular',
  }));
  const venue = await createVenue(db, {
    name: 'Bench Arena',
    city: 'Benchville',
    halls: [{ name: 'Bowl', layout: { sections: [{ name: 'Bowl', kind: 'reserved', rows }] } }],
  });
  const { eventId } = await createEvent(db, { title: 'Hot Show', category: 'concert' });
  const { showId } = await createShow(db, {
    eventId,
    hallId: venue.halls[0]!.hallId,
    startsAt: new Date(Date.now() + 30 * 86_400_000),
    prices: { premium: { amount: 9900, currency: 'EUR' }, regular: { amount: 4900, currency: 'EUR' } },
  });
  return showId;
}

async function createClassicTables(sql: postgres.Sql, showId: string) {
  await sql`create table if not exists bench_classic_seats (
    show_id text not null, seat_id text not null, seat_no int not null, status text not null, hold_id text,
    primary key (show_id, seat_id))`;
  await sql`create index if not exists bench_classic_free on bench_classic_seats (show_id, status, seat_no)`;
  await sql`create index if not exists bench_classic_hold on bench_classic_seats (hold_id)`;
  await sql`create table if not exists bench_classic_holds (
    id text primary key, show_id text not null, user_id text not null, status text not null, seats jsonb not null,
    expires_at timestamptz not null)`;
  await sql`insert into bench_classic_seats (show_id, seat_id, seat_no, status)
    select ${showId}, 'R' || (n / ${SEATS_PER_ROW} + 1) || '-' || (n % ${SEATS_PER_ROW} + 1), n, 'free'
    from generate_series(0, ${ROWS * SEATS_PER_ROW - 1}) n`;
}

async function doubleSold(sql: postgres.Sql, design: 'actor' | 'classic', showId: string): Promise<number> {
  const rows =
    design === 'actor'
      ? await sql<{ n: string }[]>`select count(*) - count(distinct seat) as n from (
          select jsonb_array_elements_text(seats) as seat from bookings where show_id = ${showId} and status = 'confirmed'
          union all
          select jsonb_array_elements_text(seats) from holds where show_id = ${showId} and status in ('held', 'paying')) s`
      : await sql<{ n: string }[]>`select count(*) - count(distinct seat) as n from (
          select jsonb_array_elements_text(seats) as seat from bench_classic_holds
          where show_id = ${showId} and status in ('held', 'confirmed')) s`;
  return Number(rows[0]!.n);
}

async function registerUsers(client: Client, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, (_, j) =>
        client('POST', '/api/auth/register', {
          email: `bench-${Date.now()}-${i + j}@example.com`,
          password: 'bench-password-1',
          name: `Bench ${i + j}`,
        }),
      ),
    );
    for (const r of batch) {
      if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.push(r.body.token);
    }
  }
  return tokens;
}

function startChild(args: string[], env: Record<string, string>): ChildProcess {
  // BENCH_NODE_ARGS passes flags such as --cpu-prof to the servers under test.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function waitHealthy(url: string, path = '/healthz'): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url + path);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

await main();
