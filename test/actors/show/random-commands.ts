import fc from 'fast-check';
import { expect } from 'vitest';
import { seatsPerCustomer } from '../../../src/actors/show/holds.js';
import { holdSize, seatsHeldBy } from '../../../src/actors/show/record-indexes.js';
import { seatIndex } from '../../../src/actors/show/seat-index.js';
import type { ShowContext, ShowEvent, ShowLayout } from '../../../src/actors/show/types.js';
import type { ShowDriver } from './helpers.js';
import { MIN, SEC, allSeats, rules } from './helpers.js';

/*
 * Random command sequences for the property tests: abstract steps, turned into concrete commands
 * against the show as it is at each step, and the checks every state must pass.
 */

export const smallRules = {
  ...rules,
  maxSeatsPerOrder: 4,
  // Four customers on a 15-seat show: the cap bites often.
  maxSeatsPerCustomer: 6,
  holdTtlMs: 5 * MIN,
  offerTtlMs: 4 * MIN,
  waitlistMaxWaitMs: 12 * MIN,
};

export const tinyReserved: ShowLayout = {
  sections: [
    {
      name: 'Hall',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 4, category: 'front' },
        { row: 'B', seats: 5, category: 'front' },
        { row: 'C', seats: 6, category: 'back' },
      ],
    },
  ],
  categories: [
    { category: 'front', price: 900 },
    { category: 'back', price: 500 },
  ],
  currency: 'EUR',
};

/** A cinema: one category over five rows, best available trying the middle rows first. */
export const tinyCinema: ShowLayout = {
  sections: [
    {
      name: 'Screen 1',
      kind: 'reserved',
      rows: ['A', 'B', 'C', 'D', 'E'].map((row) => ({ row, seats: 4, category: 'standard' })),
    },
  ],
  categories: [{ category: 'standard', price: 1100 }],
  currency: 'EUR',
  bestRows: 'middle',
};

export const kinds = [
  'holdSeats',
  'holdSeats',
  'holdSeats',
  'holdQuantity',
  'holdQuantity',
  'holdQuantity',
  'holdQuantity',
  'release',
  'release',
  'beginPayment',
  'beginPayment',
  'confirm',
  'confirm',
  'confirm',
  'paymentFailed',
  'cancelBooking',
  'join',
  'join',
  'join',
  'join',
  'leave',
  'tick',
  'tick',
] as const;

export type Kind = (typeof kinds)[number] | 'open' | 'close' | 'cancelShow' | 'update';

export interface Step {
  kind: Kind;
  a: number;
  b: number;
  dt: number;
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constantFrom(...kinds), weight: 200 },
    { arbitrary: fc.constantFrom<Kind>('open', 'close', 'cancelShow'), weight: 1 },
    { arbitrary: fc.constant<Kind>('update'), weight: 6 },
  ),
  a: fc.nat(1000),
  b: fc.nat(1000),
  // Mostly seconds apart so the show fills up and people queue; now and then minutes, so things expire.
  dt: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 20 * SEC }), weight: 8 },
    { arbitrary: fc.integer({ min: 0, max: 4 * MIN }), weight: 2 },
  ),
});

const users = ['u0', 'u1', 'u2', 'u3'];

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

/** Filter names a quantity request or waitlist entry may use on this layout: none, a category, or a section. */
function filterOf(layout: ShowLayout, n: number): { category?: string; section?: string } {
  const options = [
    {},
    ...layout.categories.map((c) => ({ category: c.category })),
    ...layout.sections.map((s) => ({ section: s.name })),
  ];
  return options[n % options.length]!;
}

/** Turns an abstract step into a concrete command against the show as it is now (so most commands hit something). */
export function resolve(step: Step, i: number, now: number, context: ShowContext): ShowEvent {
  const index = seatIndex(context.layout);
  const holds = Object.values(context.holds).sort((x, y) => (x.holdId < y.holdId ? -1 : 1));
  const paying = holds.filter((h) => h.status === 'paying');
  switch (step.kind) {
    case 'holdSeats': {
      if (allSeats(index).length === 0)
        return { type: 'HOLD', holdId: `h${i}`, userId: pick(users, step.a)!, quantity: 1, now };
      const n = 1 + (step.a % 3);
      const seats = Array.from(
        { length: Math.min(n, allSeats(index).length) },
        (_, k) => allSeats(index)[(step.b + k) % allSeats(index).length]!.seatId,
      );
      return { type: 'HOLD', holdId: `h${i}`, userId: pick(users, step.a)!, seats, now };
    }
    case 'holdQuantity':
      return {
        type: 'HOLD',
        holdId: `h${i}`,
        userId: pick(users, step.a)!,
        quantity: 1 + (step.a % 4),
        ...filterOf(context.layout, step.b),
        now,
      };
    case 'release': {
      const hold = pick(holds, step.a);
      return {
        type: 'RELEASE',
        holdId: hold?.holdId ?? 'nope',
        userId: step.b % 5 === 0 ? 'intruder' : (hold?.userId ?? 'u0'),
        now,
      };
    }
    case 'beginPayment': {
      const hold = pick(holds, step.a);
      const paymentId = step.b % 4 === 0 ? 'p-other' : `p-${hold?.holdId}`;
      return { type: 'BEGIN_PAYMENT', holdId: hold?.holdId ?? 'nope', userId: hold?.userId ?? 'u0', paymentId, now };
    }
    case 'confirm': {
      const hold = step.b % 3 === 0 ? pick(holds, step.a) : (pick(paying, step.a) ?? pick(holds, step.a));
      return {
        type: 'CONFIRM',
        holdId: hold?.holdId ?? 'nope',
        bookingId: `b${i}`,
        paymentId: hold?.paymentId ?? 'p-none',
        now,
      };
    }
    case 'paymentFailed': {
      const hold = pick(paying, step.a) ?? pick(holds, step.a);
      return { type: 'PAYMENT_FAILED', holdId: hold?.holdId ?? 'nope', paymentId: hold?.paymentId ?? 'p-none', now };
    }
    case 'cancelBooking':
      return { type: 'CANCEL_BOOKING', bookingId: pick(Object.keys(context.bookings).sort(), step.a) ?? 'nope', now };
    case 'join':
      return {
        type: 'JOIN_WAITLIST',
        entryId: `e${i}`,
        userId: pick(users, step.a)!,
        quantity: 1 + (step.b % 4),
        ...filterOf(context.layout, step.a >> 2),
        now,
      };
    case 'leave': {
      const entry = pick(context.waitlist, step.a);
      return {
        type: 'LEAVE_WAITLIST',
        entryId: entry?.entryId ?? 'nope',
        userId: step.b % 5 === 0 ? 'intruder' : (entry?.userId ?? 'u0'),
        now,
      };
    }
    case 'tick':
      return { type: 'TICK', now };
    case 'open':
      return { type: 'OPEN_SALES', now };
    case 'close':
      return { type: 'CLOSE_SALES', now };
    case 'cancelShow':
      return { type: 'CANCEL_SHOW', now };
    case 'update':
      return updateEvent(step, now, context);
  }
}

/** Admin edits: new prices (now and then a category the show lacks), lifetimes, and a sales window that closes or reopens. */
function updateEvent(step: Step, now: number, context: ShowContext): ShowEvent {
  const categories = context.layout.categories;
  switch (step.a % 5) {
    case 0:
      return {
        type: 'UPDATE_SHOW',
        prices: [{ category: pick(categories, step.b)!.category, price: step.b * 10 }],
        now,
      };
    case 1:
      return { type: 'UPDATE_SHOW', prices: [{ category: 'nope', price: 1 }], now };
    case 2:
      return { type: 'UPDATE_SHOW', holdTtlMs: (1 + (step.b % 6)) * MIN, now };
    case 3:
      return { type: 'UPDATE_SHOW', salesCloseAt: step.b % 2 === 0 ? now - SEC : now + (step.b % 20) * MIN, now };
    default:
      return { type: 'UPDATE_SHOW', salesOpenAt: step.b % 2 === 0 ? null : now + MIN, salesCloseAt: null, now };
  }
}

/**
 * No customer holds and waits for more seats than the cap, and the per-customer count the show
 * keeps for the cap agrees with a count over every hold and waiting entry.
 */
export function checkCustomerCap(context: ShowContext): void {
  const claimed = new Map<string, number>();
  const held = new Map<string, number>();
  const add = (map: Map<string, number>, userId: string, n: number) => map.set(userId, (map.get(userId) ?? 0) + n);
  for (const hold of Object.values(context.holds)) {
    add(held, hold.userId, holdSize(hold));
    add(claimed, hold.userId, holdSize(hold));
  }
  for (const entry of context.waitlist) if (entry.status === 'waiting') add(claimed, entry.userId, entry.quantity);
  for (const [userId, n] of claimed) {
    expect(n, `${userId} claims ${n} seats`).toBeLessThanOrEqual(seatsPerCustomer(context.rules));
  }
  for (const userId of users) expect(seatsHeldBy(context.holds, userId), userId).toBe(held.get(userId) ?? 0);
}

/** Recounts everything from rows, ga, holds and bookings, and checks it against the maintained counts. */
export function checkSeats(context: ShowContext): void {
  const index = seatIndex(context.layout);
  const owner = new Map<number, string>();
  const gaHeld = context.ga.map(() => 0);
  const gaBooked = context.ga.map(() => 0);
  const claim = (seat: number, by: string, expected: string) => {
    expect(owner.has(seat), `seat ${allSeats(index)[seat]!.seatId} in ${owner.get(seat)} and ${by}`).toBe(false);
    owner.set(seat, by);
    const info = allSeats(index)[seat]!;
    expect(context.rows[info.rowIndex]![info.position]).toBe(expected);
  };
  for (const hold of Object.values(context.holds)) {
    for (const s of hold.seats) claim(s, hold.holdId, 'h');
    if (hold.ga) gaHeld[hold.ga.section]! += hold.ga.quantity;
    expect(hold.status === 'paying').toBe(hold.paymentId !== null && hold.paymentDeadlineAt !== null);
  }
  for (const booking of Object.values(context.bookings)) {
    for (const s of booking.seats) claim(s, booking.bookingId, 'b');
    if (booking.ga) gaBooked[booking.ga.section]! += booking.ga.quantity;
  }
  const recount = index.categories.map((c) => ({
    category: c.category,
    capacity: c.capacity,
    free: 0,
    held: 0,
    booked: 0,
    earmarked: 0,
  }));
  const statusOf = { '.': 'free', h: 'held', b: 'booked', e: 'earmarked' } as const;
  allSeats(index).forEach((seat, i) => {
    const ch = context.rows[seat.rowIndex]![seat.position] as keyof typeof statusOf;
    if (ch === 'h' || ch === 'b') expect(owner.has(i), `${seat.seatId} is ${ch} without an owner`).toBe(true);
    recount[seat.categoryIndex]![statusOf[ch]]++;
  });
  index.sections.forEach((section, s) => {
    if (section.kind !== 'general') return;
    const ga = context.ga[s]!;
    expect(ga.held).toBe(gaHeld[s]);
    expect(ga.booked).toBe(gaBooked[s]);
    const c = recount[section.categories[0]!]!;
    c.held += ga.held;
    c.booked += ga.booked;
    c.earmarked += ga.earmarked;
    c.free += section.capacity - ga.held - ga.booked - ga.earmarked;
    expect(section.capacity - ga.held - ga.booked - ga.earmarked).toBeGreaterThanOrEqual(0);
  });
  expect(context.counts).toEqual(recount);
  for (const c of context.counts) expect(c.free + c.held + c.booked + c.earmarked).toBe(c.capacity);
}

/** Earmarks belong to the head of the queue and match what it asked for; offers go in arrival order. */
export function checkWaitlist(context: ShowContext, joinOrder: string[], offered: string[]): void {
  const index = seatIndex(context.layout);
  const order = context.waitlist.map((w) => joinOrder.indexOf(w.entryId));
  expect(order.every((n) => n >= 0)).toBe(true);
  expect([...order].sort((x, y) => x - y)).toEqual(order);
  for (const entry of context.waitlist) {
    if (entry.status === 'offered') expect(context.holds[entry.holdId!]?.entryId).toBe(entry.entryId);
  }
  for (const entryId of offered) {
    const at = context.waitlist.findIndex((w) => w.entryId === entryId);
    const earlierWaiting = context.waitlist.slice(0, Math.max(at, 0)).filter((w) => w.status === 'waiting');
    expect(earlierWaiting, `${entryId} got an offer while earlier entries wait`).toEqual([]);
  }
  const head = context.waitlist.find((w) => w.status === 'waiting');
  const earmarked = context.counts.reduce((n, c) => n + c.earmarked, 0);
  if (earmarked === 0) return;
  expect(head, 'earmarks without anyone waiting').toBeDefined();
  allSeats(index).forEach((seat) => {
    if (context.rows[seat.rowIndex]![seat.position] !== 'e') return;
    if (head!.category !== null) expect(seat.category).toBe(head!.category);
    if (head!.section !== null) expect(seat.sectionIndex).toBe(head!.section);
  });
  context.ga.forEach((ga, s) => {
    if (ga.earmarked === 0) return;
    if (head!.category !== null)
      expect(index.categories[index.sections[s]!.categories[0]!]!.category).toBe(head!.category);
    if (head!.section !== null) expect(s).toBe(head!.section);
  });
}

export function stateValue(show: ShowDriver): unknown {
  return (show.persisted() as unknown as { value: unknown }).value;
}
