import { describe, expect, it } from 'vitest';
import { cityTimeZone, localDayStart, wallClock, zonedInstant } from '../../src/assistant/local-time.js';

describe('local time', () => {
  it('knows the zones of the demo cities and treats unknown ones as UTC', () => {
    expect(cityTimeZone({ cityId: 'berlin', name: 'Berlin' })).toBe('Europe/Berlin');
    expect(cityTimeZone({ cityId: 'mumbai', name: 'Mumbai' })).toBe('Asia/Kolkata');
    expect(cityTimeZone({ cityId: 'x1', name: 'London' })).toBe('Europe/London');
    expect(cityTimeZone({ cityId: 'testville', name: 'Testville' })).toBe('UTC');
    expect(cityTimeZone(undefined)).toBe('UTC');
  });

  it('reads the wall clock of an instant in a zone, weekday included', () => {
    // 2030-03-10 is a Sunday; 22:30 UTC is already Monday in Mumbai (UTC+5:30).
    const at = Date.parse('2030-03-10T22:30:00Z');
    expect(wallClock(at, 'Europe/Berlin')).toEqual({ year: 2030, month: 3, day: 10, hour: 23, minute: 30, weekday: 0 });
    expect(wallClock(at, 'Asia/Kolkata')).toEqual({ year: 2030, month: 3, day: 11, hour: 4, minute: 0, weekday: 1 });
  });

  it('finds the instant of a wall-clock time, in winter, in summer and across month ends', () => {
    expect(new Date(zonedInstant('Europe/Berlin', 2030, 1, 15, 20, 30)).toISOString()).toBe('2030-01-15T19:30:00.000Z');
    expect(new Date(zonedInstant('Europe/Berlin', 2030, 7, 15, 20, 30)).toISOString()).toBe('2030-07-15T18:30:00.000Z');
    expect(new Date(zonedInstant('Asia/Kolkata', 2030, 1, 32)).toISOString()).toBe('2030-01-31T18:30:00.000Z');
  });

  it('starts days at local midnight, also on the days the clocks change', () => {
    // Berlin springs forward on 2030-03-31 and falls back on 2030-10-27: those days last 23 and 25 hours.
    const spring = Date.parse('2030-03-31T12:00:00Z');
    expect(new Date(localDayStart(spring, 'Europe/Berlin')).toISOString()).toBe('2030-03-30T23:00:00.000Z');
    expect(new Date(localDayStart(spring, 'Europe/Berlin', 1)).toISOString()).toBe('2030-03-31T22:00:00.000Z');
    const autumn = Date.parse('2030-10-27T12:00:00Z');
    expect(localDayStart(autumn, 'Europe/Berlin', 1) - localDayStart(autumn, 'Europe/Berlin')).toBe(25 * 3_600_000);
  });
});
