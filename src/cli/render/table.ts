/** Visible width: colour codes take no room on screen. */
const ansi = /\x1b\[[0-9;]*m/g;

export function visibleWidth(s: string): number {
  return [...s.replace(ansi, '')].length;
}

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Aligned columns with a header and a rule, two spaces apart: readable in a terminal and easy to cut
 * apart in a script (every row is one line).
 */
export function renderTable(columns: Column[], rows: string[][], style: (header: string) => string = (h) => h): string[] {
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    style(line(columns.map((c) => c.header))),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
}
