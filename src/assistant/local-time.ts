/**
 * Wall-clock time in a city's time zone. "Tonight in Berlin" means Berlin's evening, whatever zone
 * the server runs in; Intl knows the zones and their daylight-saving rules, so nothing is hard-coded
 * but which zone a city is in.
 */
import { wallClock as zonedWallClock, zonedInstant, type WallClock as ZonedWallClock } from '../format/show-time.js';

/** Zones of cities the assistant may be asked about, by folded city name or id; others count as UTC. */
const CITY_ZONES: Record<string, string> = {
  berlin: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  munich: 'Europe/Berlin',
  munchen: 'Europe/Berlin',
  cologne: 'Europe/Berlin',
  koln: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  vienna: 'Europe/Vienna',
  zurich: 'Europe/Zurich',
  amsterdam: 'Europe/Amsterdam',
  brussels: 'Europe/Brussels',
  paris: 'Europe/Paris',
  lyon: 'Europe/Paris',
  madrid: 'Europe/Madrid',
  barcelona: 'Europe/Madrid',
  rome: 'Europe/Rome',
  milan: 'Europe/Rome',
  london: 'Europe/London',
  manchester: 'Europe/London',
  edinburgh: 'Europe/London',
  dublin: 'Europe/Dublin',
  lisbon: 'Europe/Lisbon',
  mumbai: 'Asia/Kolkata',
  pune: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  'new york': 'America/New_York',
  tokyo: 'Asia/Tokyo',
};

export function cityTimeZone(city: { cityId: string; name: string } | undefined): string {
  if (!city) return 'UTC';
  return CITY_ZONES[city.name.toLowerCase()] ?? CITY_ZONES[city.cityId.toLowerCase()] ?? 'UTC';
}

// The inverse of the wall clock is the show-time formatter's, so the assistant reads a zone as every
// other face writes it.
export { zonedInstant };

export type WallClock = Omit<ZonedWallClock, 'second'>;

/** The wall clock in `timeZone` at an instant, to the minute. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const { second: _second, ...rest } = zonedWallClock(ms, timeZone);
  return rest;
}

/** The first instant of the local day `days` after the one `ms` falls on. */
export function localDayStart(ms: number, timeZone: string, days = 0): number {
  const w = wallClock(ms, timeZone);
  return zonedInstant(timeZone, w.year, w.month, w.day + days);
}
