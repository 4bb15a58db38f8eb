import type { RowDef, SectionDef } from '../../actors/show/types.js';
import type { HallLayout } from '../schema/index.js';

/** Rows labelled by consecutive letters from `first`, each with `seats` seats of one category. */
export function letterRows(first: string, count: number, seats: number, category: string): RowDef[] {
  const start = first.charCodeAt(0);
  return Array.from({ length: count }, (_, i) => ({ row: String.fromCharCode(start + i), seats, category }));
}

/** Rows labelled `<prefix><n>` (e.g. N1..N12 for a stadium's north stand). */
export function numberedRows(prefix: string, count: number, seats: number, category: string): RowDef[] {
  return Array.from({ length: count }, (_, i) => ({ row: `${prefix}${i + 1}`, seats, category }));
}

export function reserved(name: string, ...rowGroups: RowDef[][]): SectionDef {
  return { name, kind: 'reserved', rows: rowGroups.flat() };
}

export function general(name: string, capacity: number, category: string): SectionDef {
  return { name, kind: 'general', capacity, category };
}

/** A cinema screen: `rows` x `seats`, the back `premiumRows` rows premium (the view is better there). */
export function cinemaLayout(rows: number, seats: number, premiumRows: number): HallLayout {
  return {
    sections: [
      reserved(
        'Auditorium',
        letterRows('A', rows - premiumRows, seats, 'regular'),
        letterRows(String.fromCharCode(65 + rows - premiumRows), premiumRows, seats, 'premium'),
      ),
    ],
  };
}

/**
 * A train as a hall: each coach is a section and its seat rows are rows. Row labels carry the
 * coach number (`3C` is row C of coach 3) because a seat id has no section part.
 */
export function trainLayout(
  coaches: { number: number; rows: number; seatsPerRow: number; category: string }[],
): HallLayout {
  return {
    sections: coaches.map((c) =>
      reserved(
        `Coach ${c.number}`,
        letterRows('A', c.rows, c.seatsPerRow, c.category).map((r) => ({ ...r, row: `${c.number}${r.row}` })),
      ),
    ),
  };
}
