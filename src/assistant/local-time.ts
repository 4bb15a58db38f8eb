/**
 * Wall-clock time in a city's time zone. "Tonight in Berlin" means Berlin's evening, whatever zone
 * the server runs in; Intl knows the zones and their daylight-saving rules, so nothing is hard-coded
 * but which zone a city is in.
 */

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

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function fields(ms: number, timeZone: string): WallClock & { second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(ms)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  return {
    year,
    month,
    day,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The wall clock in `timeZone` at an instant. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const { second: _second, ...rest } = fields(ms, timeZone);
  return rest;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const f = fields(ms, timeZone);
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - wholeSeconds;
}

/**
 * The instant a wall-clock time occurs in `timeZone`. Day, hour and minute may overflow (day 32 is
 * the 1st of the next month). A time skipped by a daylight-saving jump lands just after the jump.
 */
export function zonedInstant(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at a first guess is right unless a zone change lies in between; a second pass settles it.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** The first instant of the local day `days` after the one `ms` falls on. */
export function localDayStart(ms: number, timeZone: string, days = 0): number {
  const w = wallClock(ms, timeZone);
  return zonedInstant(timeZone, w.year, w.month, w.day + days);
}
