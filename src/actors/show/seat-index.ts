import type { ShowLayout } from './types.js';

/** One reserved seat as the outside world names it, with where it lives in the dense row strings. */
export interface SeatInfo {
  seatId: string;
  section: string;
  sectionIndex: number;
  row: string;
  number: number;
  category: string;
  categoryIndex: number;
  /** Index into context.rows. */
  rowIndex: number;
  /** Index of the seat's character inside its row string (number - 1). */
  position: number;
}

export interface RowInfo {
  row: string;
  sectionIndex: number;
  categoryIndex: number;
  /** Flat index of the row's first seat. */
  start: number;
  length: number;
}

export interface CategoryInfo {
  category: string;
  price: number;
  /** Reserved seats plus general-admission places. */
  capacity: number;
  reservedCapacity: number;
  /** Reserved rows of this category, best first: layout order, or middle rows first (layout.bestRows). */
  rows: number[];
  /** General-admission sections of this category, in layout order. */
  gaSections: number[];
}

export interface SectionInfo {
  name: string;
  kind: 'reserved' | 'general';
  capacity: number;
  /** Categories present in the section, in order of first appearance. */
  categories: number[];
  /** Reserved rows of the section (empty for general admission). */
  rows: number[];
}

export interface SeatIndex {
  /**
   * The row of every reserved seat (an index into rows and context.rows): a seat's position is its
   * number minus its row's start. Four bytes a seat rather than an object and an id string, so a
   * live show's index stays small; `seatInfo` and `seatIdOf` name a seat when someone asks.
   */
  seatRow: Uint32Array;
  seatCount: number;
  rows: RowInfo[];
  sections: SectionInfo[];
  categories: CategoryInfo[];
  /** Rows by name, in layout order (two sections may both have a row A). */
  rowsByName: Map<string, number[]>;
  categoryByName: Map<string, number>;
  sectionByName: Map<string, number>;
  capacity: number;
}

/** A seat's id, `<row>-<number>`. */
export function seatIdOf(index: SeatIndex, seat: number): string {
  const row = index.rows[index.seatRow[seat]!]!;
  return `${row.row}-${seat - row.start + 1}`;
}

/** The seat an id names, or undefined; with rows of one name in two sections, the first that has the number. */
export function seatOf(index: SeatIndex, seatId: string): number | undefined {
  const dash = seatId.lastIndexOf('-');
  if (dash <= 0) return undefined;
  const digits = seatId.slice(dash + 1);
  const n = Number(digits);
  if (!Number.isInteger(n) || n < 1 || String(n) !== digits) return undefined;
  for (const r of index.rowsByName.get(seatId.slice(0, dash)) ?? []) {
    const row = index.rows[r]!;
    if (n <= row.length) return row.start + n - 1;
  }
  return undefined;
}

/** Everything about one seat, made on demand (views, tests); the rules read seatRow and rows. */
export function seatInfo(index: SeatIndex, seat: number): SeatInfo {
  const rowIndex = index.seatRow[seat]!;
  const row = index.rows[rowIndex]!;
  const section = index.sections[row.sectionIndex]!;
  return {
    seatId: `${row.row}-${seat - row.start + 1}`,
    section: section.name,
    sectionIndex: row.sectionIndex,
    row: row.row,
    number: seat - row.start + 1,
    category: index.categories[row.categoryIndex]!.category,
    categoryIndex: row.categoryIndex,
    rowIndex,
    position: seat - row.start,
  };
}

// A layout object never changes (UPDATE_SHOW makes a new one for new prices), so the index is built once per object.
const memo = new WeakMap<ShowLayout, SeatIndex>();

/*
 * The seat-level part of an index (one object per seat, the id lookups) is the same for every show
 * in a hall and is most of a live show's memory, so shows with equal sections and categories share
 * it; only the categories, which carry the prices, are per layout. Halls are few, and a hall's
 * layout cannot change while a show uses it; the bound only guards against a runaway.
 */
const shared = new Map<string, SeatIndex>();
const SHARED_LIMIT = 1_000;

/** The flattened, memoized view of a layout that every rule works from. */
export function seatIndex(layout: ShowLayout): SeatIndex {
  let index = memo.get(layout);
  if (!index) {
    index = priced(structureOf(layout), layout);
    memo.set(layout, index);
  }
  return index;
}

function structureOf(layout: ShowLayout): SeatIndex {
  const key = JSON.stringify([layout.sections, layout.categories.map((c) => c.category), layout.bestRows ?? 'front']);
  let structure = shared.get(key);
  if (!structure) {
    if (shared.size >= SHARED_LIMIT) shared.clear();
    structure = buildSeatIndex(layout);
    shared.set(key, structure);
  }
  return structure;
}

/** The shared structure with this layout's prices. */
function priced(structure: SeatIndex, layout: ShowLayout): SeatIndex {
  const prices = new Map(layout.categories.map((c) => [c.category, c.price]));
  return { ...structure, categories: structure.categories.map((c) => ({ ...c, price: prices.get(c.category) ?? 0 })) };
}

function buildSeatIndex(layout: ShowLayout): SeatIndex {
  const categories: CategoryInfo[] = [];
  const categoryByName = new Map<string, number>();
  const categoryOf = (name: string, price = 0): number => {
    let i = categoryByName.get(name);
    if (i === undefined) {
      i = categories.length;
      categories.push({ category: name, price, capacity: 0, reservedCapacity: 0, rows: [], gaSections: [] });
      categoryByName.set(name, i);
    }
    return i;
  };
  for (const c of layout.categories) categoryOf(c.category, c.price);

  const rows: RowInfo[] = [];
  const sections: SectionInfo[] = [];
  const rowsByName = new Map<string, number[]>();
  const sectionByName = new Map<string, number>();
  let seatCount = 0;

  layout.sections.forEach((section, sectionIndex) => {
    if (!sectionByName.has(section.name)) sectionByName.set(section.name, sectionIndex);
    if (section.kind === 'general') {
      const ci = categoryOf(section.category);
      const cat = categories[ci]!;
      cat.capacity += section.capacity;
      cat.gaSections.push(sectionIndex);
      sections.push({ name: section.name, kind: 'general', capacity: section.capacity, categories: [ci], rows: [] });
      return;
    }
    const info: SectionInfo = { name: section.name, kind: 'reserved', capacity: 0, categories: [], rows: [] };
    for (const rowDef of section.rows) {
      const ci = categoryOf(rowDef.category);
      const cat = categories[ci]!;
      const rowIndex = rows.length;
      rows.push({ row: rowDef.row, sectionIndex, categoryIndex: ci, start: seatCount, length: rowDef.seats });
      seatCount += rowDef.seats;
      const named = rowsByName.get(rowDef.row);
      if (named) named.push(rowIndex);
      else rowsByName.set(rowDef.row, [rowIndex]);
      cat.rows.push(rowIndex);
      cat.capacity += rowDef.seats;
      cat.reservedCapacity += rowDef.seats;
      info.rows.push(rowIndex);
      info.capacity += rowDef.seats;
      if (!info.categories.includes(ci)) info.categories.push(ci);
    }
    sections.push(info);
  });

  if (layout.bestRows === 'middle') {
    // Distance from the middle of the row's own section; on a tie the row nearer the front first.
    const offCentre = (r: number) => {
      const inSection = sections[rows[r]!.sectionIndex]!.rows;
      return Math.abs(inSection.indexOf(r) - (inSection.length - 1) / 2);
    };
    for (const cat of categories) cat.rows.sort((a, b) => offCentre(a) - offCentre(b) || a - b);
  }

  const seatRow = new Uint32Array(seatCount);
  rows.forEach((row, r) => seatRow.fill(r, row.start, row.start + row.length));
  const capacity = categories.reduce((sum, c) => sum + c.capacity, 0);
  return { seatRow, seatCount, rows, sections, categories, rowsByName, categoryByName, sectionByName, capacity };
}
