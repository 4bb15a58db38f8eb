/**
 * The three servers the bench drives with one workload, each a child process on its own port:
 * this server (a checkout's src/main.ts on a database of its own), the classic row-locking server,
 * and the in-memory floor. They all speak the hold/release contract of API.md.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { ensureDatabase } from '../../src/db/database-url.js';
import { addClassicShow, classicDoubleSold } from './classic-sql.js';
import { config } from './config.js';
import { createClient, type Client } from './http-client.js';
import { describeCheckout, freePort, startChild, stopChild, waitHealthy } from './processes.js';

export interface Server {
  label: string;
  kind: 'actor' | 'classic' | 'memory';
  pid: number;
  url: string;
  client: Client;
  /** The bench's own connection to the PostgreSQL cluster the server uses (for its CPU figures). */
  cluster: postgres.Sql;
  /** Authorization header values, one per simulated customer. */
  auth: string[];
  /** A new show of `seats` (config.seats unless given) seats, on sale. */
  newShow(seats?: number): Promise<string>;
  /** Seats in two confirmed bookings, per the server's own tables (null: not known). */
  doubleSold(showId: string): Promise<number | null>;
  stop(): Promise<void>;
}

const ROW_SEATS = 100;
const rows = () => Math.ceil(config.seats / ROW_SEATS);

/** Rows of up to ROW_SEATS seats, at least two so that both price categories have seats. */
function rowsOf(seats: number) {
  const perRow = Math.min(ROW_SEATS, Math.ceil(seats / 2));
  const count = Math.ceil(seats / perRow);
  const premium = Math.max(1, Math.floor(count / 4));
  return Array.from({ length: count }, (_, i) => ({
    row: `R${i + 1}`,
    seats: Math.min(perRow, seats - i * perRow),
    category: i < premium ? 'premium' : 'regular',
  }));
}

/** Extra Node flags for a server, and a reader of its stdout (ignored unless given). */
export interface ServerProcessOptions {
  nodeArgs?: string[];
  onStdout?: (text: string) => void;
}

async function spawnServer(
  script: string,
  env: Record<string, string>,
  cwd?: string,
  { nodeArgs, onStdout }: ServerProcessOptions = {},
) {
  const port = await freePort();
  const child = startChild(
    [script],
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    {
      cwd,
      nodeArgs,
      captureStdout: onStdout !== undefined,
    },
  );
  if (onStdout) child.stdout!.on('data', (chunk: Buffer) => onStdout(chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child);
  // Enough sockets for every closed-loop customer plus an open-loop burst.
  return { child, url, client: createClient(url, Math.max(config.clients + 10, 512)) };
}

const stopper =
  (child: ChildProcess, ...more: (() => Promise<unknown>)[]) =>
  async () => {
    await stopChild(child);
    for (const m of more) await m();
  };

/** This server from checkout `dir`, with its own tsx, migrations and a fresh database. */
export async function startActorServer(
  cluster: postgres.Sql,
  pgUrl: string,
  dir: string,
  label = 'this server',
  processOptions: ServerProcessOptions = {},
): Promise<Server> {
  const databaseUrl = await ensureDatabase(pgUrl, `bench_actor_${randomUUID().slice(0, 8)}`);
  const admin = { email: 'bench-admin@example.com', password: 'bench-admin-password' };
  const { child, url, client } = await spawnServer(
    'src/main.ts',
    {
      DATABASE_URL: databaseUrl,
      SEED: 'none',
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      NODE_ID: 'bench',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    },
    dir,
    processOptions,
  );
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await client(method, path, body, headers);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const { token } = await call('POST', '/api/auth/login', admin);
  const asAdmin = { authorization: `Bearer ${token}` };
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  return {
    label: `${label} (${describeCheckout(dir)})`,
    kind: 'actor',
    pid: child.pid!,
    url,
    client,
    cluster,
    auth: await registerCustomers(call, config.clients),
    async newShow(seats = config.seats) {
      const layout = {
        sections: [
          {
            name: 'Bowl',
            kind: 'reserved',
            rows: rowsOf(seats),
          },
        ],
      };
      const venue = await call(
        'POST',
        '/api/admin/venues',
        { name: `Bench Arena ${randomUUID().slice(0, 8)}`, city: 'Benchville', halls: [{ name: 'Bowl', layout }] },
        asAdmin,
      );
      const { eventId } = await call('POST', '/api/admin/events', { title: 'Hot Show', category: 'concert' }, asAdmin);
      const { showId } = await call(
        'POST',
        '/api/admin/shows',
        {
          eventId,
          hallId: venue.halls[0].hallId,
          startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          prices: { premium: { amount: 9900, currency: 'EUR' }, regular: { amount: 4900, currency: 'EUR' } },
        },
        asAdmin,
      );
      return showId as string;
    },
    async doubleSold(showId) {
      // Confirmed bookings only: they are written with the commit that makes them, while hold rows
      // may be projected later (the clients' check covers holds). An older or newer schema may
      // differ; then it is unknown.
      try {
        const [row] = await sql<{ n: string }[]>`select count(*) - count(distinct seat) as n from (
          select jsonb_array_elements_text(seats) as seat from bookings
          where show_id = ${showId} and status = 'confirmed') s`;
        return Number(row!.n);
      } catch {
        return null;
      }
    },
    stop: stopper(
      child,
      () => reportReadModelWrites(sql, label, dir),
      () => sql.end(),
    ),
  };
}

/**
 * Rows the server wrote to the holds read model per hold it placed, and its projections (each moves
 * the show's checkpoint row once), over its whole life: warm-up and every run. PostgreSQL counts a
 * session's row writes when the session ends, so this is read once the server has stopped.
 */
async function reportReadModelWrites(sql: postgres.Sql, label: string, dir: string) {
  try {
    // The server's sessions end a moment after it exits; their counts arrive as they do.
    for (let i = 0; i < 50; i++) {
      const [others] = await sql<{ n: string }[]>`select count(*) as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`;
      if (Number(others?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const tables = await sql<{ relname: string; ins: string; upd: string }[]>`
      select relname, n_tup_ins as ins, n_tup_upd as upd from pg_stat_user_tables
      where relname in ('holds', 'show_projections')`;
    const [count] = await sql<{ n: string }[]>`select count(*) as n from holds`;
    const of = (name: string) => tables.find((t) => t.relname === name);
    const holdsTable = of('holds');
    const holds = Number(count?.n ?? 0);
    if (!holdsTable || holds === 0) return;
    const [ins, upd] = [Number(holdsTable.ins), Number(holdsTable.upd)];
    console.error(
      `  read model ${label} (${describeCheckout(dir)}): ${holds} holds, ${((ins + upd) / holds).toFixed(2)} ` +
        `row writes per hold (${ins} inserts, ${upd} updates), ${of('show_projections')?.upd ?? '?'} projections`,
    );
  } catch (err) {
    console.error(`  read model ${label}: not counted (${(err as Error).message})`);
  }
}

/** The classic design (classic-server.ts) on the bench's own database. */
export async function startClassicServer(benchSql: postgres.Sql, databaseUrl: string): Promise<Server> {
  const { child, url, client } = await spawnServer('scripts/bench/classic-server.ts', { DATABASE_URL: databaseUrl });
  return {
    label: 'classic FOR UPDATE SKIP LOCKED',
    kind: 'classic',
    pid: child.pid!,
    url,
    client,
    cluster: benchSql,
    auth: Array.from({ length: config.clients }, (_, i) => `Bearer customer-${i}`),
    async newShow() {
      const showId = randomUUID();
      await addClassicShow(benchSql, showId, rows(), ROW_SEATS);
      return showId;
    },
    doubleSold: (showId) => classicDoubleSold(benchSql, showId),
    stop: stopper(child),
  };
}

/** The in-memory floor (memory-server.ts): any show id is a fresh show. */
export async function startMemoryServer(cluster: postgres.Sql): Promise<Server> {
  const { child, url, client } = await spawnServer('scripts/bench/memory-server.ts', { SEATS: String(config.seats) });
  return {
    label: 'memory floor (Hono, nothing durable)',
    kind: 'memory',
    pid: child.pid!,
    url,
    client,
    cluster,
    auth: Array.from({ length: config.clients }, (_, i) => `Bearer customer-${i}`),
    newShow: async () => randomUUID(),
    doubleSold: async () => null,
    stop: stopper(child),
  };
}

type Call = (method: string, path: string, body: unknown) => Promise<any>;

/** Signs up `n` customers, 20 at a time (password hashing is the server's slow part here). */
async function registerCustomers(call: Call, n: number): Promise<string[]> {
  const auth: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, (_, j) =>
        call('POST', '/api/auth/register', {
          email: `bench-${randomUUID()}@example.com`,
          password: 'bench-password-1',
          name: `Bench ${i + j}`,
        }),
      ),
    );
    for (const r of batch) auth.push(`Bearer ${r.token}`);
  }
  return auth;
}
