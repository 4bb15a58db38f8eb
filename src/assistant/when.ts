import { localDayStart, wallClock, zonedInstant } from './local-time.js';
import { hasPhrase } from './normalise.js';
import type { TimeWindow, WhenPhrase } from './types.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_SHORT = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Month names and their usual abbreviations ("sept" too). */
function monthOf(word: string): number | null {
  if (word === 'sept') return 9;
  const i = MONTHS.findIndex((m) => m === word || (word.length >= 3 && m.startsWith(word) && word.length <= 4));
  return i >= 0 ? i + 1 : null;
}

const ORDINAL = /^(\d{1,2})(st|nd|rd|th)?$/;

function dayNumber(word: string | undefined): number | null {
  const m = word === undefined ? null : ORDINAL.exec(word);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 31 ? n : null;
}

function yearNumber(word: string | undefined): number | null {
  return word !== undefined && /^20\d\d$/.test(word) ? Number(word) : null;
}

/** Words that only say when; the topic of a question never includes them. */
export const WHEN_WORDS = new Set([
  'today',
  'tonight',
  'tomorrow',
  'tmrw',
  'weekend',
  'week',
  'evening',
  'this',
  'next',
  ...WEEKDAYS,
  ...WEEKDAYS.map((d) => `${d}s`),
  ...MONTHS,
]);

/** A calendar date written in the message: `2030-06-01`, `1/6/2030`, `1 june`, `june 1st`, `1st of june`. */
function parseDate(words: string[]): WhenPhrase | undefined {
  for (const [i, w] of words.entries()) {
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(w);
    if (m) return { kind: 'date', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    // Day first, as written in Europe and India, where the demo cities are.
    m = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?$/.exec(w);
    if (m) return { kind: 'date', year: m[3] ? Number(m[3]) : null, month: Number(m[2]), day: Number(m[1]) };

    const month = monthOf(w);
    if (month === null) continue;
    const before = words[i - 1] === 'of' ? words[i - 2] : words[i - 1];
    const dayBefore = dayNumber(before);
    if (dayBefore !== null) return { kind: 'date', year: yearNumber(words[i + 1]), month, day: dayBefore };
    const dayAfter = dayNumber(words[i + 1]);
    if (dayAfter !== null) return { kind: 'date', year: yearNumber(words[i + 2]), month, day: dayAfter };
  }
  return undefined;
}

/** When a normalised message is about, if it says. The first phrase that matches wins. */
export function parseWhen(text: string): WhenPhrase | undefined {
  if (hasPhrase(text, 'tonight') || hasPhrase(text, 'this evening')) return { kind: 'tonight' };
  if (hasPhrase(text, 'tomorrow') || hasPhrase(text, 'tmrw')) return { kind: 'tomorrow' };
  if (hasPhrase(text, 'today')) return { kind: 'today' };
  if (hasPhrase(text, 'weekend')) return { kind: 'weekend' };
  if (hasPhrase(text, 'this week') || hasPhrase(text, 'next 7 days') || hasPhrase(text, 'coming days')) {
    return { kind: 'week' };
  }
  const words = text.split(' ');
  const date = parseDate(words);
  if (date) return date;
  for (const w of words) {
    const day = WEEKDAYS.indexOf(w.replace(/s$/, ''));
    const short = WEEKDAY_SHORT.indexOf(w);
    if (day >= 0) return { kind: 'weekday', weekday: day };
    if (short >= 0 && w !== 'sat' && w !== 'sun') return { kind: 'weekday', weekday: short };
  }
  return undefined;
}

const EVENING_HOUR = 17;

/**
 * The window a phrase means at `now` in `timeZone`. Windows never start before `now`: a show that
 * already began is not on any more. "Tonight" is from 17:00 (or now, if later) to midnight.
 */
export function resolveWhen(phrase: WhenPhrase, now: Date, timeZone: string): TimeWindow {
  const nowMs = now.getTime();
  const dayStart = (days: number) => localDayStart(nowMs, timeZone, days);
  const window = (from: number, to: number, label: string): TimeWindow => ({
    from: new Date(Math.max(from, nowMs)),
    to: new Date(to - 1),
    label,
  });
  const today = wallClock(nowMs, timeZone);
  switch (phrase.kind) {
    case 'today':
      return window(nowMs, dayStart(1), 'today');
    case 'tonight': {
      const evening = zonedInstant(timeZone, today.year, today.month, today.day, EVENING_HOUR);
      return window(evening, dayStart(1), 'tonight');
    }
    case 'tomorrow':
      return window(dayStart(1), dayStart(2), 'tomorrow');
    case 'weekend': {
      // Saturday and Sunday; on a weekend day, what is left of this one.
      const untilSaturday = (6 - today.weekday + 7) % 7;
      const start = today.weekday === 0 ? 0 : untilSaturday;
      const end = today.weekday === 0 ? 1 : untilSaturday + 2;
      return window(dayStart(start), dayStart(end), 'this weekend');
    }
    case 'week':
      return window(nowMs, dayStart(7), 'in the next 7 days');
    case 'weekday': {
      const ahead = (phrase.weekday - today.weekday + 7) % 7;
      const label = ahead === 0 ? 'today' : `on ${capitalise(WEEKDAYS[phrase.weekday]!)}`;
      return window(dayStart(ahead), dayStart(ahead + 1), label);
    }
    case 'date': {
      // Without a year, the next time that date comes round (today included).
      let year = phrase.year ?? today.year;
      const endOf = (y: number) => zonedInstant(timeZone, y, phrase.month, phrase.day + 1);
      if (phrase.year === null && endOf(year) <= nowMs) year += 1;
      const start = zonedInstant(timeZone, year, phrase.month, phrase.day);
      const label = `on ${phrase.day} ${capitalise(MONTHS[phrase.month - 1] ?? '')} ${year}`;
      return window(start, endOf(year), label);
    }
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Whether a parsed date exists on the calendar (no 31 June). */
export function isRealDate(phrase: WhenPhrase): boolean {
  if (phrase.kind !== 'date') return true;
  if (phrase.month < 1 || phrase.month > 12) return false;
  const d = new Date(Date.UTC(phrase.year ?? 2000, phrase.month - 1, phrase.day));
  return d.getUTCMonth() === phrase.month - 1 && d.getUTCDate() === phrase.day;
}
