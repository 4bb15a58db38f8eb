/**
 * Many shows in one process, in process (no HTTP), through the runtime's public API only:
 * - rebuild: shows with a snapshot plus BENCH_REBUILD_JOURNAL journal entries after it are taken
 *   over by a fresh runtime (as after a failover), timed until its summary answers;
 * - memory: BENCH_SHOWS live shows of BENCH_SHOW_SEATS seats, each in a hall of its own, heap and
 *   RSS after GC, per show; then a fifth as many shows of one hall (they may share their seat index).
 * Run as its own process with --expose-gc by run.ts (so nothing else lives in its heap), against
 * the checkout in BENCH_CHECKOUT; prints one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { config } from './config.js';

type Runtime = typeof import('../../src/actors/runtime/index.js');
type Client = typeof import('../../src/db/client.js');
type Migrate = typeof import('../../src/db/migrate.js');
type Catalog = typeof import('../../src/db/queries/catalog.js');
type Rules = typeof import('../../src/config/show-rules.js');
type Storage = typeof import('../../src/db/show-storage/index.js');
type Options = Parameters<Runtime['createShowRuntime']>[0];

// The checkout's own modules, so a baseline is measured with its own runtime, schema and libraries.
const dir = process.env.BENCH_CHECKOUT!;
const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(dir, path)).href);
const { createShowRuntime } = await load<Runtime>('src/actors/runtime/index.ts');
const { openDatabase } = await load<Client>('src/db/client.ts');
const { migrate } = await load<Migrate>('src/db/migrate.ts');
const { createVenue, createEvent, createShow } = await load<Catalog>('src/db/queries/catalog.ts');
const { DEFAULT_SHOW_RULES } = await load<Rules>('src/config/show-rules.ts');

const url = process.env.DATABASE_URL!;
const gc = globalThis.gc!;
await migrate(url);
const database = openDatabase(url, { max: 20 });
// Since the storage port the runtime takes a storage (one for the process, as a server has);
// before it (the baseline), the database and the ticket secret.
const backend = existsSync(join(dir, 'src/db/show-storage/index.ts'))
  ? {
      storage: (await load<Storage>('src/db/show-storage/index.ts')).createPgShowStorage(database.db, {
        ticketSecret: 'bench',
      }),
    }
  : { db: database.db, ticketSecret: 'bench' };
const runtime = (nodeId: string, extra: { snapshotEvery?: number; maxConcurrentActivations?: number } = {}) =>
  createShowRuntime({
    ...backend,
    clock: { now: () => Date.now() },
    log: pino({ level: 'silent' }),
    nodeId,
    rules: DEFAULT_SHOW_RULES,
    ...extra,
  } as Options);

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * One show made by the checkout's own catalog code, then `n` copies of its row in one statement:
 * creating 10,000 shows one by one would take longer than everything measured here. The copy is
 * column-agnostic (row to JSON and back) so it survives schema changes. With `ownHalls` every copy
 * gets a copy of the hall whose section has a name of its own: shows of equal layouts may share
 * their seat index, and a process full of live shows is mostly of different halls.
 */
async function createShows(n: number, ownHalls = false): Promise<string[]> {
  const rows = Math.ceil(config.showSeats / 20);
  const venue = await createVenue(database.db, {
    name: `Bench Hall ${randomUUID().slice(0, 8)}`,
    city: 'Benchville',
    halls: [
      {
        name: 'Hall',
        layout: {
          sections: [
            {
              name: 'Stalls',
              kind: 'reserved',
              rows: Array.from({ length: rows }, (_, i) => ({ row: `R${i + 1}`, seats: 20, category: 'regular' })),
            },
          ],
        },
      },
    ],
  });
  const { eventId } = await createEvent(database.db, { title: 'Many Shows', category: 'concert' });
  const { showId } = await createShow(database.db, {
    eventId,
    hallId: venue.halls[0]!.hallId,
    startsAt: new Date(Date.now() + 30 * 86_400_000),
    prices: { regular: { amount: 4900, currency: 'EUR' } },
  });
  const hallId = venue.halls[0]!.hallId;
  if (ownHalls) {
    await database.sql`
      insert into halls
      select (jsonb_populate_record(null::halls, to_jsonb(h) || jsonb_build_object(
        'id', h.id || '-' || n, 'name', h.name || ' ' || n,
        'layout', jsonb_set(h.layout, '{sections,0,name}', to_jsonb('Stalls ' || n))))).*
      from halls h cross join generate_series(1, ${n}) n where h.id = ${hallId}`;
  }
  const copies = await database.sql<{ id: string }[]>`
    insert into shows
    select (jsonb_populate_record(null::shows, to_jsonb(s) || jsonb_build_object(
      'id', s.id || '-' || n, 'hall_id', case when ${ownHalls} then s.hall_id || '-' || n else s.hall_id end))).*
    from shows s cross join generate_series(1, ${n}) n where s.id = ${showId}
    returning id`;
  return copies.map((r) => r.id);
}

/** Journals `entries` commands on each show after its first snapshot: holds of 2 and their releases. */
async function journal(showIds: string[], entries: number): Promise<void> {
  // A huge snapshot interval: nothing after the first snapshot is folded into another one.
  const writer = runtime('bench-writer', { snapshotEvery: 1e9 });
  const userId = randomUUID();
  await pool(showIds, 16, async (showId) => {
    for (let done = 0; done < entries; done += 20) {
      const holdIds = Array.from({ length: 10 }, () => randomUUID());
      await Promise.all(
        holdIds.map((holdId) => writer.dispatch(showId, { type: 'HOLD', holdId, userId, quantity: 2 })),
      );
      await Promise.all(holdIds.map((holdId) => writer.dispatch(showId, { type: 'RELEASE', holdId, userId })));
    }
    // Where read models are projected after the commit, let them catch up: a rebuild then replays
    // exactly the journal after the snapshot, not a projection backlog too.
    await (writer as Partial<Pick<typeof writer, 'readModelsCaughtUp'>>).readModelsCaughtUp?.(showId);
  });
  // Not stopped: stopping would save a snapshot. Its actors go with it; the rebuilds fence it out.
}

/** Each show taken over by a fresh runtime, one after another, timed to its first answer. */
async function rebuildTimes(showIds: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const [i, showId] of showIds.entries()) {
    const taker = runtime(`bench-rebuild-${i}`, { snapshotEvery: 1e9 });
    const t0 = performance.now();
    await taker.summary(showId);
    times.push(performance.now() - t0);
  }
  return times;
}

function settledMemory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, external: m.external + m.arrayBuffers };
}

const rebuildShows = await createShows(config.rebuilds, true);
await journal(rebuildShows, config.rebuildJournal);
const rebuildMs = await rebuildTimes(rebuildShows);

/** Memory of `n` live shows in one runtime, after GC, per show; and how fast they were activated. */
async function liveMemory(n: number, ownHalls: boolean) {
  const showIds = await createShows(n, ownHalls);
  const host = runtime(`bench-memory-${ownHalls ? 'own' : 'one'}`, { maxConcurrentActivations: 32 });
  const before = settledMemory();
  const t1 = performance.now();
  await pool(showIds, 64, (showId) => host.summary(showId));
  const activationSeconds = (performance.now() - t1) / 1000;
  const after = settledMemory();
  const live = host.liveShows().length;
  const result = {
    live,
    activationSeconds,
    perShowBytes: {
      heap: (after.heap - before.heap) / live,
      rss: (after.rss - before.rss) / live,
      external: (after.external - before.external) / live,
    },
  };
  // Not stopped (that writes 10,000 snapshots); its shows are dropped with it before the next case.
  return result;
}

// Each show in a hall of its own (the general case), then a fifth as many in one hall.
const ownHalls = await liveMemory(config.shows, true);
const oneHall = await liveMemory(Math.max(1, Math.round(config.shows / 5)), false);
console.log(JSON.stringify({ rebuildMs, journalEntries: config.rebuildJournal, ownHalls, oneHall }));
process.exit(0);
