import type { Draft, SeatChar } from './draft.js';
import { STATUS_OF, gaCount } from './draft.js';
import type { CategoryPools, ReservedPool } from './pools.js';
import { poolCount } from './pools.js';
import type { GaPart } from './types.js';

/** Where a hold of some quantity would go: reserved seats or general-admission places, one category. */
export type Placement = { category: number; seats: number[]; ga: null } | { category: number; seats: []; ga: GaPart };

const needles = new Map<string, string>();
function needle(ch: SeatChar, quantity: number): string {
  const key = ch + quantity;
  let n = needles.get(key);
  if (n === undefined) {
    n = ch.repeat(quantity);
    needles.set(key, n);
  }
  return n;
}

/**
 * The `quantity` adjacent seats with status `ch` in the front-most row that has such a run, choosing
 * within that row the run closest to the row's centre (on a tie, the one further left).
 * `indexOf` over each row string skips rows without a long enough run at native speed.
 */
export function bestAdjacent(d: Draft, rows: readonly number[], quantity: number, ch: SeatChar): number[] | null {
  const run = needle(ch, quantity);
  for (const r of rows) {
    const row = d.rows[r]!;
    let i = row.length >= quantity ? row.indexOf(run) : -1;
    if (i < 0) continue;
    const ideal = (row.length - 1) / 2 - (quantity - 1) / 2;
    let best = -1;
    let bestDistance = Infinity;
    while (i >= 0) {
      let end = i;
      while (end < row.length && row[end] === ch) end++;
      const start = Math.min(Math.max(Math.ceil(ideal - 0.5), i), end - quantity);
      const distance = Math.abs(start - ideal);
      if (distance < bestDistance) {
        best = start;
        bestDistance = distance;
      }
      i = row.indexOf(run, end);
    }
    const first = d.index.rows[r]!.start + best;
    return Array.from({ length: quantity }, (_, k) => first + k);
  }
  return null;
}

/** The first `quantity` seats with status `ch`, front rows first, or null when there are fewer. */
export function firstAvailable(d: Draft, rows: readonly number[], quantity: number, ch: SeatChar): number[] | null {
  const seats: number[] = [];
  for (const r of rows) {
    const row = d.rows[r]!;
    const start = d.index.rows[r]!.start;
    for (let i = row.indexOf(ch); i >= 0; i = row.indexOf(ch, i + 1)) {
      seats.push(start + i);
      if (seats.length === quantity) return seats;
    }
  }
  return null;
}

function fromReserved(
  d: Draft,
  pool: ReservedPool,
  quantity: number,
  ch: SeatChar,
  adjacent: boolean,
): number[] | null {
  return adjacent ? bestAdjacent(d, pool.rows, quantity, ch) : firstAvailable(d, pool.rows, quantity, ch);
}

/**
 * Best available: for each category in order, adjacent seats in one row, then a general-admission
 * section with room, then any seats of the category front rows first. `ch` says which seats count as
 * available: free ones for a hold, earmarked ones when an offer is carved out of a waitlist earmark.
 */
export function place(d: Draft, pools: readonly CategoryPools[], quantity: number, ch: SeatChar): Placement | null {
  const status = STATUS_OF[ch];
  for (const cp of pools) {
    const reserved = cp.reserved && poolCount(d, cp.reserved, ch, quantity) >= quantity ? cp.reserved : null;
    if (reserved) {
      const seats = fromReserved(d, reserved, quantity, ch, true);
      if (seats) return { category: cp.category, seats, ga: null };
    }
    for (const g of cp.general) {
      if (gaCount(d, g.section, status) >= quantity) {
        return { category: cp.category, seats: [], ga: { section: g.section, quantity } };
      }
    }
    if (reserved) {
      const seats = fromReserved(d, reserved, quantity, ch, false);
      if (seats) return { category: cp.category, seats, ga: null };
    }
  }
  return null;
}
