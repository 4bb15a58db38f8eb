/**
 * `npm run bench:onsale`: a big on-sale through the waiting room, end to end over HTTP.
 *
 * Starts PostgreSQL (embedded in a temporary folder, or PERF_DATABASE_URL) and one server process
 * (src/main.ts), creates one show of ONSALE_SEATS reserved seats (rows of 100) and puts a
 * randomThenFifo room in front of it: pre-queue open now, sales open ONSALE_JOIN_SECONDS + 5 s after
 * the clock starts. ONSALE_CUSTOMERS accounts (inserted straight into the database, tokens signed with
 * the server's JWT secret, as room-http.ts does: registration is not measured) join in a known arrival
 * order spread evenly over the first ONSALE_JOIN_SECONDS (a join refused with 503, the server shedding
 * load, is tried again after its Retry-After). Each then long-polls its ticket (waitSeconds,
 * If-None-Match with the last ETag, at most one poll per ONSALE_POLL_GAP_MS while queued) until it is
 * admitted, then holds 1-4 seats by quantity with its Admission-Token and confirms with the simulated
 * gateway's success card; it leaves the queue when a hold is refused, and stops when it sees soldOut.
 * Polls have their own pool of ONSALE_POLL_SOCKETS keep-alive sockets (a waiting long poll holds one),
 * the other requests ONSALE_SOCKETS; ONSALE_MAX_SECONDS ends the run if the show has not sold out.
 * The baseline, in the same run on the same server: 4 clients reading GET /api/shows/:id (the public
 * show with live availability) without pause from the first join to the end.
 *
 * The admission order is read from the room's journal (`turn.admitted` outcomes in journal order)
 * and compared with the arrival order by Spearman's rank correlation over those whose join succeeded
 * before sales opened: randomThenFifo shuffles every pre-queue join, so it should be near 0 (|rho|
 * under the 0.001 critical value). Those who joined after open (late, or refused and retried) must be
 * admitted in the order they joined: the count admitted before an earlier joiner should be 0.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { migrate } from '../../src/db/migrate.js';
import { findFreePort } from '../../src/net/free-port.js';
import { createClient } from './http-client.js';
import { stopChild, waitHealthy } from './processes.js';
import { BENCH_ADMIN, createBenchShow, insertBenchAccounts, startBenchServer } from './room-bench-setup.js';
import { Latencies } from './stats.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CUSTOMERS = env('ONSALE_CUSTOMERS', 20_000);
const SEATS = env('ONSALE_SEATS', 10_000);
const JOIN_SECONDS = env('ONSALE_JOIN_SECONDS', 10);
const MAX_ACTIVE = env('ONSALE_MAX_ACTIVE', 300);
const ADMIT_PER_MINUTE = env('ONSALE_ADMIT_PER_MINUTE', 6000);
// The site's own long poll waits 25 s (src/http/web/assets/js/room.ts).
const WAIT_SECONDS = env('ONSALE_WAIT_SECONDS', 25);
const POLL_GAP_MS = env('ONSALE_POLL_GAP_MS', 1000);
const SOCKETS = env('ONSALE_SOCKETS', 512);
// Long polls hold a socket while they wait: they get their own pool, so joins, holds and payments
// never queue behind them in the client.
const POLL_SOCKETS = env('ONSALE_POLL_SOCKETS', 8000);
const MAX_SECONDS = env('ONSALE_MAX_SECONDS', 240);
const JWT_SECRET = 'onsale-bench-secret-onsale-bench-secret-01';
const card = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' };

type Res = { status: number; body: any; etag: string | undefined; retryAfterMs?: number };
type Client = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Res>;

const lat = {
  join: new Latencies(),
  poll: new Latencies(),
  hold: new Latencies(),
  confirm: new Latencies(),
  baseline: new Latencies(),
};
const errors = new Map<string, number>();
const fail = (what: string, res: Res | unknown) => {
  const code =
    res && typeof res === 'object' && 'status' in res
      ? `${(res as Res).body?.code ?? (res as Res).status}`
      : `error:${(res as NodeJS.ErrnoException)?.code ?? 'unknown'}`;
  const key = `${what} ${code}`;
  errors.set(key, (errors.get(key) ?? 0) + 1);
};
let joinFirst = Infinity;
let joinLast = 0;
let pollFirst = Infinity;
let pollLast = 0;
let seatsSold = 0;
let soldOutAt: number | null = null;
const outcome = { admitted: 0, confirmedCustomers: 0, soldOutSeen: 0, left: 0, unfinished: 0 };

async function main() {
  const load0 = loadavg();
  const log = pino({ level: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-onsale-bench-'));
  chmodSync(dataDir, 0o755);
  const pg = await ensureDatabaseUrl({ DATABASE_URL: process.env.PERF_DATABASE_URL, DATA_DIR: dataDir }, log);
  let child: ChildProcess | null = null;
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  try {
    await migrate(pg.url);
    const database = openDatabase(pg.url, { max: 4 });
    const showId = await createBenchShow(database.db, SEATS, 'On-sale Bench Arena');
    const setup0 = performance.now();
    const tokens = await insertBenchAccounts(database.db, CUSTOMERS, {
      jwtSecret: JWT_SECRET,
      emailPrefix: 'onsale-bench',
    });
    await database.close();
    const setupSeconds = (performance.now() - setup0) / 1000;

    const port = await findFreePort();
    child = startBenchServer(pg.url, port, {
      nodeId: 'onsale-bench',
      jwtSecret: JWT_SECRET,
      logLevel: process.env.ONSALE_LOG_LEVEL ?? 'warn',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, child);
    const client = createRoomClient(base, SOCKETS);
    const pollClient = createRoomClient(base, POLL_SOCKETS);
    const admin = await client('POST', '/api/auth/login', BENCH_ADMIN);
    if (admin.status !== 200) throw new Error(`admin login failed: ${admin.status} ${JSON.stringify(admin.body)}`);
    const adminAuth = { authorization: `Bearer ${admin.body.token}` };
    const clock = Date.now();
    const salesOpenAt = clock + (JOIN_SECONDS + 5) * 1000;
    const room = await client(
      'PUT',
      `/api/admin/shows/${showId}/room`,
      {
        preQueueAt: new Date(clock - 1000).toISOString(),
        salesOpenAt: new Date(salesOpenAt).toISOString(),
        method: 'randomThenFifo',
        maxActive: MAX_ACTIVE,
        admitPerMinute: ADMIT_PER_MINUTE,
        turnMinutes: 10,
      },
      adminAuth,
    );
    if (room.status !== 200) throw new Error(`room set-up failed: ${room.status} ${JSON.stringify(room.body)}`);
    console.log(
      `bench:onsale: ${CUSTOMERS} customers (accounts made in ${setupSeconds.toFixed(1)}s, not measured), ` +
        `${SEATS} seats, joins over ${JOIN_SECONDS}s, sales open at +${JOIN_SECONDS + 5}s, ` +
        `maxActive ${MAX_ACTIVE}, admitPerMinute ${ADMIT_PER_MINUTE}, ${SOCKETS} + ${POLL_SOCKETS} (polls) sockets`,
    );
    console.log(`load average before: ${load0.map((l) => l.toFixed(2)).join(' ')}`);

    const deadline = clock + MAX_SECONDS * 1000;
    let running = true;
    const baseline = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running) {
          const t0 = performance.now();
          try {
            const res = await client('GET', `/api/shows/${showId}`);
            lat.baseline.add(performance.now() - t0);
            if (res.status !== 200) fail('GET show', res);
          } catch (err) {
            fail('GET show', err);
          }
        }
      }),
    );
    // prom-client resets its event-loop delay histogram at each scrape: this one starts the window.
    await serverMetrics(base);
    const tickets: (number | undefined)[] = new Array(CUSTOMERS);
    await Promise.all(
      tokens.map((token, i) =>
        customer(client, pollClient, showId, token, clock + (i * JOIN_SECONDS * 1000) / CUSTOMERS, deadline).then(
          (t) => {
            tickets[i] = t;
          },
        ),
      ),
    );
    running = false;
    await baseline;
    const endedAt = Date.now();
    const server = await serverMetrics(base);

    const admittedOrder = (
      await sql<{ ticket: number }[]>`
        select (o->>'ticket')::int as ticket from room_journal j,
          jsonb_array_elements(j.outcomes) with ordinality as x(o, n)
        where j.show_id = ${showId} and o->>'type' = 'turn.admitted' order by j.seq, x.n`
    ).map((r) => r.ticket);
    // Tickets are numbered in join order, so the shuffle's count says which joined before open (a
    // join refused and retried may land after it).
    const [shuffle] = await sql<{ count: number }[]>`
      select coalesce(max((o->>'count')::int), 0) as count from room_journal j, jsonb_array_elements(j.outcomes) o
      where j.show_id = ${showId} and o->>'type' = 'queue.shuffled'`;
    const [double] = await sql<{ n: string }[]>`select count(*) - count(distinct seat) as n from (
      select jsonb_array_elements_text(seats) as seat from bookings
      where show_id = ${showId} and status = 'confirmed') s`;
    const [booked] = await sql<{ n: string }[]>`select coalesce(sum(jsonb_array_length(seats)), 0) as n
      from bookings where show_id = ${showId} and status = 'confirmed'`;
    report({
      salesOpenAt,
      endedAt,
      tickets,
      admittedOrder,
      preQueueTickets: shuffle!.count,
      doubleSold: Number(double!.n),
      bookedSeats: Number(booked!.n),
      load0,
      server,
    });
  } finally {
    await sql.end();
    if (child && child.exitCode === null) await stopChild(child);
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One customer: joins at `joinAt`, follows the ticket, holds and pays once admitted. Returns the ticket. */
async function customer(
  client: Client,
  pollClient: Client,
  showId: string,
  token: string,
  joinAt: number,
  deadline: number,
): Promise<number | undefined> {
  const auth = { authorization: `Bearer ${token}` };
  await sleep(joinAt - Date.now());
  let t0 = performance.now();
  let joined: Res;
  // A busy server refuses joins with 503 and Retry-After (load shedding): come back as told, as a
  // browser would.
  for (;;) {
    try {
      joined = await client('POST', `/api/shows/${showId}/queue`, undefined, auth);
    } catch (err) {
      fail('join', err);
      return undefined;
    }
    const t1 = performance.now();
    lat.join.add(t1 - t0);
    joinFirst = Math.min(joinFirst, t0);
    joinLast = Math.max(joinLast, t1);
    if (joined.status === 201 || joined.status === 200) break;
    fail('join', joined);
    if (joined.status !== 503 || Date.now() >= deadline) return undefined;
    await sleep(joined.retryAfterMs ?? POLL_GAP_MS);
    t0 = performance.now();
  }
  const ticketId: string = joined.body.ticketId;
  let view = joined.body;
  let etag: string | undefined;
  while (view.status === 'queued' && Date.now() < deadline) {
    const wait = Math.max(0, Math.min(WAIT_SECONDS, Math.floor((deadline - Date.now()) / 1000)));
    t0 = performance.now();
    let res: Res;
    try {
      res = await pollClient(
        'GET',
        `/api/shows/${showId}/queue/${ticketId}?waitSeconds=${wait}`,
        undefined,
        etag ? { ...auth, 'if-none-match': etag } : auth,
      );
    } catch (err) {
      fail('poll', err);
      await sleep(POLL_GAP_MS);
      continue;
    }
    const t2 = performance.now();
    lat.poll.add(t2 - t0);
    pollFirst = Math.min(pollFirst, t0);
    pollLast = Math.max(pollLast, t2);
    if (res.status !== 200) {
      fail('poll', res);
      await sleep(res.retryAfterMs ?? POLL_GAP_MS);
      continue;
    }
    view = res.body;
    etag = res.etag;
    if (view.status === 'queued') await sleep(POLL_GAP_MS - (t2 - t0));
  }
  if (view.status === 'soldOut') {
    outcome.soldOutSeen++;
    soldOutAt ??= Date.now();
    return Number(ticketId);
  }
  if (view.status !== 'admitted') {
    if (view.status === 'queued') outcome.unfinished++;
    else fail('ticket', { status: 0, body: { code: `status ${view.status}` }, etag: undefined });
    return Number(ticketId);
  }
  outcome.admitted++;
  const admitted = { ...auth, 'admission-token': view.admissionToken as string };
  const quantity = 1 + (Number(ticketId) % 4);
  for (let attempt = 0; attempt < 3; attempt++) {
    t0 = performance.now();
    let held: Res;
    try {
      held = await client('POST', `/api/shows/${showId}/holds`, { quantity }, admitted);
    } catch (err) {
      fail('hold', err);
      break;
    }
    lat.hold.add(performance.now() - t0);
    if (held.status !== 201) {
      fail('hold', held);
      // Seats held by others may come back; otherwise this customer is done.
      if (held.body?.code === 'held_by_others') {
        await sleep(500);
        continue;
      }
      break;
    }
    t0 = performance.now();
    try {
      const paid = await client(
        'POST',
        `/api/shows/${showId}/holds/${held.body.holdId}/confirm`,
        { payment: card },
        auth,
      );
      lat.confirm.add(performance.now() - t0);
      if (paid.status !== 201) {
        fail('confirm', paid);
        break;
      }
    } catch (err) {
      fail('confirm', err);
      break;
    }
    outcome.confirmedCustomers++;
    seatsSold += quantity;
    if (seatsSold >= SEATS) soldOutAt ??= Date.now();
    return Number(ticketId);
  }
  // Refused: leave, so the turn does not sit on one of maxActive places until it runs out.
  outcome.left++;
  try {
    const res = await client('DELETE', `/api/shows/${showId}/queue/${ticketId}`, undefined, auth);
    if (res.status !== 204) fail('leave', res);
  } catch (err) {
    fail('leave', err);
  }
  return Number(ticketId);
}

/** Spearman's rho between arrival (customer index) and admission order, over the admitted tickets given. */
function spearman(tickets: (number | undefined)[], admittedOrder: number[]) {
  const arrivalOf = new Map<number, number>();
  tickets.forEach((t, i) => t !== undefined && arrivalOf.set(t, i));
  const pairs = admittedOrder.filter((t) => arrivalOf.has(t)).map((t, rank) => [arrivalOf.get(t)!, rank] as const);
  const n = pairs.length;
  const arrivalRank = new Map([...pairs].sort((a, b) => a[0] - b[0]).map((p, r) => [p[1], r]));
  let d2 = 0;
  for (const [, admissionRank] of pairs) d2 += (arrivalRank.get(admissionRank)! - admissionRank) ** 2;
  const rho = n > 1 ? 1 - (6 * d2) / (n * (n * n - 1)) : NaN;
  // Large-sample normal approximation: rho * sqrt(n - 1) is about standard normal when there is no link.
  const z = rho * Math.sqrt(n - 1);
  return { n, rho, p: erfc(Math.abs(z) / Math.SQRT2), critical: 3.2905 / Math.sqrt(n - 1) };
}

/** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851973 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

function report(r: {
  salesOpenAt: number;
  endedAt: number;
  tickets: (number | undefined)[];
  admittedOrder: number[];
  preQueueTickets: number;
  doubleSold: number;
  bookedSeats: number;
  load0: number[];
  server: ServerMetrics;
}) {
  const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const row = (name: string, l: Latencies, perSecond: string) =>
    console.log(
      `  ${name.padEnd(30)} ${String(l.count).padStart(8)} ${perSecond.padStart(8)} ${f(l.percentile(50), 1).padStart(9)} ${f(l.percentile(99), 1).padStart(9)}`,
    );
  console.log(
    `\n  ${'request'.padEnd(30)} ${'count'.padStart(8)} ${'per s'.padStart(8)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`,
  );
  row('join (POST queue)', lat.join, f(lat.join.count / ((joinLast - joinFirst) / 1000)));
  row(`poll (GET ticket, wait ${WAIT_SECONDS}s)`, lat.poll, f(lat.poll.count / ((pollLast - pollFirst) / 1000)));
  row('hold (POST holds)', lat.hold, '');
  row('confirm (POST confirm)', lat.confirm, '');
  const runSeconds = (r.endedAt - (r.salesOpenAt - (JOIN_SECONDS + 5) * 1000)) / 1000;
  row('baseline GET /api/shows/:id', lat.baseline, f(lat.baseline.count / runSeconds));

  const sellOutSeconds = r.bookedSeats >= SEATS && soldOutAt !== null ? (soldOutAt - r.salesOpenAt) / 1000 : NaN;
  const sellingSeconds = (Math.min(soldOutAt ?? r.endedAt, r.endedAt) - r.salesOpenAt) / 1000;
  // The shuffle covers the pre-queue only; who joined after open is served in order of joining.
  const preQueue = r.tickets.map((t) => (t !== undefined && t <= r.preQueueTickets ? t : undefined));
  const s = spearman(preQueue, r.admittedOrder);
  const afterOpen = r.admittedOrder.filter((t) => t > r.preQueueTickets);
  const outOfOrder = afterOpen.filter((t, i) => i > 0 && t < afterOpen[i - 1]!).length;
  console.log('');
  console.log(
    `  sales open to sell-out:        ${Number.isFinite(sellOutSeconds) ? `${f(sellOutSeconds, 1)} s` : 'not sold out'}`,
  );
  console.log(
    `  seats sold (confirmed, in db): ${r.bookedSeats} of ${SEATS}, ${f((r.bookedSeats / sellingSeconds) * 60)} per minute`,
  );
  console.log(
    `  customers: admitted ${outcome.admitted}, confirmed ${outcome.confirmedCustomers}, left after a refused hold ${outcome.left}, ` +
      `saw soldOut ${outcome.soldOutSeen}, still queued at the end ${outcome.unfinished}`,
  );
  console.log(
    `  pre-queue admission vs arrival: Spearman rho ${s.rho.toFixed(4)}, n ${s.n}, p ${s.p.toPrecision(3)} ` +
      `(|rho| critical at 0.001: ${s.critical.toFixed(4)}; ${Math.abs(s.rho) < s.critical ? 'no' : 'a'} significant link)`,
  );
  console.log(
    `  joined after open: ${afterOpen.length} admitted, ${outOfOrder} admitted before someone who joined earlier`,
  );
  console.log(`  seats in two confirmed bookings: ${r.doubleSold}`);
  const shed = Object.entries(r.server.shed);
  console.log(
    `  server: shed ${shed.length === 0 ? 'none' : shed.map(([why, n]) => `${why} ${n}`).join(', ')}; ` +
      `event-loop delay during the run p99 ${f(r.server.loopP99Ms)} ms, max ${f(r.server.loopMaxMs)} ms`,
  );
  console.log(`  errors by code: ${errors.size === 0 ? 'none' : ''}`);
  for (const [k, n] of [...errors].sort((a, b) => b[1] - a[1])) console.log(`    ${k}: ${n}`);
  console.log(
    `  load average before: ${r.load0.map((l) => l.toFixed(2)).join(' ')}, after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

interface ServerMetrics {
  /** Refusals by reason (`all` when the server does not label them). */
  shed: Record<string, number>;
  loopP99Ms: number;
  loopMaxMs: number;
}

/** The server's shed counters and its event-loop delay since the last scrape, from /metrics. */
async function serverMetrics(base: string): Promise<ServerMetrics> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const shed: Record<string, number> = {};
  for (const m of text.matchAll(/^showtime_requests_shed_total(?:\{reason="(\w+)"\})? (\d+)$/gm))
    shed[m[1] ?? 'all'] = Number(m[2]);
  const seconds = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return {
    shed,
    loopP99Ms: seconds('nodejs_eventloop_lag_p99_seconds'),
    loopMaxMs: seconds('nodejs_eventloop_lag_max_seconds'),
  };
}

/** The shared bench client, answering with the ETag and Retry-After this bench follows. */
function createRoomClient(baseUrl: string, maxSockets: number): Client {
  const request = createClient(baseUrl, maxSockets);
  return async (method, path, body, headers) => {
    const res = await request(method, path, body, headers);
    const etag = res.headers.etag;
    const retryAfter = Number(res.headers['retry-after']);
    return {
      status: res.status,
      body: res.body,
      etag: typeof etag === 'string' ? etag : undefined,
      retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
    };
  };
}

await main();
