import { describe, expect, it } from 'vitest';
import type { ShowOutcome } from '../../../src/actors/show/types.js';
import { collectShowFacts, hasShowFacts, type ShowFact } from '../../../src/db/show-storage/show-facts.js';

const seats = { seats: ['A-1', 'A-2'], ga: null, quantity: 2 };

describe('show facts', () => {
  it('records bookings, cancellations, offers and one fact per booking of a cancelled show', () => {
    const outcomes: ShowOutcome[] = [
      {
        type: 'hold.placed',
        holdId: 'h0',
        userId: 'u0',
        total: 1,
        createdAt: 0,
        expiresAt: 1,
        deadlineAt: 2,
        entryId: null,
        ...seats,
      },
      {
        type: 'booking.confirmed',
        bookingId: 'b1',
        holdId: 'h1',
        userId: 'u1',
        total: 5000,
        paymentId: 'p1',
        createdAt: 0,
        entryId: null,
        ...seats,
      },
      { type: 'booking.cancelled', bookingId: 'b2', ...seats },
      {
        type: 'waitlist.offered',
        entryId: 'e1',
        userId: 'u3',
        holdId: 'h3',
        total: 2500,
        expiresAt: Date.UTC(2030, 0, 1),
        deadlineAt: 0,
        ...seats,
      },
      { type: 'show.cancelled', bookingIds: ['b4', 'b5'], holdIds: ['h6'], entryIds: [] },
    ];
    const facts: ShowFact[] = [];
    collectShowFacts('s1', outcomes, facts);
    expect(facts.map((f) => [f.eventKey, f.userId, f.bookingId])).toEqual([
      ['booking.confirmed:b1', 'u1', 'b1'],
      ['booking.cancelled:b2', null, 'b2'],
      ['waitlist.offered:h3', 'u3', null],
      ['show.cancelled:b4', null, 'b4'],
      ['show.cancelled:b5', null, 'b5'],
    ]);
    expect(facts[0]!.payload).toMatchObject({
      bookingId: 'b1',
      showId: 's1',
      userId: 'u1',
      total: 5000,
      seats: ['A-1', 'A-2'],
    });
    expect(facts[2]!.payload).toMatchObject({
      entryId: 'e1',
      holdId: 'h3',
      expiresAt: '2030-01-01T00:00:00.000Z',
      total: 2500,
    });
    expect(hasShowFacts(outcomes)).toBe(true);
  });

  it('records nothing for the hot path of holds, releases and expiries', () => {
    const outcomes: ShowOutcome[] = [
      {
        type: 'hold.placed',
        holdId: 'h0',
        userId: 'u0',
        total: 1,
        createdAt: 0,
        expiresAt: 1,
        deadlineAt: 2,
        entryId: null,
        ...seats,
      },
      { type: 'hold.released', holdId: 'h0' },
      { type: 'hold.expired', holdId: 'h1', entryId: null },
      { type: 'show.cancelled', bookingIds: [], holdIds: ['h2'], entryIds: [] },
    ];
    const facts: ShowFact[] = [];
    collectShowFacts('s1', outcomes, facts);
    expect(facts).toEqual([]);
    expect(hasShowFacts(outcomes)).toBe(false);
  });
});
