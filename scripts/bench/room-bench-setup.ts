/**
 * What the HTTP benches (bench:onsale, bench:room-http, bench:http) set up alike: customer accounts
 * with tokens signed as the server signs them, a reserved-seat show in rows of 100, and one server process.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { openDatabase } from '../../src/db/client.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import { users } from '../../src/db/schema/index.js';
import { createTokenSigner } from '../../src/http/auth/tokens.js';
import { startChild } from './processes.js';

type Db = ReturnType<typeof openDatabase>['db'];

const root = resolve(import.meta.dirname, '../..');
export const BENCH_ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };

/** Accounts straight into the table (registration is not measured), with an hour's access tokens. */
export async function insertBenchAccounts(db: Db, n: number, opts: { jwtSecret: string; emailPrefix: string }): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (let i = 0; i < n; i += 1000) {
    await db.insert(users).values(
      ids.slice(i, i + 1000).map((id) => ({
        id,
        email: `${opts.emailPrefix}-${id}@example.com`,
        name: 'Bench',
        // Never signed in with: the tokens below are signed directly.
        passwordHash: 'not-a-password-hash',
      })),
    );
  }
  const signer = createTokenSigner(opts.jwtSecret, 3600);
  const now = Date.now();
  return Promise.all(
    ids.map(async (userId) => (await signer.sign({ userId, version: 0, sessionId: randomUUID() }, now)).token),
  );
}

/** A show of `seats` reserved seats (rows of 100) a month from now. */
export async function createBenchShow(db: Db, seats: number, venueName: string): Promise<string> {
  const rows = Array.from({ length: Math.ceil(seats / 100) }, (_, i) => ({
    row: `R${i + 1}`,
    seats: Math.min(100, seats - i * 100),
    category: 'regular',
  }));
  const venue = await createVenue(db, {
    name: `${venueName} ${randomUUID().slice(0, 8)}`,
    city: 'Benchville',
    halls: [{ name: 'Bowl', layout: { sections: [{ name: 'Bowl', kind: 'reserved', rows }] } }],
  });
  const { eventId } = await createEvent(db, { title: 'Big On-sale', category: 'concert' });
  const { showId } = await createShow(db, {
    eventId,
    hallId: venue.halls[0]!.hallId,
    startsAt: new Date(Date.now() + 30 * 86_400_000),
    prices: { regular: { amount: 4900, currency: 'EUR' } },
  });
  return showId;
}

/**
 * One server without seed data, limits or outbox dispatch, signing with `jwtSecret`: `checkout`'s
 * src/main.ts (this one unless said), or another `entry` run from that checkout.
 */
export function startBenchServer(
  databaseUrl: string,
  port: number,
  opts: {
    nodeId: string;
    jwtSecret: string;
    logLevel: string;
    checkout?: string;
    entry?: string;
    nodeArgs?: string[];
    env?: Record<string, string>;
  },
): ChildProcess {
  const checkout = opts.checkout ?? root;
  return startChild(
    [opts.entry ?? join(checkout, 'src/main.ts')],
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED: 'none',
      RATE_LIMIT: 'off',
      LOG_LEVEL: opts.logLevel,
      NODE_ID: opts.nodeId,
      JWT_SECRET: opts.jwtSecret,
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      OUTBOX_DISPATCH: 'off',
      ...opts.env,
    },
    { cwd: checkout, nodeArgs: opts.nodeArgs },
  );
}
