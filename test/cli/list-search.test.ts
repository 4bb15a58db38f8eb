import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/db/seed/demo.js';
import { runCli, startCliServer, type CliServer } from './harness.js';

describe('list with the seed’s search parameters', { timeout: 90_000 }, () => {
  let server: CliServer;
  let config: string;
  const cli = (args: string[]) => runCli(['--url', server.url, ...args], { configPath: config });

  beforeAll(async () => {
    server = await startCliServer();
    await seedDemo(server.app.tdb.db, { now: new Date() });
    config = join(server.dir, 'config.json');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lists shows near a place within a radius, nearest first, with a Km column', async () => {
    // Berlin Hauptbahnhof: the ICE leaves from here; Kino Lichtburg in Kreuzberg is about 4.6 km away.
    const [near, wider] = await Promise.all([
      cli(['list', '--near', '52.5251,13.3694', '--radius', '3']),
      cli(['list', '--near', '52.5251,13.3694', '--radius', '6', '--json']),
    ]);
    expect(near.code).toBe(0);
    const [header, , ...lines] = near.stdout.trim().split('\n');
    expect(header).toMatch(/City\s+Km\s+Free$/);
    const km = lines.map((l) => Number(l.trim().split(/\s+/).at(-2)));
    expect(km.length).toBeGreaterThan(0);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(Math.max(...km)).toBeLessThanOrEqual(3);
    expect(near.stdout).toContain('ICE Sprinter');
    expect(near.stdout).not.toContain('Kino Lichtburg');
    const rows = JSON.parse(wider.stdout) as { show: { venue: { name: string }; distanceKm: number } }[];
    expect(rows.some((r) => r.show.venue.name === 'Kino Lichtburg')).toBe(true);
    expect(rows.every((r) => r.show.distanceKm <= 6)).toBe(true);
  });

  it('filters by postal code and date, and sorts by two keys', async () => {
    const byPostcode = await cli(['list', '--postal-code', 'SE1', '--sort', 'name,date,asc']);
    expect(byPostcode.code).toBe(0);
    expect(byPostcode.stdout).toMatch(/Riverside Picturehouse|Southbank Concert Hall/);
    expect(byPostcode.stdout).not.toMatch(/Berlin|Mumbai|Paris/);
    expect(byPostcode.stdout).not.toMatch(/\bKm\b/);
    const none = await cli(['list', '--from', '2001-01-01', '--to', '2001-01-02']);
    expect(none.stdout.trim()).toBe('No upcoming shows.');
  });

  it('says what was probably meant when a keyword is misspelt', async () => {
    const r = await cli(['list', '--q', 'Beethovn']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Classic Night: Beethoven & Brahms');
    expect(r.stderr).toContain('Did you mean "beethoven"? showtime list --q "beethoven"');
  });

  it('refuses a malformed place or a radius without one, with exit code 2', async () => {
    const [badNear, lonelyRadius, badRadius] = await Promise.all([
      cli(['list', '--near', 'Berlin']),
      cli(['list', '--radius', '5']),
      cli(['list', '--near', '52.5,13.4', '--radius', 'far']),
    ]);
    expect([badNear.code, lonelyRadius.code, badRadius.code]).toEqual([2, 2, 2]);
    expect(badNear.stderr).toContain('--near must be <latitude>,<longitude>');
    expect(lonelyRadius.stderr).toContain('--radius needs --near');
    expect(badRadius.stderr).toContain('--radius must be a number');
  });
});
