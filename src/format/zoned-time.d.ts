/** Types for zoned-time.js, which stays plain JavaScript so the browser can load it as it is. */

export type Instant = Date | string | number;

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
}

export function canonicalTimeZone(zone: unknown): string | null;
export function wallClock(at: Instant, timeZone: string): WallClock;
export function zonedInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour?: number,
  minute?: number,
): number;
export function zoneName(at: Instant, timeZone: string): string;
export function showTime(at: Instant, timeZone: string): string;
export function showClock(at: Instant, timeZone: string): string;
export function viewerHint(at: Instant, venueZone: string, viewerZone: string): string | null;
export function localInputValue(at: Instant, timeZone: string): string;
export function fromLocalInput(
  value: string,
  timeZone: string,
): { ok: true; at: Date } | { ok: false; reason: 'invalid' | 'skipped' };
