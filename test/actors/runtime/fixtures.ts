import { createPgShowStorage } from '../../../src/db/show-storage/index.js';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { Db } from '../../../src/db/client.js';
import { cities, events, halls, shows, venues, type HallLayout } from '../../../src/db/schema/index.js';
import type { CategoryDef } from '../../../src/actors/show/types.js';
import { createShowRuntime, type RuntimeOptions } from '../../../src/actors/runtime/index.js';
import { DEFAULT_SHOW_RULES } from '../../../src/config/show-rules.js';

export const silentLog = pino({ level: 'silent' });

export const smallLayout: HallLayout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 5, category: 'premium' },
        { row: 'B', seats: 5, category: 'regular' },
      ],
    },
  ],
};

/** Inserts the catalog rows one show needs, straight into the tables. */
export async function insertShow(
  db: Db,
  opts: {
    id?: string;
    layout?: HallLayout;
    prices?: CategoryDef[];
    holdTtlSeconds?: number;
    createdAt?: Date;
    salesCloseAt?: Date;
  } = {},
): Promise<string> {
  const id = opts.id ?? `show-${randomUUID()}`;
  const layout = opts.layout ?? smallLayout;
  const capacity = layout.sections.reduce(
    (n, s) => n + (s.kind === 'general' ? s.capacity : s.rows.reduce((m, r) => m + r.seats, 0)),
    0,
  );
  await db.insert(cities).values({ id: 'testville', name: 'Testville' }).onConflictDoNothing();
  await db.insert(venues).values({ id: `venue-${id}`, name: 'Hall', cityId: 'testville' });
  await db.insert(halls).values({ id: `hall-${id}`, venueId: `venue-${id}`, name: 'Main', layout, capacity });
  await db.insert(events).values({ id: `event-${id}`, title: 'Test', category: 'concert' });
  await db.insert(shows).values({
    id,
    eventId: `event-${id}`,
    hallId: `hall-${id}`,
    startsAt: new Date(Date.now() + 7 * 86_400_000),
    endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000),
    currency: 'EUR',
    prices: opts.prices ?? [
      { category: 'premium', price: 5000 },
      { category: 'regular', price: 3000 },
    ],
    holdTtlSeconds: opts.holdTtlSeconds ?? null,
    salesCloseAt: opts.salesCloseAt ?? null,
    cancellationPolicy: { rules: [{ hoursBefore: 0, refundPercent: 100 }] },
    createdAt: opts.createdAt ?? new Date(),
  });
  return id;
}

export function testRuntime(db: Db, overrides: Partial<RuntimeOptions> = {}) {
  return createShowRuntime({
    storage: createPgShowStorage(db, { ticketSecret: 'test-secret' }),
    clock: { now: () => Date.now() },
    log: silentLog,
    nodeId: 'test-node',
    rules: DEFAULT_SHOW_RULES,
    sweepMs: 100,
    ...overrides,
  });
}

export const user = () => randomUUID();
