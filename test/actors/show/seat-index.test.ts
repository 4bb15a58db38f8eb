import { describe, expect, it } from 'vitest';
import { seatIdOf, seatIndex, seatOf } from '../../../src/actors/show/seat-index.js';
import { allSeats, mixedLayout, reservedLayout } from './helpers.js';

describe('seatIndex', () => {
  it('flattens reserved rows into seats named <row>-<number>, in layout order', () => {
    const index = seatIndex(mixedLayout);
    expect(allSeats(index).map((s) => s.seatId)).toEqual([
      'K-1',
      'K-2',
      'K-3',
      'K-4',
      'L-1',
      'L-2',
      'L-3',
      'L-4',
      'L-5',
    ]);
    expect(allSeats(index)[5]).toEqual({
      seatId: 'L-2',
      section: 'Balcony',
      sectionIndex: 0,
      row: 'L',
      number: 2,
      category: 'regular',
      categoryIndex: 1,
      rowIndex: 1,
      position: 1,
    });
    expect(seatOf(index, 'L-2')).toBe(5);
    expect(seatIdOf(index, 5)).toBe('L-2');
    for (const unknown of ['L-6', 'L-0', 'L-02', 'Z-1', 'L', '-1']) expect(seatOf(index, unknown)).toBeUndefined();
    expect(index.rows).toEqual([
      { row: 'K', sectionIndex: 0, categoryIndex: 0, start: 0, length: 4 },
      { row: 'L', sectionIndex: 0, categoryIndex: 1, start: 4, length: 5 },
    ]);
  });

  it('sums capacities per category across reserved rows and general-admission sections', () => {
    const index = seatIndex(mixedLayout);
    expect(
      index.categories.map((c) => [c.category, c.price, c.capacity, c.reservedCapacity, c.rows, c.gaSections]),
    ).toEqual([
      ['premium', 7000, 4, 4, [0], []],
      ['regular', 4000, 8, 5, [1], [2]],
      ['standing', 2500, 6, 0, [], [1]],
    ]);
    expect(index.capacity).toBe(18);
    expect(index.sections.map((s) => [s.name, s.kind, s.capacity, s.categories])).toEqual([
      ['Balcony', 'reserved', 9, [0, 1]],
      ['Pit', 'general', 6, [2]],
      ['Back', 'general', 3, [1]],
    ]);
  });

  it('is memoized per layout object and rebuilt equal for an equal copy', () => {
    expect(seatIndex(reservedLayout)).toBe(seatIndex(reservedLayout));
    const copy = JSON.parse(JSON.stringify(reservedLayout)) as typeof reservedLayout;
    expect(seatIndex(copy)).not.toBe(seatIndex(reservedLayout));
    expect(seatIndex(copy)).toEqual(seatIndex(reservedLayout));
  });

  it('shares the seats of one hall between shows, each with its own prices', () => {
    const cheaper = {
      ...reservedLayout,
      categories: reservedLayout.categories.map((c) => ({ ...c, price: c.price - 100 })),
    };
    const a = seatIndex(reservedLayout);
    const b = seatIndex(cheaper);
    expect(b.seatRow).toBe(a.seatRow);
    expect(b.rowsByName).toBe(a.rowsByName);
    expect(b.categories.map((c) => c.price)).toEqual(a.categories.map((c) => c.price - 100));
  });
});
