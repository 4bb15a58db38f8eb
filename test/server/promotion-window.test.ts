import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../src/net/free-port.js';
import { insertShow, smallLayout } from '../actors/runtime/fixtures.js';
import { eventually } from '../notifications/eventually.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/**
 * A node on a multi-host URL between its primary's death and the standby's promotion: no listed
 * host takes writes. Here the test's own server plays the standby (new sessions come up read-only,
 * the node's open sessions are ended as a dying primary ends them) and a port nobody listens on
 * plays the dead primary. Show requests must get 503 with Retry-After within a few seconds, not
 * wait in the driver's reconnect loop, and the node must serve again once the standby is promoted.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

let tdb: TestDatabase;
let admin: postgres.Sql;
let child: ChildProcess | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
  // Not on the test's database: its sessions are ended, and come back read-only, during the test.
  admin = postgres(inject('databaseAdminUrl'), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await admin?.unsafe(`alter database ${tdb.name} reset default_transaction_read_only`).catch(() => {});
  await admin?.end({ timeout: 5 });
  await tdb?.close();
});

async function startNode(databaseUrl: string): Promise<string> {
  const port = await findFreePort();
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED: 'none',
      LOG_LEVEL: 'error',
      RATE_LIMIT: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200, 'the node', 60_000);
  return url;
}

async function call(url: string, path: string, token: string | undefined, body: unknown) {
  const started = Date.now();
  const res = await fetch(url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: text ? JSON.parse(text) : undefined,
    ms: Date.now() - started,
  };
}

describe('a node between its primary’s death and the promotion', () => {
  it('answers show requests 503 with Retry-After within seconds, and serves again after the promotion', async () => {
    const live = new URL(tdb.url);
    const dead = `127.0.0.1:${await findFreePort()}`;
    const url = await startNode(
      `postgres://${live.username}:${live.password}@${live.host},${dead}${live.pathname}?target_session_attrs=read-write`,
    );
    const showId = await insertShow(tdb.db, { layout: smallLayout });
    const registered = await call(url, '/api/auth/register', undefined, {
      email: `window-${Date.now()}@example.com`,
      password: 'window-password-1',
      name: 'Window',
    });
    expect(registered.status).toBe(201);
    const token = registered.body.token as string;
    expect((await call(url, `/api/shows/${showId}/holds`, token, { seats: ['A-1'] })).status).toBe(201);

    // The primary dies: its sessions end, and the only server left answers read-only.
    await admin.unsafe(`alter database ${tdb.name} set default_transaction_read_only = on`);
    await admin`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = ${tdb.name} and pid <> pg_backend_pid()`;

    // Each request in turn, as a customer's retries, then a new customer's first hold: none may wait.
    const answers = [];
    for (const seat of ['A-2', 'A-2', 'A-2', 'A-4', 'A-5']) {
      answers.push(await call(url, `/api/shows/${showId}/holds`, token, { seats: [seat] }));
      await new Promise((r) => setTimeout(r, 500));
    }
    answers.push(await call(url, `/api/shows/${showId}`, undefined, undefined));
    console.log(`in the promotion window: ${answers.map((a) => `${a.status} after ${a.ms} ms`).join(', ')}`);
    for (const during of answers) {
      expect(during.status).toBe(503);
      expect(during.retryAfter).toMatch(/^\d+$/);
      // The forwarder gives up after 20 s; a customer should hear much sooner (milliseconds when idle).
      expect(during.ms).toBeLessThan(10_000);
    }

    // The standby is promoted: the node serves again by itself.
    await admin.unsafe(`alter database ${tdb.name} reset default_transaction_read_only`);
    const after = await eventually(
      async () => {
        const res = await call(url, `/api/shows/${showId}/holds`, token, { seats: ['A-3'] });
        return res.status === 201 ? res : res.status === 503 ? undefined : res;
      },
      'a hold after the promotion',
      60_000,
    );
    expect(after.status).toBe(201);
  }, 120_000);
});
