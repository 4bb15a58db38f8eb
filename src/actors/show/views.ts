import type { SeatIndex } from './seat-index.js';
import { seatIdOf, seatIndex } from './seat-index.js';
import type { GaPart, Hold, PlacedSeats, ShowContext } from './types.js';
import type { SeatMapView, ShowSummary } from './view-types.js';

/** The seats of a hold or booking named as the outside world names them. */
export function placedSeats(index: SeatIndex, seats: readonly number[], ga: GaPart | null): PlacedSeats {
  return {
    seats: seats.map((s) => seatIdOf(index, s)),
    ga: ga ? { section: index.sections[ga.section]!.name, quantity: ga.quantity } : null,
    quantity: seats.length + (ga ? ga.quantity : 0),
  };
}

/** A live hold with its seats named, for GET hold. */
export type HoldView = Omit<Hold, 'seats' | 'ga'> & PlacedSeats;

export function describeHold(context: ShowContext, holdId: string): HoldView | null {
  const hold = Object.hasOwn(context.holds, holdId) ? context.holds[holdId] : undefined;
  if (!hold) return null;
  const { seats, ga, quantity } = placedSeats(seatIndex(context.layout), hold.seats, hold.ga);
  // Field by field, not `{ ...rest, ...placed }`: spreading a destructured rest object took V8's slow
  // path, about 8 µs a call (measured), on every confirm's check. The type lists every field.
  return {
    holdId: hold.holdId,
    userId: hold.userId,
    total: hold.total,
    createdAt: hold.createdAt,
    expiresAt: hold.expiresAt,
    deadlineAt: hold.deadlineAt,
    status: hold.status,
    paymentId: hold.paymentId,
    paymentDeadlineAt: hold.paymentDeadlineAt,
    entryId: hold.entryId,
    seats,
    ga,
    quantity,
  };
}

/** `{ onSale: 'available' }` -> `onSale.available`. */
export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key] = Object.keys(value);
    if (key === undefined) return '';
    const child = stateString((value as Record<string, unknown>)[key]);
    return child === '' ? key : `${key}.${child}`;
  }
  return '';
}

export function summarize(context: ShowContext, state: string): ShowSummary {
  const index = seatIndex(context.layout);
  let capacity = 0;
  let available = 0;
  let held = 0;
  let booked = 0;
  for (const c of context.counts) {
    capacity += c.capacity;
    available += c.free;
    held += c.held + c.earmarked;
    booked += c.booked;
  }
  return {
    showId: context.showId,
    state,
    capacity,
    available,
    held,
    booked,
    waitlistLength: context.waitlist.length,
    categories: context.counts.map((c, i) => ({
      category: c.category,
      price: index.categories[i]!.price,
      available: c.free,
    })),
  };
}

const seatStatus = { '.': 'available', h: 'held', e: 'held', b: 'booked' } as const;

/** Every reserved seat with its status (earmarked seats show as held) and every section's availability. */
export function seatMap(context: ShowContext): SeatMapView {
  const index = seatIndex(context.layout);
  const seats: SeatMapView['seats'] = [];
  index.rows.forEach((row, r) => {
    const section = index.sections[row.sectionIndex]!.name;
    const { category, price } = index.categories[row.categoryIndex]!;
    const chars = context.rows[r]!;
    for (let p = 0; p < row.length; p++) {
      const status = seatStatus[chars[p] as keyof typeof seatStatus];
      seats.push({ seatId: `${row.row}-${p + 1}`, section, row: row.row, number: p + 1, category, price, status });
    }
  });
  const sections = index.sections.map((section, i) => {
    let available = 0;
    if (section.kind === 'general') {
      const ga = context.ga[i]!;
      available = section.capacity - ga.held - ga.booked - ga.earmarked;
    } else {
      for (const r of section.rows) {
        const row = context.rows[r]!;
        for (let p = row.indexOf('.'); p >= 0; p = row.indexOf('.', p + 1)) available++;
      }
    }
    const first = section.categories[0];
    return {
      section: section.name,
      kind: section.kind,
      category: first === undefined ? '' : index.categories[first]!.category,
      capacity: section.capacity,
      available,
    };
  });
  return { showId: context.showId, seats, sections };
}
