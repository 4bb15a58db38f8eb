import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { insertShow } from '../actors/runtime/fixtures.js';
import { findFreePort } from '../../src/net/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const layout = {
  sections: [
    {
      name: 'Hall',
      kind: 'reserved' as const,
      rows: Array.from({ length: 10 }, (_, i) => ({
        row: String.fromCharCode(65 + i),
        seats: 10,
        category: 'regular',
      })),
    },
  ],
};
const card = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' };

let tdb: TestDatabase;
const children: ChildProcess[] = [];
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await tdb.close();
});

describe('crash recovery', () => {
  it('keeps every booking a client was told about, sells no seat twice, and keeps hold deadlines', async () => {
    const showId = await insertShow(tdb.db, { layout, prices: [{ category: 'regular', price: 2500 }] });
    let server = await startNode(tdb.url);
    const users = await Promise.all(Array.from({ length: 30 }, (_, i) => register(server.url, i)));
    const holdsPlaced = await Promise.all(
      users.map(async (token) => {
        const res = await call(server.url, 'POST', `/api/shows/${showId}/holds`, token, { quantity: 2 });
        expect(res.status).toBe(201);
        return { token, hold: res.body as { holdId: string; seats: string[]; expiresAt: string } };
      }),
    );

    const told: { token: string; bookingId: string; seats: string[] }[] = [];
    const burst = holdsPlaced.map(async ({ token, hold }) => {
      try {
        const res = await call(server.url, 'POST', `/api/shows/${showId}/holds/${hold.holdId}/confirm`, token, {
          payment: card,
        });
        if (res.status === 201) told.push({ token, bookingId: res.body.bookingId, seats: res.body.seats });
      } catch {
        // The connection died with the server: the client was told nothing.
      }
    });
    // Kill as soon as the first client has been told, so other confirmations are mid-flight.
    await waitFor(() => told.length > 0, 20_000);
    server.child.kill('SIGKILL');
    await Promise.all(burst);
    expect(told.length).toBeGreaterThan(0);

    server = await startNode(tdb.url);
    for (const b of told) {
      const res = await call(server.url, 'GET', `/api/bookings/${b.bookingId}`, b.token);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('confirmed');
      expect(res.body.seats).toEqual(b.seats);
    }
    // Holds are a read model projected after each commit: the restarted node projects what the
    // killed one committed but had not projected yet, then the rows can be compared.
    await waitFor(async () => {
      const [lag] = await tdb.sql<{ behind: boolean }[]>`
        select p.seq < o.last_seq as behind from show_projections p join show_owners o using (show_id)
        where show_id = ${showId}`;
      return lag?.behind === false;
    }, 20_000);
    const [check] = await tdb.sql<{ doubles: string }[]>`select count(*) - count(distinct seat) as doubles from (
      select jsonb_array_elements_text(seats) as seat from bookings where show_id = ${showId} and status = 'confirmed'
      union all
      select jsonb_array_elements_text(h.seats) from holds h where h.show_id = ${showId}
        and h.status in ('held', 'paying')
        -- A paying hold that recovery confirmed after the wait above still reads paying until it is
        -- projected: its own booking holds its seats and is no second sale.
        and not exists (select 1 from bookings b where b.hold_id = h.id)) s`;
    expect(Number(check!.doubles)).toBe(0);

    for (const { token, hold } of holdsPlaced) {
      const res = await call(server.url, 'GET', `/api/shows/${showId}/holds/${hold.holdId}`, token);
      expect(res.status).toBe(200);
      expect(res.body.expiresAt).toBe(hold.expiresAt);
      expect(['held', 'paying', 'confirmed']).toContain(res.body.status);
    }
    // Holds left paying by the crash are reconciled with the gateway: nothing stays paying for long.
    await waitFor(async () => {
      const [paying] = await tdb.sql<
        { n: string }[]
      >`select count(*) as n from holds where show_id = ${showId} and status = 'paying'`;
      return Number(paying!.n) === 0;
    }, 20_000);
    const [money] = await tdb.sql<{ charged: string; booked: string }[]>`
      select (select count(*) from gateway_transactions where kind = 'charge' and status = 'succeeded') as charged,
             (select count(*) from bookings where show_id = ${showId}) as booked`;
    // Every successful charge ended as a booking (or was refunded if its hold had gone).
    expect(Number(money!.booked)).toBeLessThanOrEqual(Number(money!.charged));
    server.child.kill('SIGTERM');
  }, 120_000);
});

async function startNode(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The same node id after the restart: a new id would wait out the dead node's lease in the ring.
      NODE_ID: 'crash-recovery-node',
      SEED: 'none',
      LOG_LEVEL: 'warn',
      RATE_LIMIT: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.status === 200, 60_000);
  return { url, child };
}

async function register(url: string, i: number): Promise<string> {
  const res = await call(url, 'POST', '/api/auth/register', undefined, {
    email: `crash-${Date.now()}-${i}@example.com`,
    password: 'crash-password-1',
    name: `Crash ${i}`,
  });
  expect(res.status).toBe(201);
  return res.body.token;
}

async function call(url: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
