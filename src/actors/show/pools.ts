import type { Draft, SeatChar } from './draft.js';
import { STATUS_OF, gaCount } from './draft.js';
import type { SeatIndex } from './seat-index.js';

/** What a quantity request or a waitlist entry will accept. Indices into the seat index; null means any. */
export interface Criteria {
  category: number | null;
  section: number | null;
}

export interface ReservedPool {
  kind: 'reserved';
  category: number;
  rows: readonly number[];
  capacity: number;
  /** Covers every reserved row of its category, so the category counts describe it without a scan. */
  whole: boolean;
}

export interface GeneralPool {
  kind: 'general';
  category: number;
  section: number;
  capacity: number;
}

/**
 * The places one hold may come from, for one category. A hold never mixes categories, and general
 * admission places of one hold come from one section, so each pool is tried on its own.
 */
export interface CategoryPools {
  category: number;
  reserved: ReservedPool | null;
  general: GeneralPool[];
}

export type CriteriaResult = { ok: true; criteria: Criteria } | { ok: false; detail: string };

/** Turns the names in a request into criteria; unknown names, or names that match nothing together, fail. */
export function resolveCriteria(
  index: SeatIndex,
  category: string | null | undefined,
  section: string | null | undefined,
): CriteriaResult {
  let c: number | null = null;
  let s: number | null = null;
  if (category !== undefined && category !== null) {
    const found = index.categoryByName.get(category);
    if (found === undefined) return { ok: false, detail: `unknown category: ${category}` };
    c = found;
  }
  if (section !== undefined && section !== null) {
    const found = index.sectionByName.get(section);
    if (found === undefined) return { ok: false, detail: `unknown section: ${section}` };
    s = found;
  }
  const criteria = { category: c, section: s };
  if (poolsFor(index, criteria).length === 0) {
    return { ok: false, detail: `no seats match category ${category ?? 'any'} in section ${section ?? 'any'}` };
  }
  return { ok: true, criteria };
}

const poolMemo = new WeakMap<SeatIndex, Map<string, CategoryPools[]>>();

/** The pools matching the criteria, best category first (layout.categories order). Memoized per layout. */
export function poolsFor(index: SeatIndex, criteria: Criteria): CategoryPools[] {
  let byKey = poolMemo.get(index);
  if (!byKey) {
    byKey = new Map();
    poolMemo.set(index, byKey);
  }
  const key = `${criteria.category ?? ''}|${criteria.section ?? ''}`;
  let pools = byKey.get(key);
  if (!pools) {
    pools = buildPools(index, criteria);
    byKey.set(key, pools);
  }
  return pools;
}

function buildPools(index: SeatIndex, criteria: Criteria): CategoryPools[] {
  const result: CategoryPools[] = [];
  index.categories.forEach((cat, ci) => {
    if (criteria.category !== null && criteria.category !== ci) return;
    let reserved: ReservedPool | null = null;
    const rows =
      criteria.section === null ? cat.rows : cat.rows.filter((r) => index.rows[r]!.sectionIndex === criteria.section);
    if (rows.length > 0) {
      const capacity = rows.reduce((sum, r) => sum + index.rows[r]!.length, 0);
      reserved = { kind: 'reserved', category: ci, rows, capacity, whole: rows.length === cat.rows.length };
    }
    const general: GeneralPool[] = cat.gaSections
      .filter((s) => criteria.section === null || criteria.section === s)
      .map((s) => ({ kind: 'general', category: ci, section: s, capacity: index.sections[s]!.capacity }));
    if ((reserved && reserved.capacity > 0) || general.some((g) => g.capacity > 0)) {
      result.push({ category: ci, reserved, general });
    }
  });
  return result;
}

export function seatMatches(index: SeatIndex, criteria: Criteria, seat: number): boolean {
  const row = index.rows[index.seatRow[seat]!]!;
  return (
    (criteria.category === null || criteria.category === row.categoryIndex) &&
    (criteria.section === null || criteria.section === row.sectionIndex)
  );
}

export function sectionMatches(index: SeatIndex, criteria: Criteria, section: number): boolean {
  const info = index.sections[section]!;
  return (
    info.kind === 'general' &&
    (criteria.category === null || criteria.category === info.categories[0]) &&
    (criteria.section === null || criteria.section === section)
  );
}

/** How many seats of a reserved pool have this status; stops counting once `limit` is reached. */
export function reservedCount(d: Draft, pool: ReservedPool, ch: SeatChar, limit = Infinity): number {
  const status = STATUS_OF[ch];
  if (pool.whole) {
    let n = d.counts[pool.category]![status];
    for (const s of d.index.categories[pool.category]!.gaSections) n -= gaCount(d, s, status);
    return n;
  }
  let n = 0;
  for (const r of pool.rows) {
    const row = d.rows[r]!;
    for (let i = row.indexOf(ch); i >= 0; i = row.indexOf(ch, i + 1)) {
      if (++n >= limit) return n;
    }
  }
  return n;
}

export function poolCount(d: Draft, pool: ReservedPool | GeneralPool, ch: SeatChar, limit = Infinity): number {
  return pool.kind === 'general' ? gaCount(d, pool.section, STATUS_OF[ch]) : reservedCount(d, pool, ch, limit);
}

/**
 * Whether some single pool could ever give `quantity` places without a booking being cancelled:
 * free + held + earmarked, which is capacity minus booked.
 */
export function couldEverFit(d: Draft, pools: readonly CategoryPools[], quantity: number): boolean {
  for (const cp of pools) {
    if (cp.reserved && cp.reserved.capacity >= quantity) {
      const booked = reservedCount(d, cp.reserved, 'b', cp.reserved.capacity - quantity + 1);
      if (cp.reserved.capacity - booked >= quantity) return true;
    }
    for (const g of cp.general) {
      if (g.capacity - gaCount(d, g.section, 'booked') >= quantity) return true;
    }
  }
  return false;
}
