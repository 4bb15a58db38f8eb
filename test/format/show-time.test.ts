import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  fromLocalInput,
  localInputValue,
  showTime,
  viewerHint,
  zoneName,
} from '../../src/format/show-time.js';

describe('show times on the venue clock', () => {
  it('writes the day, the time and the zone as people name it, summer time included', () => {
    expect(showTime('2026-12-19T18:00:00Z', 'Europe/Berlin')).toBe('Sat 19 Dec, 19:00 CET');
    expect(showTime('2026-07-18T17:00:00Z', 'Europe/Berlin')).toBe('Sat 18 Jul, 19:00 CEST');
    expect(showTime('2026-12-19T01:45:00Z', 'Asia/Kolkata')).toBe('Sat 19 Dec, 07:15 IST');
    expect(showTime('2026-07-18T18:00:00Z', 'Europe/London')).toBe('Sat 18 Jul, 19:00 BST');
    expect(showTime('2026-09-01T23:30:00Z', 'UTC')).toBe('Tue 1 Sep, 23:30 UTC');
    // A zone with no short name people use keeps its offset.
    expect(zoneName('2026-12-19T00:00:00Z', 'Asia/Tokyo')).toBe('GMT+9');
  });

  it("adds the viewer's time only when their clock reads differently", () => {
    expect(viewerHint('2026-12-19T01:45:00Z', 'Asia/Kolkata', 'Europe/Berlin')).toBe('02:45 CET your time');
    expect(viewerHint('2026-12-19T18:00:00Z', 'Europe/Berlin', 'Europe/Paris')).toBeNull();
    expect(viewerHint('2026-12-18T23:30:00Z', 'Europe/Berlin', 'UTC')).toBe('Fri 18 Dec, 23:30 UTC your time');
  });

  it('turns a venue-local time into the right instant across daylight-saving changes', () => {
    // London and Berlin change on the same instant (01:00 UTC, 28 March 2027), at different local hours.
    expect(fromLocalInput('2027-03-27T19:00', 'Europe/London')).toEqual({
      ok: true,
      at: new Date('2027-03-27T19:00:00Z'),
    });
    expect(fromLocalInput('2027-03-28T19:00', 'Europe/London')).toEqual({
      ok: true,
      at: new Date('2027-03-28T18:00:00Z'),
    });
    expect(fromLocalInput('2027-03-28T19:00', 'Europe/Berlin')).toEqual({
      ok: true,
      at: new Date('2027-03-28T17:00:00Z'),
    });
    expect(fromLocalInput('2027-01-10T19:00', 'Asia/Kolkata')).toEqual({
      ok: true,
      at: new Date('2027-01-10T13:30:00Z'),
    });
    // The hour the clocks skip does not exist; an hour that happens twice is the second one.
    expect(fromLocalInput('2027-03-28T01:30', 'Europe/London')).toEqual({ ok: false, reason: 'skipped' });
    expect(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin')).toEqual({
      ok: true,
      at: new Date('2026-10-25T01:30:00Z'),
    });
    expect(fromLocalInput('2027-02-30T19:00', 'Europe/Berlin')).toEqual({ ok: false, reason: 'invalid' });
    expect(fromLocalInput('tomorrow', 'Europe/Berlin')).toEqual({ ok: false, reason: 'invalid' });
    expect(localInputValue('2027-03-28T18:00:00Z', 'Europe/London')).toBe('2027-03-28T19:00');
  });

  it('knows IANA zones by their canonical names and nothing else', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});
