import type { Seat, SeatMap, SeatStatus } from '../api/types.js';
import type { Colors } from '../output.js';
import { renderTable } from './table.js';

const glyphs: Record<SeatStatus, string> = { available: '○', held: '◐', booked: '●' };

function glyph(status: SeatStatus, c: Colors): string {
  const g = glyphs[status];
  if (status === 'available') return c.green(g);
  if (status === 'held') return c.yellow(g);
  return c.dim(c.red(g));
}

export function seatLegend(c: Colors): string {
  return `${glyph('available', c)} available  ${glyph('held', c)} held  ${glyph('booked', c)} booked`;
}

interface RowGroup {
  section: string;
  row: string;
  categories: Set<string>;
  seats: Seat[];
}

/** Rows in the server's order (front rows first), each with its seats ordered by number. */
function groupRows(seats: Seat[]): RowGroup[] {
  const rows = new Map<string, RowGroup>();
  for (const seat of seats) {
    const key = `${seat.section}\u0000${seat.row}`;
    let group = rows.get(key);
    if (!group) {
      group = { section: seat.section, row: seat.row, categories: new Set(), seats: [] };
      rows.set(key, group);
    }
    group.categories.add(seat.category);
    group.seats.push(seat);
  }
  for (const g of rows.values()) g.seats.sort((a, b) => a.number - b.number);
  return [...rows.values()];
}

/**
 * The seat map as one line per row: a strip with a glyph per seat and the row's counts. Long rows
 * wrap so a stadium stand stays readable in 80 columns.
 */
export function renderSeatMap(map: SeatMap, c: Colors, width = 100): string[] {
  const lines: string[] = [];
  const rows = groupRows(map.seats);
  const stripWidth = Math.max(10, Math.min(60, width - 50));
  const sections = [...new Set(rows.map((r) => r.section))];
  for (const section of sections) {
    const sectionRows = rows.filter((r) => r.section === section);
    lines.push(c.bold(section));
    const tableRows: string[][] = [];
    for (const r of sectionRows) {
      const count = (s: SeatStatus) => String(r.seats.filter((seat) => seat.status === s).length);
      const strips = chunk(r.seats, stripWidth).map((part) => part.map((seat) => glyph(seat.status, c)).join(''));
      const first = r.seats[0]?.number ?? 1;
      const last = r.seats[r.seats.length - 1]?.number ?? first;
      tableRows.push([
        r.row,
        [...r.categories].join('/'),
        `${first}-${last}`,
        strips[0] ?? '',
        count('available'),
        count('held'),
        count('booked'),
      ]);
      for (const more of strips.slice(1)) tableRows.push(['', '', '', more, '', '', '']);
    }
    lines.push(
      ...renderTable(
        [
          { header: 'Row' },
          { header: 'Category' },
          { header: 'Seats' },
          { header: 'Map' },
          { header: 'Free', align: 'right' },
          { header: 'Held', align: 'right' },
          { header: 'Booked', align: 'right' },
        ],
        tableRows,
        c.dim,
      ).map((l) => `  ${l}`),
    );
    lines.push('');
  }
  const general = map.sections.filter((s) => s.kind === 'general');
  if (general.length > 0) {
    lines.push(c.bold('General admission'));
    lines.push(
      ...renderTable(
        [{ header: 'Section' }, { header: 'Category' }, { header: 'Capacity', align: 'right' }, { header: 'Free', align: 'right' }],
        general.map((s) => [s.section, s.category ?? '', String(s.capacity), String(s.available)]),
        c.dim,
      ).map((l) => `  ${l}`),
    );
    lines.push('');
  }
  if (rows.length > 0) lines.push(seatLegend(c));
  return lines;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
