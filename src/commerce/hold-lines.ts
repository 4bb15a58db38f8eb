import type { CategoryDef, SectionDef } from '../actors/show/types.js';

/** One category's share of a hold: what the quote lists and promos of scope `category` look at. */
export interface PriceLine {
  category: string;
  unitPrice: number;
  quantity: number;
  amount: number;
}

export interface HeldPlaces {
  seats: string[];
  /** The general-admission section, when the hold has standing places. */
  gaSection: string | null;
  /** Seats plus general-admission places. */
  quantity: number;
  /** What the show's actor priced the hold at; the lines must add up to it. */
  total: number;
}

export type HoldLinesResult = { ok: true; lines: PriceLine[] } | { ok: false; detail: string };

/**
 * Splits a hold into lines per category from the hall layout and the show's prices, best category
 * first. The actor prices a hold once, when it is placed, and an admin may change prices since
 * then; the hold keeps its price. Lines at today's prices that miss the hold's total are repriced
 * from the total when the hold has one category; a multi-category hold's old split is unknowable,
 * so it is refused rather than quoted at a price the customer was never shown.
 */
export function holdLines(hold: HeldPlaces, sections: SectionDef[], prices: CategoryDef[]): HoldLinesResult {
  const rowCategory = new Map<string, string>();
  const sectionCategory = new Map<string, string>();
  for (const section of sections) {
    if (section.kind === 'general') sectionCategory.set(section.name, section.category);
    else for (const row of section.rows) rowCategory.set(row.row, row.category);
  }
  const counts = new Map<string, number>();
  const add = (category: string, n: number) => counts.set(category, (counts.get(category) ?? 0) + n);
  for (const seat of hold.seats) {
    const dash = seat.lastIndexOf('-');
    const category = dash > 0 ? rowCategory.get(seat.slice(0, dash)) : undefined;
    if (!category) return { ok: false, detail: `seat ${seat} is not in the hall's layout` };
    add(category, 1);
  }
  const standing = hold.quantity - hold.seats.length;
  if (standing > 0) {
    const category = hold.gaSection === null ? undefined : sectionCategory.get(hold.gaSection);
    if (!category) return { ok: false, detail: `section ${hold.gaSection ?? '(none)'} is not in the hall's layout` };
    add(category, standing);
  }

  const priceOf = new Map(prices.map((p) => [p.category, p.price]));
  const order = [...prices].sort((a, b) => b.price - a.price).map((p) => p.category);
  const lines: PriceLine[] = [];
  for (const [category, quantity] of [...counts].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))) {
    const unitPrice = priceOf.get(category);
    if (unitPrice === undefined) return { ok: false, detail: `category ${category} has no price` };
    lines.push({ category, unitPrice, quantity, amount: unitPrice * quantity });
  }
  if (sumAmounts(lines) === hold.total) return { ok: true, lines };

  const only = lines.length === 1 ? lines[0] : undefined;
  if (only && hold.total % only.quantity === 0) {
    const unitPrice = hold.total / only.quantity;
    return { ok: true, lines: [{ ...only, unitPrice, amount: hold.total }] };
  }
  return {
    ok: false,
    detail: 'the prices changed since these seats were held; release the hold and hold the seats again',
  };
}

export function sumAmounts(lines: readonly { amount: number }[]): number {
  return lines.reduce((sum, l) => sum + l.amount, 0);
}
