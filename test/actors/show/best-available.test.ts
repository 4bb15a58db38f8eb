import { describe, expect, it } from 'vitest';
import { bestAdjacent, firstAvailable, place } from '../../../src/actors/show/best-available.js';
import { createInitialContext } from '../../../src/actors/show/context.js';
import { createDraft } from '../../../src/actors/show/draft.js';
import { couldEverFit, poolsFor, resolveCriteria } from '../../../src/actors/show/pools.js';
import type { ShowContext, ShowLayout } from '../../../src/actors/show/types.js';
import { T0, allSeats, mixedLayout, showInput } from './helpers.js';

const wide: ShowLayout = {
  sections: [
    {
      name: 'Main',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 10, category: 'gold' },
        { row: 'B', seats: 10, category: 'gold' },
        { row: 'C', seats: 10, category: 'silver' },
      ],
    },
  ],
  categories: [
    { category: 'gold', price: 100 },
    { category: 'silver', price: 50 },
  ],
  currency: 'EUR',
};

/** A draft over a context whose rows are set by hand (counts are not needed by the row searches). */
function draftWith(rows: string[], layout = wide) {
  const context: ShowContext = { ...createInitialContext(showInput(layout)), rows };
  return createDraft(context, T0);
}

const ids = (d: ReturnType<typeof draftWith>, seats: number[] | null) =>
  seats && seats.map((s) => allSeats(d.index)[s]!.seatId);

describe('bestAdjacent', () => {
  it('takes the front-most row that has a long enough run', () => {
    const d = draftWith(['hh.hh.hh..', '..........', '..........']);
    expect(ids(d, bestAdjacent(d, [0, 1], 3, '.'))).toEqual(['B-4', 'B-5', 'B-6']);
    expect(ids(d, bestAdjacent(d, [0, 1], 2, '.'))).toEqual(['A-9', 'A-10']);
  });

  it('picks the run closest to the centre of the row, the left one on a tie', () => {
    const d = draftWith(['...hhhh...', '....hh....', '..........']);
    expect(ids(d, bestAdjacent(d, [0], 2, '.'))).toEqual(['A-2', 'A-3']);
    expect(ids(d, bestAdjacent(d, [1], 3, '.'))).toEqual(['B-2', 'B-3', 'B-4']);
    expect(ids(d, bestAdjacent(d, [2], 4, '.'))).toEqual(['C-4', 'C-5', 'C-6', 'C-7']);
    expect(ids(d, bestAdjacent(d, [2], 1, '.'))).toEqual(['C-5']);
  });

  it('prefers a run nearer the centre to one that is longer', () => {
    const d = draftWith(['.....h..hh', '..........', '..........']);
    expect(ids(d, bestAdjacent(d, [0], 2, '.'))).toEqual(['A-4', 'A-5']);
  });

  it('searches for any status character, and gives up when no row has a run', () => {
    const d = draftWith(['eh.e.eeh..', 'e.e.e.e.e.', '..........']);
    expect(ids(d, bestAdjacent(d, [0, 1], 2, 'e'))).toEqual(['A-6', 'A-7']);
    expect(bestAdjacent(d, [1], 2, 'e')).toBeNull();
  });
});

describe('firstAvailable', () => {
  it('takes the first seats with the status, front rows first', () => {
    const d = draftWith(['hhhhhhhh.h', '.h.hhhhhhh', '..........']);
    expect(ids(d, firstAvailable(d, [0, 1], 3, '.'))).toEqual(['A-9', 'B-1', 'B-3']);
    expect(firstAvailable(d, [0, 1], 4, '.')).toBeNull();
  });
});

describe('place', () => {
  const fresh = () => createDraft(createInitialContext(showInput(mixedLayout)), T0);
  const criteria = (d: ReturnType<typeof fresh>, category?: string, section?: string) => {
    const r = resolveCriteria(d.index, category, section);
    if (!r.ok) throw new Error(r.detail);
    return poolsFor(d.index, r.criteria);
  };

  it('tries categories best first and keeps a hold inside one category', () => {
    const d = fresh();
    expect(place(d, criteria(d), 4, '.')).toEqual({ category: 0, seats: [0, 1, 2, 3], ga: null });
    expect(place(d, criteria(d), 5, '.')).toEqual({ category: 1, seats: [4, 5, 6, 7, 8], ga: null });
    expect(place(d, criteria(d), 6, '.')).toEqual({ category: 2, seats: [], ga: { section: 1, quantity: 6 } });
  });

  it('goes to general admission when a category has places there and no run in its rows', () => {
    const d = fresh();
    d.rows = ['....', '.h.h.'];
    expect(place(d, criteria(d, 'regular'), 2, '.')).toEqual({
      category: 1,
      seats: [],
      ga: { section: 2, quantity: 2 },
    });
  });

  it('returns null when nothing fits', () => {
    const d = fresh();
    expect(place(d, criteria(d, 'premium'), 5, '.')).toBeNull();
    expect(place(d, criteria(d, undefined, 'Pit'), 7, '.')).toBeNull();
  });
});

describe('resolveCriteria and couldEverFit', () => {
  const d = createDraft(createInitialContext(showInput(mixedLayout)), T0);

  it('refuses unknown names and names that match nothing together', () => {
    expect(resolveCriteria(d.index, 'vip', undefined)).toEqual({ ok: false, detail: 'unknown category: vip' });
    expect(resolveCriteria(d.index, undefined, 'Roof')).toEqual({ ok: false, detail: 'unknown section: Roof' });
    expect(resolveCriteria(d.index, 'premium', 'Pit').ok).toBe(false);
    expect(resolveCriteria(d.index, 'regular', 'Back')).toEqual({ ok: true, criteria: { category: 1, section: 2 } });
  });

  it('asks whether one pool, not the sum of pools, could hold the quantity', () => {
    const pools = poolsFor(d.index, { category: 1, section: null });
    expect(couldEverFit(d, pools, 5)).toBe(true);
    expect(couldEverFit(d, pools, 6)).toBe(false);
  });
});

describe('a hall whose best rows are in the middle (bestRows: middle)', () => {
  const cinema: ShowLayout = {
    sections: [
      {
        name: 'Screen',
        kind: 'reserved',
        rows: ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((row) => ({ row, seats: 8, category: 'standard' })),
      },
    ],
    categories: [{ category: 'standard', price: 1200 }],
    currency: 'EUR',
    bestRows: 'middle',
  };
  const hold = (d: ReturnType<typeof draftWith>, quantity: number) => {
    const r = resolveCriteria(d.index, undefined, undefined);
    if (!r.ok) throw new Error(r.detail);
    return ids(d, place(d, poolsFor(d.index, r.criteria), quantity, '.')?.seats ?? null);
  };

  it('seats a party in the centre of the middle row, not the front row', () => {
    const d = draftWith(Array(7).fill('........'), cinema);
    expect(hold(d, 2)).toEqual(['D-4', 'D-5']);
    // The same hall as a concert hall: the front row.
    expect(hold(draftWith(Array(7).fill('........'), { ...cinema, bestRows: 'front' }), 2)).toEqual(['A-4', 'A-5']);
    expect(hold(draftWith(Array(7).fill('........'), { ...cinema, bestRows: undefined }), 2)).toEqual(['A-4', 'A-5']);
  });

  it('moves outwards from the middle when it is full, the nearer-front row first on a tie', () => {
    const full = 'hhhhhhhh';
    const d = draftWith(['........', '........', '........', full, '........', '........', '........'], cinema);
    expect(hold(d, 2)).toEqual(['C-4', 'C-5']);
    const e = draftWith(['........', '........', full, full, '........', '........', '........'], cinema);
    expect(hold(e, 2)).toEqual(['E-4', 'E-5']);
  });

  it('orders the rows once, in the seat index: the same layout always gives the same order', () => {
    const d = draftWith(Array(7).fill('........'), cinema);
    expect(d.index.categories[0]!.rows.map((r) => d.index.rows[r]!.row)).toEqual(['D', 'C', 'E', 'B', 'F', 'A', 'G']);
  });
});
