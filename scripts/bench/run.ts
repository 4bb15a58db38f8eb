/**
 * `npm run bench`: one hot show, many concurrent customers who hold seats then confirm or release.
 * Compares this project's actor design with the classic row-locking design on the same database,
 * twice: end to end over HTTP (each design as its own server process), and in process (the actor
 * runtime against the classic SQL, no HTTP), which isolates the booking design from HTTP costs.
 * Prints throughput, latency percentiles, CPU and memory, and checks that no seat was sold twice.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type postgres from 'postgres';
import { createShowRuntime } from '../../src/actors/runtime/index.js';
import type { ShowOutcome } from '../../src/actors/show/types.js';
import { loadEnv } from '../../src/config/env.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { migrate } from '../../src/db/migrate.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import {
  addClassicShow,
  classicConfirm,
  classicDoubleSold,
  classicHold,
  classicRelease,
  createClassicTables,
} from './classic-sql.js';
import { createClient, type Client } from './http-client.js';
import { runPhase, timed, type PhaseResult, type StepResult } from './phase.js';
import { findFreePort } from '../../src/net/free-port.js';
import { startChild, stopChild, waitHealthy, type Children } from './processes.js';
import { printReport } from './report.js';
import { cpuSecondsOf } from './stats.js';
import { DEFAULT_SHOW_RULES } from '../../src/config/show-rules.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? 200);
const SEATS_PER_ROW = Number(process.env.BENCH_SEATS_PER_ROW ?? 100);
const CONFIRM_SHARE = Number(process.env.BENCH_CONFIRM_SHARE ?? 0.2);
const QUANTITY = 2;
const card = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' };

async function main() {
  const log = pino({ level: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-bench-'));
  // mkdtemp makes the folder 0700; as root, PostgreSQL runs as another user who must be able to enter it.
  chmodSync(dataDir, 0o755);
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL });
  const pg = await ensureDatabaseUrl(env, log);
  const children: Children = [];
  try {
    await migrate(pg.url);
    const database = openDatabase(pg.url, { max: 20 });
    await createClassicTables(database.sql);
    console.log(
      `bench: ${CLIENTS} concurrent customers, ${SECONDS}s per run, each run on its own show of ${ROWS * SEATS_PER_ROW} seats;`,
    );
    console.log(`       each customer holds ${QUANTITY} seats, then confirms (${CONFIRM_SHARE * 100}%) or releases\n`);
    const results: PhaseResult[] = [];
    const doubles: Record<string, number> = {};

    // BENCH_ONLY=core skips the HTTP runs (for quick looks at the booking design itself).
    if (process.env.BENCH_ONLY !== 'core') {
      const httpActorShow = await createBenchShow(database.db);
      results.push(await httpActor(pg.url, httpActorShow, children));
      doubles[results.at(-1)!.name] = await actorDoubleSold(database.sql, httpActorShow);

      const httpClassicShow = await createBenchShow(database.db);
      await addClassicShow(database.sql, httpClassicShow, ROWS, SEATS_PER_ROW);
      results.push(await httpClassic(pg.url, httpClassicShow, children));
      doubles[results.at(-1)!.name] = await classicDoubleSold(database.sql, httpClassicShow);
    }

    const coreActorShow = await createBenchShow(database.db);
    results.push(await coreActor(database.db, coreActorShow));
    doubles[results.at(-1)!.name] = await actorDoubleSold(database.sql, coreActorShow);

    const coreClassicShow = await createBenchShow(database.db);
    await addClassicShow(database.sql, coreClassicShow, ROWS, SEATS_PER_ROW);
    results.push(await coreClassic(database.sql, coreClassicShow));
    doubles[results.at(-1)!.name] = await classicDoubleSold(database.sql, coreClassicShow);

    await database.close();
    printReport(results, doubles);
    if (Object.values(doubles).some((n) => n > 0)) process.exitCode = 1;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await pg.stop();
    if (!process.env.BENCH_DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

const phaseOpts = (pid: number) => ({ clients: CLIENTS, seconds: SECONDS, pid, cpu: () => cpuSecondsOf(pid) });
const confirmNow = () => Math.random() < CONFIRM_SHARE;

async function httpActor(databaseUrl: string, showId: string, children: Children): Promise<PhaseResult> {
  const port = await findFreePort();
  const server = startChild(children, ['--import', 'tsx', 'src/main.ts'], {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED: 'none',
    RATE_LIMIT: 'off',
    LOG_LEVEL: 'warn',
    NODE_ID: 'bench',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, '/healthz');
  const client = createClient(url, CLIENTS + 10);
  const tokens = await registerUsers(client, CLIENTS);
  const result = await runPhase('http  actor (this project)', phaseOpts(server.pid!), async (i, lat) => {
    const auth = { authorization: `Bearer ${tokens[i]}` };
    const t0 = performance.now();
    const hold = await client('POST', `/api/shows/${showId}/holds`, { quantity: QUANTITY }, auth);
    if (hold.status !== 201) return { rejected: hold.body?.code ?? String(hold.status) };
    lat.hold.add(performance.now() - t0);
    const holdPath = `/api/shows/${showId}/holds/${hold.body.holdId}`;
    if (confirmNow()) {
      const res = await timed(lat.confirm, () => client('POST', `${holdPath}/confirm`, { payment: card }, auth));
      return res.status === 201 ? { confirmed: true } : { rejected: `confirm:${res.body?.code ?? res.status}` };
    }
    const res = await timed(lat.release, () => client('DELETE', holdPath, undefined, auth));
    return res.status === 204 ? { released: true } : { rejected: `release:${res.body?.code ?? res.status}` };
  });
  await stopChild(server);
  return result;
}

async function httpClassic(databaseUrl: string, showId: string, children: Children): Promise<PhaseResult> {
  const port = await findFreePort();
  const server = startChild(children, ['--import', 'tsx', 'scripts/bench/classic-server.ts'], {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, '/classic/health');
  const client = createClient(url, CLIENTS + 10);
  const result = await runPhase('http  classic (FOR UPDATE SKIP LOCKED)', phaseOpts(server.pid!), async (i, lat) => {
    const who = { 'x-user-id': `user-${i}` };
    const t0 = performance.now();
    const hold = await client('POST', `/classic/shows/${showId}/holds`, { quantity: QUANTITY }, who);
    if (hold.status !== 201) return { rejected: hold.body?.code ?? String(hold.status) };
    lat.hold.add(performance.now() - t0);
    if (confirmNow()) {
      const res = await timed(lat.confirm, () => client('POST', `/classic/holds/${hold.body.holdId}/confirm`, {}, who));
      return res.status === 201 ? { confirmed: true } : { rejected: `confirm:${res.status}` };
    }
    const res = await timed(lat.release, () => client('DELETE', `/classic/holds/${hold.body.holdId}`, undefined, who));
    return res.status === 204 ? { released: true } : { rejected: `release:${res.status}` };
  });
  await stopChild(server);
  return result;
}

/** The actor runtime in this process, with its group-committed journal and read models: no HTTP. */
async function coreActor(db: Db, showId: string): Promise<PhaseResult> {
  const runtime = createShowRuntime({
    db,
    clock: { now: () => Date.now() },
    log: pino({ level: 'warn' }),
    nodeId: 'bench',
    ticketSecret: 'bench',
    rules: DEFAULT_SHOW_RULES,
  });
  await runtime.summary(showId);
  const users = Array.from({ length: CLIENTS }, () => randomUUID());
  const find = <T extends ShowOutcome['type']>(outcomes: ShowOutcome[], type: T) =>
    outcomes.find((o): o is Extract<ShowOutcome, { type: T }> => o.type === type);
  const result = await runPhase('core  actor runtime (no HTTP)', phaseOpts(process.pid), async (i, lat) => {
    const userId = users[i]!;
    const holdId = randomUUID();
    const t0 = performance.now();
    const outcomes = await runtime.dispatch(showId, { type: 'HOLD', holdId, userId, quantity: QUANTITY });
    const refused = find(outcomes, 'hold.rejected');
    if (refused) return { rejected: refused.code };
    lat.hold.add(performance.now() - t0);
    if (confirmNow()) {
      const paymentId = randomUUID();
      const confirmed = await timed(lat.confirm, async () => {
        await runtime.dispatch(showId, { type: 'BEGIN_PAYMENT', holdId, userId, paymentId });
        const done = await runtime.dispatch(showId, { type: 'CONFIRM', holdId, bookingId: randomUUID(), paymentId });
        return find(done, 'booking.confirmed') !== undefined;
      });
      return confirmed ? { confirmed: true } : { rejected: 'confirm' };
    }
    const released = await timed(lat.release, () => runtime.dispatch(showId, { type: 'RELEASE', holdId, userId }));
    return find(released, 'hold.released') ? { released: true } : { rejected: 'release' };
  });
  const stats = runtime.stats();
  await runtime.stop();
  result.notes = `group commit: ${stats.batches} commits, ${(stats.events / stats.batches).toFixed(0)} commands per commit on average (max ${stats.maxBatch}), ${(stats.commitMsTotal / stats.batches).toFixed(1)}ms per commit`;
  return result;
}

/** The classic transactions from this process over a pool, as many at once as there are customers. */
async function coreClassic(sql: postgres.Sql, showId: string): Promise<PhaseResult> {
  return runPhase('core  classic SQL (no HTTP)', phaseOpts(process.pid), async (i, lat): Promise<StepResult> => {
    const t0 = performance.now();
    const held = await classicHold(sql, showId, `user-${i}`, QUANTITY);
    if (!held) return { rejected: 'sold_out' };
    lat.hold.add(performance.now() - t0);
    if (confirmNow()) {
      const ok = await timed(lat.confirm, () => classicConfirm(sql, held.holdId));
      return ok ? { confirmed: true } : { rejected: 'confirm' };
    }
    await timed(lat.release, () => classicRelease(sql, held.holdId));
    return { released: true };
  });
}

async function createBenchShow(db: Db): Promise<string> {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    row: `R${i + 1}`,
    seats: SEATS_PER_ROW,
    category: i < ROWS / 4 ? 'premium' : 'regular',
  }));
  const venue = await createVenue(db, {
    name: `Bench Arena ${randomUUID().slice(0, 8)}`,
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

async function actorDoubleSold(sql: postgres.Sql, showId: string): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*) - count(distinct seat) as n from (
    select jsonb_array_elements_text(seats) as seat from bookings where show_id = ${showId} and status = 'confirmed'
    union all
    select jsonb_array_elements_text(seats) from holds where show_id = ${showId} and status in ('held', 'paying')) s`;
  return Number(row!.n);
}

async function registerUsers(client: Client, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, (_, j) =>
        client('POST', '/api/auth/register', {
          email: `bench-${randomUUID()}@example.com`,
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

await main();
