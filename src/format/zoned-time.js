// Show times on the venue's clock. Plain JavaScript so that one file serves the server (emails, the
// assistant, the CLI) and the browser (served as /assets/js/zoned-time.js): every face writes a show's
// time the same way. Intl knows the zones and their daylight-saving rules; nothing here hard-codes one.

const partFormats = new Map();
const zoneNameFormats = new Map();

function cached(map, key, make) {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function partsFormat(timeZone) {
  return cached(
    partFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function toMs(at) {
  return typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/**
 * The zone as stored (`europe/berlin` -> `Europe/Berlin`), or null if Intl knows no such zone. A
 * current name stays as given: ICU resolves `Asia/Kolkata` to its old alias `Asia/Calcutta`.
 */
export function canonicalTimeZone(zone) {
  if (typeof zone !== 'string' || zone.trim() === '') return null;
  const given = zone.trim();
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: given }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === given.toLowerCase() ? resolved : given;
  } catch {
    return null;
  }
}

/** The wall clock in `timeZone` at an instant: month 1-12, weekday 0 = Sunday. */
export function wallClock(at, timeZone) {
  const parts = {};
  for (const p of partsFormat(timeZone).formatToParts(toMs(at))) parts[p.type] = p.value;
  const year = Number(parts.year);
  // Numbers, not names: CLDR spells September "Sep" or "Sept" depending on its version.
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

function offsetAt(ms, timeZone) {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time occurs in `timeZone`. Day, hour and minute may overflow (day 32 is
 * the 1st of the next month). A time skipped by a daylight-saving jump lands just after the jump; a
 * time that happens twice (clocks going back) is the second one.
 */
export function zonedInstant(timeZone, year, month, day, hour = 0, minute = 0) {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at a first guess is right unless a zone change lies in between; a second pass settles it.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** Short zone names people know where one exists (CET, BST, IST, EDT); else the offset (GMT+9). */
const NAME_LOCALES = ['en-GB', 'en-US', 'en-IN', 'en-AU'];
const OFFSET_NAME = /^(GMT|UTC)[+\-\u2212]/;

/** The zone's name at an instant: "CET" in winter and "CEST" in summer for Europe/Berlin. */
export function zoneName(at, timeZone) {
  const ms = toMs(at);
  let fallback = null;
  for (const locale of NAME_LOCALES) {
    const f = cached(
      zoneNameFormats,
      `${locale} ${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }),
    );
    const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!OFFSET_NAME.test(name)) return name;
    fallback ??= name.replace('\u2212', '-');
  }
  return fallback ?? timeZone;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

function dayLabel(w) {
  return `${WEEKDAYS[w.weekday]} ${w.day} ${MONTHS[w.month - 1]}`;
}

function clockLabel(w) {
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** A show's time on the venue's clock with the zone named: "Sat 19 Dec, 19:00 CET". */
export function showTime(at, timeZone) {
  const w = wallClock(at, timeZone);
  return `${dayLabel(w)}, ${clockLabel(w)} ${zoneName(at, timeZone)}`;
}

/** Only the time of day on the venue's clock: "19:00 CET". */
export function showClock(at, timeZone) {
  return `${clockLabel(wallClock(at, timeZone))} ${zoneName(at, timeZone)}`;
}

/**
 * The same instant on the viewer's clock, for a hint beside the venue's time, or null when the two
 * clocks read the same (a Parisian looking at a Berlin show needs no hint). The day is named only
 * when it differs from the venue's: "02:45 CET your time", "Fri 18 Dec, 23:30 GMT your time".
 */
export function viewerHint(at, venueZone, viewerZone) {
  const venue = wallClock(at, venueZone);
  const viewer = wallClock(at, viewerZone);
  if (dayLabel(venue) === dayLabel(viewer) && clockLabel(venue) === clockLabel(viewer)) return null;
  const day = dayLabel(venue) === dayLabel(viewer) ? '' : `${dayLabel(viewer)}, `;
  return `${day}${clockLabel(viewer)} ${zoneName(at, viewerZone)} your time`;
}

/** An instant as a `datetime-local` input's value on the venue's clock: "2026-12-19T19:00". */
export function localInputValue(at, timeZone) {
  const w = wallClock(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/**
 * A venue-local wall-clock time ("2026-12-19T19:00", as a `datetime-local` input gives it) as an
 * instant. `{ ok: false, reason: 'skipped' }` when that time does not exist on the venue's clock
 * (clocks jump forward over it), so a form can say so instead of storing an hour the admin never
 * typed; `'invalid'` when the text is no such time.
 */
export function fromLocalInput(value, timeZone) {
  const m = LOCAL_INPUT.exec(typeof value === 'string' ? value.trim() : '');
  if (!m) return { ok: false, reason: 'invalid' };
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59)
    return { ok: false, reason: 'invalid' };
  const at = zonedInstant(timeZone, year, month, day, hour, minute);
  const w = wallClock(at, timeZone);
  if (w.year !== year || w.month !== month || w.day !== day) return { ok: false, reason: 'invalid' };
  if (w.hour !== hour || w.minute !== minute) return { ok: false, reason: 'skipped' };
  return { ok: true, at: new Date(at) };
}
