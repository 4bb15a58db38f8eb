// The venue form's layout lines: a flat list (section, rows, seats, category) turned into a hall layout.
import type { HallLayout, SeatMap } from './api-types.js';

type Section = HallLayout['sections'][number];

/** One line of the form, its fields as typed. */
export interface LayoutLine {
  section: string;
  kind: string;
  rows: string;
  seats: string;
  capacity: string;
  category: string;
}

const LABEL = /^[A-Za-z0-9_.]{1,16}$/;
const MAX_RANGE = 500;

/**
 * Row labels from a short spec: "A-J" (letters), "1-20" or "P1-P8" (numbers with a prefix),
 * "A,B,C" or any mix of those. Returns {rows} or {error}.
 */
export function parseRows(spec: string): { rows: string[]; error?: undefined } | { rows?: undefined; error: string } {
  const rows: string[] = [];
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { error: 'name the rows, e.g. A-J' };
  for (const part of parts) {
    const letters = /^([A-Za-z])\s*-\s*([A-Za-z])$/.exec(part);
    const numbers = /^([A-Za-z_.]*)(\d+)\s*-\s*([A-Za-z_.]*)(\d+)$/.exec(part);
    if (letters) {
      const [, first = '', last = ''] = letters;
      const [from, to] = [first.charCodeAt(0), last.charCodeAt(0)];
      if (to < from || first >= 'a' !== last >= 'a') return { error: `rows "${part}" run backwards` };
      for (let c = from; c <= to; c++) rows.push(String.fromCharCode(c));
    } else if (numbers && (numbers[3] === '' || numbers[3] === numbers[1])) {
      const [from, to] = [Number(numbers[2]), Number(numbers[4])];
      if (to < from) return { error: `rows "${part}" run backwards` };
      if (to - from >= MAX_RANGE) return { error: `rows "${part}" are too many` };
      for (let n = from; n <= to; n++) rows.push(`${numbers[1]}${n}`);
    } else if (LABEL.test(part)) {
      rows.push(part);
    } else {
      return { error: `rows "${part}" are not understood (use letters, digits, _ and . only)` };
    }
  }
  return { rows };
}

/**
 * Lines to a layout: lines with the same section name form one section. Returns {layout} or
 * {error} naming the line.
 */
export function linesToLayout(
  lines: readonly LayoutLine[],
): { layout: HallLayout; error?: undefined } | { layout?: undefined; error: string } {
  const sections = new Map<string, Section>();
  const seenRows = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const at = `Line ${i + 1}`;
    const name = line.section.trim();
    const category = line.category.trim();
    if (!name) return { error: `${at}: give the section a name` };
    if (!category) return { error: `${at}: give a category (e.g. regular)` };
    let section = sections.get(name);
    if (section && section.kind !== line.kind) return { error: `${at}: section ${name} mixes seats and standing` };
    if (line.kind === 'general') {
      if (section) return { error: `${at}: standing area ${name} appears twice` };
      const capacity = Number(line.capacity);
      if (!Number.isInteger(capacity) || capacity < 1)
        return { error: `${at}: capacity must be a whole number above 0` };
      sections.set(name, { name, kind: 'general', capacity, category });
      continue;
    }
    const parsed = parseRows(line.rows);
    if (parsed.error !== undefined) return { error: `${at}: ${parsed.error}` };
    const seats = Number(line.seats);
    if (!Number.isInteger(seats) || seats < 1 || seats > 500) return { error: `${at}: seats per row must be 1 to 500` };
    for (const row of parsed.rows) {
      if (seenRows.has(row)) return { error: `${at}: row ${row} is used twice in this hall` };
      seenRows.add(row);
    }
    if (!section) sections.set(name, (section = { name, kind: 'reserved', rows: [] }));
    if (section.kind === 'reserved') section.rows.push(...parsed.rows.map((row) => ({ row, seats, category })));
  }
  if (sections.size === 0) return { error: 'Add at least one line' };
  return { layout: { sections: [...sections.values()] } };
}

/** A layout as the seat map draws it: every seat available, standing areas full capacity. */
export function layoutPreview(layout: HallLayout): Pick<SeatMap, 'seats' | 'sections'> {
  const seats: SeatMap['seats'] = [];
  const sections: SeatMap['sections'] = [];
  const zero = { amount: 0, currency: 'EUR' };
  for (const s of layout.sections) {
    if (s.kind === 'general') {
      sections.push({
        section: s.name,
        kind: 'general',
        category: s.category,
        capacity: s.capacity,
        available: s.capacity,
      });
      continue;
    }
    let capacity = 0;
    for (const r of s.rows) {
      for (let n = 1; n <= r.seats; n++) {
        seats.push({
          seatId: `${r.row}-${n}`,
          section: s.name,
          row: r.row,
          number: n,
          category: r.category,
          price: zero,
          status: 'available',
        });
      }
      capacity += r.seats;
    }
    sections.push({
      section: s.name,
      kind: 'reserved',
      category: s.rows[0]?.category ?? '',
      capacity,
      available: capacity,
    });
  }
  return { seats, sections };
}
