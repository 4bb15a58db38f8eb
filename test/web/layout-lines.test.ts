import { describe, expect, it } from 'vitest';

interface LayoutLines {
  parseRows(spec: string): { rows?: string[]; error?: string };
  linesToLayout(lines: Record<string, string>[]): { layout?: { sections: unknown[] }; error?: string };
}

// A browser module (checked by tsconfig.client.json), loaded by path so the server's type check leaves it out.
const modulePath: string = '../../src/http/web/assets/js/layout-lines.js';
const { parseRows, linesToLayout } = (await import(modulePath)) as LayoutLines;

const line = (over: Record<string, string>) => ({
  section: 'Stalls',
  kind: 'reserved',
  rows: 'A',
  seats: '10',
  capacity: '',
  category: 'regular',
  ...over,
});

describe('venue layout lines', () => {
  it('reads row specs: letter ranges, numbered ranges with a prefix, lists', () => {
    expect(parseRows('A-C')).toEqual({ rows: ['A', 'B', 'C'] });
    expect(parseRows('P1-P3, 7')).toEqual({ rows: ['P1', 'P2', 'P3', '7'] });
    expect(parseRows('1-3')).toEqual({ rows: ['1', '2', '3'] });
    expect(parseRows('C-A').error).toMatch(/backwards/);
    expect(parseRows('A-').error).toMatch(/not understood/);
    expect(parseRows(' ').error).toMatch(/name the rows/);
  });

  it('merges lines of one section and keeps standing areas apart', () => {
    const result = linesToLayout([
      line({ rows: 'A-B', category: 'premium' }),
      line({ rows: 'C', seats: '12' }),
      line({ section: 'Standing', kind: 'general', capacity: '300', category: 'standing' }),
    ]);
    expect(result).toEqual({
      layout: {
        sections: [
          {
            name: 'Stalls',
            kind: 'reserved',
            rows: [
              { row: 'A', seats: 10, category: 'premium' },
              { row: 'B', seats: 10, category: 'premium' },
              { row: 'C', seats: 12, category: 'regular' },
            ],
          },
          { name: 'Standing', kind: 'general', capacity: 300, category: 'standing' },
        ],
      },
    });
  });

  it('names the line that is wrong', () => {
    expect(linesToLayout([line({}), line({ section: 'Balcony', rows: 'A' })]).error).toBe(
      'Line 2: row A is used twice in this hall',
    );
    expect(linesToLayout([line({ seats: '0' })]).error).toBe('Line 1: seats per row must be 1 to 500');
    expect(linesToLayout([line({ kind: 'general', capacity: '' })]).error).toMatch(/^Line 1: capacity/);
    expect(linesToLayout([]).error).toBe('Add at least one line');
  });
});
