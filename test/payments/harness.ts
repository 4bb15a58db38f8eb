import { createPgShowStorage } from '../../src/db/show-storage/index.js';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createShowRuntime, type LocalShowRuntime } from '../../src/actors/runtime/index.js';
import type { Clock } from '../../src/actors/runtime/types.js';
import type { Db } from '../../src/db/client.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import type { CancellationPolicy } from '../../src/policies/cancellation.js';
import { createCheckout, type Checkout } from '../../src/payments/checkout.js';
import type { PaymentGateway, PaymentInput } from '../../src/payments/gateway.js';
import { createTestGateway } from '../../src/payments/test-gateway.js';
import { DEFAULT_SHOW_RULES } from '../../src/config/show-rules.js';

export const silentLog = pino({ level: 'silent' });
export const goodCard: PaymentInput = { method: 'card', cardNumber: '4242424242424242', expiry: '12/34', cvc: '123' };
export const declinedCard: PaymentInput = {
  method: 'card',
  cardNumber: '4000000000000002',
  expiry: '12/34',
  cvc: '123',
};

/** Real time plus an offset the test moves forward, so "later" needs no waiting. */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Hooks that make the real test gateway misbehave the way a network does. */
export interface GatewayFaults {
  /** Runs before a charge reaches the gateway (e.g. to let the hold expire meanwhile). */
  beforeCharge?: () => Promise<void>;
  /** 'before': the request never arrives; 'after': it is charged but the answer is lost. */
  chargeFails?: 'before' | 'after';
  refundFails?: boolean;
}

export function faultyGateway(real: PaymentGateway, faults: GatewayFaults): PaymentGateway {
  return {
    async charge(req) {
      await faults.beforeCharge?.();
      if (faults.chargeFails === 'before') throw new Error('connect ETIMEDOUT');
      const result = await real.charge(req);
      if (faults.chargeFails === 'after') throw new Error('socket hang up');
      return result;
    },
    async refund(req) {
      if (faults.refundFails) throw new Error('connect ECONNREFUSED');
      return real.refund(req);
    },
    lookup: (key) => real.lookup(key),
  };
}

export interface World {
  db: Db;
  clock: TestClock;
  runtime: LocalShowRuntime;
  gateway: PaymentGateway;
  faults: GatewayFaults;
  checkout: Checkout;
}

export function createWorld(db: Db): World {
  const clock = new TestClock();
  const runtime = createShowRuntime({
    storage: createPgShowStorage(db, { ticketSecret: 'test-secret' }),
    clock,
    log: silentLog,
    nodeId: 'payments-test',
    rules: DEFAULT_SHOW_RULES,
  });
  const faults: GatewayFaults = {};
  const gateway = faultyGateway(createTestGateway({ db }), faults);
  const checkout = createCheckout({ db, runtime, gateway, clock, log: silentLog });
  return { db, clock, runtime, gateway, faults, checkout };
}

/** A 10-seat show (row A premium 50.00, row B regular 30.00 EUR) starting `startsInHours` from now. */
export async function createSmallShow(
  db: Db,
  opts: { startsInHours?: number; cancellationPolicy?: CancellationPolicy } = {},
): Promise<string> {
  const venue = await createVenue(db, {
    name: 'Test Hall',
    city: 'Testville',
    halls: [
      {
        name: 'Main',
        layout: {
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
        },
      },
    ],
  });
  const { eventId } = await createEvent(db, { title: 'Test concert', category: 'concert' });
  const { showId } = await createShow(db, {
    eventId,
    hallId: venue.halls[0]!.hallId,
    startsAt: new Date(Date.now() + (opts.startsInHours ?? 240) * 3_600_000),
    prices: { premium: { amount: 5000, currency: 'EUR' }, regular: { amount: 3000, currency: 'EUR' } },
    ...(opts.cancellationPolicy ? { cancellationPolicy: opts.cancellationPolicy } : {}),
  });
  return showId;
}

export async function placeHold(world: World, showId: string, seats: string[], userId = randomUUID()) {
  const holdId = randomUUID();
  const outcomes = await world.runtime.dispatch(showId, { type: 'HOLD', holdId, userId, seats });
  if (!outcomes.some((o) => o.type === 'hold.placed' && o.holdId === holdId)) {
    throw new Error(`hold not placed: ${JSON.stringify(outcomes)}`);
  }
  return { holdId, userId };
}
