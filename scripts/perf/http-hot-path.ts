/**
 * `npm run bench:http`: server CPU per hold+release over HTTP, the hot path of an on-sale.
 *
 * Starts PostgreSQL (embedded in a temporary folder, or PERF_DATABASE_URL), then for each round and
 * each variant a server process, and drives it with N keep-alive clients that each repeat
 * POST /api/shows/:id/holds {"quantity":2} then DELETE /api/shows/:id/holds/:holdId with a Bearer
 * token. After a warm-up it reads the server's CPU time (user + system, from /proc) over the timed
 * window and prints CPU µs per hold+release and hold+release pairs per second.
 *
 * Options (all optional):
 *   --clients N        concurrent clients (32)
 *   --seconds S        timed window per run (6), after --warmup S (2)
 *   --rounds R         runs of each variant (3); variants run interleaved, the order flipped every round
 *   --runtime real     the whole server (src/main.ts); `stub` answers HOLD/RELEASE without an actor
 *                      or database, so only the HTTP layer is measured (scripts/perf/serve-stub.ts)
 *   --variant NAME=DIR or NAME=git:REF   a checkout to serve (repeatable; default: this one);
 *                      git:REF extracts that commit into a temporary folder
 *   --log-level L      the server's LOG_LEVEL (warn, as for any load test)
 *   PERF_NODE_ARGS     extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { openDatabase } from '../../src/db/client.js';
import { ensureDatabaseUrl } from '../../src/db/database-url.js';
import { migrate } from '../../src/db/migrate.js';
import { findFreePort } from '../../src/net/free-port.js';
import { createClient, type Client } from '../bench/http-client.js';
import { stopChild, waitHealthy } from '../bench/processes.js';
import { createBenchShow, startBenchServer } from '../bench/room-bench-setup.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    runtime: { type: 'string', default: 'real' },
    variant: { type: 'string', multiple: true },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const RUNTIME = args.runtime === 'stub' ? 'stub' : 'real';
const JWT_SECRET = 'perf-secret-perf-secret-perf-secret-0123';
const CLK_TCK = 100;
const WINDOW_MS = 250;

interface Variant {
  name: string;
  dir: string;
}
interface Run {
  variant: string;
  round: number;
  ops: number;
  seconds: number;
  cpuSeconds: number;
  errors: number;
  /** Main-thread CPU µs per op in each short window of the timed part (see drive). */
  windows: number[];
}

async function main() {
  const temp: string[] = [];
  const variants = (args.variant ?? ['current=.']).map((spec) => variantOf(spec, temp));
  const log = pino({ level: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'showtime-perf-'));
  temp.push(dataDir);
  chmodSync(dataDir, 0o755);
  const pg = await ensureDatabaseUrl({ DATABASE_URL: process.env.PERF_DATABASE_URL, DATA_DIR: dataDir }, log);
  let child: ChildProcess | null = null;
  try {
    await migrate(pg.url);
    const database = openDatabase(pg.url, { max: 4 });
    console.log(
      `bench:http: ${RUNTIME} runtime, ${CLIENTS} clients, ${WARMUP}s warm-up + ${SECONDS}s timed, ` +
        `${ROUNDS} rounds of ${variants.map((v) => v.name).join(' / ')}`,
    );
    let tokens: string[] | null = null;
    const runs: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        // 2,000 seats: hold+release never runs out, and best-available stays cheap.
        const showId = await createBenchShow(database.db, 2000, 'Perf Arena');
        const port = await findFreePort();
        child = startServer(variant, pg.url, port);
        const base = `http://127.0.0.1:${port}`;
        await waitHealthy(base, child);
        const client = createClient(base, CLIENTS + 4);
        tokens ??= await registerUsers(client, CLIENTS);
        const run = await drive(client, child.pid!, showId, tokens);
        await stopChild(child);
        child = null;
        runs.push({ variant: variant.name, round, ...run });
        console.log(
          `  ${variant.name.padEnd(16)} round ${round + 1}: ${fmt(usPerOp(run))} µs/op  ${fmt(run.ops / run.seconds)} op/s  ` +
            `main ${fmt(percentile(run.windows, 10))}/${fmt(median(run.windows))} µs/op (p10/median)` +
            (run.errors ? `  (${run.errors} failed requests)` : ''),
        );
      }
    }
    await database.close();
    report(variants, runs);
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await pg.stop();
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  }
}

/** A checkout to serve: a folder, or a commit extracted with `git archive` (node_modules linked). */
function variantOf(spec: string, temp: string[]): Variant {
  const eq = spec.indexOf('=');
  const name = eq > 0 ? spec.slice(0, eq) : spec;
  const where = eq > 0 ? spec.slice(eq + 1) : spec;
  if (!where.startsWith('git:')) return { name, dir: resolve(root, where) };
  const dir = mkdtempSync(join(tmpdir(), 'showtime-perf-src-'));
  temp.push(dir);
  execFileSync('sh', ['-c', `git archive "$1" | tar -x -C "$2"`, 'sh', where.slice(4), dir], { cwd: root });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return { name, dir };
}

function startServer(variant: Variant, databaseUrl: string, port: number): ChildProcess {
  return startBenchServer(databaseUrl, port, {
    nodeId: 'perf',
    jwtSecret: JWT_SECRET,
    logLevel: args['log-level']!,
    checkout: variant.dir,
    entry: RUNTIME === 'stub' ? join(root, 'scripts/perf/serve-stub.ts') : undefined,
    nodeArgs: process.env.PERF_NODE_ARGS?.split(' ').filter(Boolean),
    env: { PERF_SRC: variant.dir },
  });
}

/** Hold+release loops on every client; CPU and completed pairs are counted only after the warm-up. */
async function drive(client: Client, pid: number, showId: string, tokens: string[]) {
  let ops = 0;
  let errors = 0;
  let counting = false;
  const started = performance.now();
  const warmEnd = started + WARMUP * 1000;
  const end = warmEnd + SECONDS * 1000;
  let cpu0 = 0;
  let t0 = 0;
  let ops0 = 0;
  // The machine is shared: other work inflates CPU time unevenly, a window at a time. Short windows
  // of the main thread's own CPU (nanoseconds, from schedstat) let the report quote their low
  // percentile too, which moves much less with the neighbours than the run's average does.
  const windows: number[] = [];
  let last = { ns: 0, ops: 0 };
  let sampler: NodeJS.Timeout | undefined;
  const mark = setTimeout(() => {
    cpu0 = cpuSecondsOf(pid);
    t0 = performance.now();
    ops0 = ops;
    counting = true;
    last = { ns: mainThreadNs(pid), ops };
    sampler = setInterval(() => {
      const now = { ns: mainThreadNs(pid), ops };
      if (now.ops - last.ops >= 20) windows.push((now.ns - last.ns) / 1000 / (now.ops - last.ops));
      last = now;
    }, WINDOW_MS);
  }, WARMUP * 1000);
  await Promise.all(
    tokens.map(async (token) => {
      const auth = { authorization: `Bearer ${token}` };
      while (performance.now() < end) {
        const hold = await client('POST', `/api/shows/${showId}/holds`, { quantity: 2 }, auth);
        if (hold.status !== 201) {
          errors++;
          if (errors > 100) throw new Error(`hold failed: ${hold.status} ${JSON.stringify(hold.body)}`);
          continue;
        }
        const { holdId } = hold.body as { holdId: string };
        const released = await client('DELETE', `/api/shows/${showId}/holds/${holdId}`, undefined, auth);
        if (released.status !== 204) {
          errors++;
          if (errors > 100) throw new Error(`release failed: ${released.status} ${JSON.stringify(released.body)}`);
          continue;
        }
        ops++;
      }
    }),
  );
  clearTimeout(mark);
  clearInterval(sampler);
  if (!counting) throw new Error('the run ended before its warm-up did');
  const cpu1 = cpuSecondsOf(pid);
  return { ops: ops - ops0, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpu1 - cpu0, errors, windows };
}

function report(variants: Variant[], runs: Run[]) {
  console.log(
    `\n  ${'variant'.padEnd(16)} ${'CPU µs/op'.padStart(10)} ${'op/s'.padStart(8)} ${'main µs/op p10'.padStart(15)} ${'median'.padStart(7)}`,
  );
  const first = variants[0]!.name;
  const windowsOf = (name: string) => runs.filter((r) => r.variant === name).flatMap((r) => r.windows);
  for (const v of variants) {
    const mine = runs.filter((r) => r.variant === v.name);
    const windows = windowsOf(v.name);
    const line =
      `  ${v.name.padEnd(16)} ${fmt(median(mine.map(usPerOp))).padStart(10)} ` +
      `${fmt(median(mine.map((r) => r.ops / r.seconds))).padStart(8)} ` +
      `${fmt(percentile(windows, 10)).padStart(15)} ${fmt(median(windows)).padStart(7)}`;
    if (v.name === first) {
      console.log(line);
      continue;
    }
    // Pairwise: each round's run against the first variant's run of the same round.
    const ratios = mine.map((r) => {
      const base = runs.find((b) => b.variant === first && b.round === r.round)!;
      return {
        cpu: usPerOp(r) / usPerOp(base),
        rate: r.ops / r.seconds / (base.ops / base.seconds),
        p10: percentile(r.windows, 10) / percentile(base.windows, 10),
      };
    });
    console.log(
      `${line}   vs ${first}: CPU x${median(ratios.map((x) => x.cpu)).toFixed(3)}, ` +
        `op/s x${median(ratios.map((x) => x.rate)).toFixed(3)}, main p10 x${median(ratios.map((x) => x.p10)).toFixed(3)}`,
    );
  }
}

const usPerOp = (r: { cpuSeconds: number; ops: number }) => (r.cpuSeconds * 1e6) / r.ops;
const fmt = (n: number) => n.toFixed(0);
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU time of the process's main thread (the event loop) in nanoseconds. */
function mainThreadNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

async function registerUsers(client: Client, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, n - i) }, (_, j) =>
        client('POST', '/api/auth/register', {
          email: `perf-${randomUUID()}@example.com`,
          password: 'perf-password-1',
          name: `Perf ${i + j}`,
        }),
      ),
    );
    for (const res of batch) {
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.push((res.body as { token: string }).token);
    }
  }
  return tokens;
}

await main();
