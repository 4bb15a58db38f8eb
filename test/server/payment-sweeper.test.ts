import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayTransactions, users } from '../../src/db/schema/index.js';
import { insertPayment } from '../../src/payments/ledger.js';
import { findFreePort } from '../../src/net/free-port.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { insertShow, smallLayout } from '../actors/runtime/fixtures.js';
import { eventually } from '../notifications/eventually.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

let tdb: TestDatabase;
let child: ChildProcess | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await tdb?.close();
});

async function startNode(): Promise<string> {
  const port = await findFreePort();
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: tdb.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED: 'none',
      LOG_LEVEL: 'warn',
      PAYMENT_SWEEP_SECONDS: '1',
      PAYMENT_SETTLE_AFTER_SECONDS: '1',
      PAYMENT_RETRY_BASE_SECONDS: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/healthz`).catch(() => null))?.status === 200, 'the server', 60_000);
  return url;
}

describe('the server’s payment sweeper', () => {
  it('settles payments a dead process left pending, by itself: an unknown one is closed, a charged one refunded', async () => {
    const showId = await insertShow(tdb.db, {
      layout: smallLayout,
      prices: [
        { category: 'premium', price: 4000 },
        { category: 'regular', price: 2000 },
      ],
    });
    const userId = randomUUID();
    await tdb.db.insert(users).values({ id: userId, email: `${userId}@example.com`, name: 'M', passwordHash: 'x' });
    // As a process leaves them when it dies after recording the payment: one before it reached the
    // gateway, one after the gateway charged it but before the answer came back. Neither hold is paying.
    const payment = (id: string) => ({
      id,
      userId,
      showId,
      holdId: randomUUID(),
      amount: 4000,
      subtotal: 4000,
      discount: 0,
      fees: 0,
      promoCode: null,
      pointsRedeemed: 0,
      currency: 'EUR',
      method: 'card ****4242',
    });
    const unknown = randomUUID();
    const charged = randomUUID();
    await insertPayment(tdb.db, payment(unknown));
    await insertPayment(tdb.db, payment(charged));
    await tdb.db.insert(gatewayTransactions).values({
      id: `ch_${randomUUID()}`,
      idempotencyKey: charged,
      kind: 'charge',
      amount: 4000,
      currency: 'EUR',
      status: 'succeeded',
      method: 'card ****4242',
    });

    await startNode();
    const settled = await eventually(
      async () => {
        const rows =
          await tdb.sql`select id, status, failure_reason from payments where id in (${unknown}, ${charged})`;
        return rows.every((r) => r.status !== 'pending') && rows;
      },
      'the sweeper to settle both payments',
      30_000,
    );
    expect(Object.fromEntries(settled.map((r) => [r.id, [r.status, r.failure_reason]]))).toEqual({
      [unknown]: ['voided', 'abandoned'],
      [charged]: ['voided', null],
    });
    const refunds = await tdb.sql`select r.status, r.amount, g.status as at_gateway from refunds r
      join gateway_transactions g on g.idempotency_key = r.id where r.payment_id = ${charged}`;
    expect(refunds).toEqual([{ status: 'succeeded', amount: 4000, at_gateway: 'succeeded' }]);
    expect(await tdb.sql`select 1 from gateway_transactions where idempotency_key = ${unknown}`).toHaveLength(0);
  });
});
