import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutChoice, saveCheckoutChoice } from '../../src/commerce/checkout-choice.js';
import { createCheckoutChoiceRetention } from '../../src/commerce/index.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const log = pino({ level: 'silent' });
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

/** A hold's choice, last quoted `hoursAgo` hours ago by the database's clock. */
async function choiceQuoted(hoursAgo: number, userId = randomUUID()): Promise<{ holdId: string; userId: string }> {
  const holdId = randomUUID();
  await saveCheckoutChoice(tdb.db, holdId, userId, { promoCode: 'SPRING', points: 100 });
  await tdb.sql`update hold_checkouts set updated_at = now() - make_interval(hours => ${hoursAgo})
    where hold_id = ${holdId}`;
  return { holdId, userId };
}

async function kept(holds: { holdId: string }[]): Promise<string[]> {
  const ids = holds.map((h) => h.holdId);
  const rows = await tdb.sql`select hold_id from hold_checkouts where hold_id = any(${ids})`;
  return holds.filter((h) => rows.some((r) => r.hold_id === h.holdId)).map((h) => h.holdId);
}

describe('hold checkout choice retention', () => {
  it('deletes the choices last quoted before the retention and keeps the younger ones', async () => {
    const fresh = await choiceQuoted(0);
    const young = await choiceQuoted(47);
    const old = await choiceQuoted(49);
    const ancient = await choiceQuoted(24 * 30);
    const retention = createCheckoutChoiceRetention({ db: tdb.db, log, retentionHours: 48, intervalMs: 60_000 });
    expect(await retention.runOnce()).toBe(2);
    expect(await kept([fresh, young, old, ancient])).toEqual([fresh.holdId, young.holdId]);
    expect(await checkoutChoice(tdb.db, young.holdId, young.userId)).toEqual({ promoCode: 'SPRING', points: 100 });
    expect(await retention.runOnce()).toBe(0);
  });

  it('a choice quoted again is as young as its last quote', async () => {
    const requoted = await choiceQuoted(72);
    await saveCheckoutChoice(tdb.db, requoted.holdId, requoted.userId, { promoCode: null, points: 0 });
    const retention = createCheckoutChoiceRetention({ db: tdb.db, log, retentionHours: 48, intervalMs: 60_000 });
    await retention.runOnce();
    expect(await kept([requoted])).toEqual([requoted.holdId]);
  });

  it('runs by itself on its interval once started', async () => {
    const fresh = await choiceQuoted(0);
    const old = await choiceQuoted(3);
    const retention = createCheckoutChoiceRetention({ db: tdb.db, log, retentionHours: 1, intervalMs: 50 });
    retention.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await kept([old])).length > 0) {
        if (Date.now() > deadline) throw new Error('an old choice was never pruned');
        await new Promise((r) => setTimeout(r, 50));
      }
      // A choice that ages past retention later is pruned by a later pass, without being asked.
      const later = await choiceQuoted(5);
      while ((await kept([later])).length > 0) {
        if (Date.now() > deadline) throw new Error('a choice written later was never pruned');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await kept([fresh])).toEqual([fresh.holdId]);
    } finally {
      await retention.stop();
    }
  });
});
