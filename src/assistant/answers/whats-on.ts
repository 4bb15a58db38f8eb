import { getEventDetails, searchEvents, type EventSearch, type ShowListing } from '../../db/queries/catalog-search.js';
import { plural } from '../../format/plural.js';
import { showTime } from '../../format/show-time.js';
import { categoryNames } from '../format.js';
import { cityTimeZone } from '../local-time.js';
import { cliCommand } from '../cli-command.js';
import type { AnswerContext, AssistantAction, AssistantReply, TimeWindow } from '../types.js';
import { resolveWhen } from '../when.js';

/** Events looked at, and shows listed: a chat answer, not the whole programme (the listing has that). */
const MAX_EVENTS = 8;
const MAX_SHOWS = 8;

interface Listed extends ShowListing {
  title: string;
}

/**
 * What is on: the catalog search for the city, category, day and any title words, then the shows of
 * the events found that fall in the window, soonest first, with seats left.
 */
export async function answerWhatsOn(ctx: AnswerContext): Promise<AssistantReply> {
  const { db, now, question, cities } = ctx;
  const { city, category } = question;
  const cityList = cities.map((c) => c.name).join(', ');
  if (!city && question.unknownCity) {
    return {
      intent: 'whats_on',
      reply: `I have no shows in "${question.unknownCity}". We sell tickets in ${cityList}.`,
      actions: cities.map((c) => ({
        label: `What's on in ${c.name}`,
        kind: 'link',
        href: `/?city=${encodeURIComponent(c.cityId)}`,
      })),
    };
  }

  const timeZone = cityTimeZone(city);
  const window = question.when ? resolveWhen(question.when, now, timeZone) : undefined;
  const search: EventSearch = {
    now,
    city: city?.cityId,
    category,
    from: window?.from,
    to: window?.to,
    sort: 'date',
    page: 1,
    pageSize: MAX_EVENTS,
  };
  const words = question.topic.join(' ');
  let found = words ? await searchEvents(db, { ...search, q: words }) : undefined;
  // Leftover words are often no title at all ("what's on in Berlin tonight, darling"): then list everything.
  const ignoredWords = found !== undefined && found.total === 0;
  if (!found || ignoredWords) found = await searchEvents(db, search);

  const shows: Listed[] = [];
  for (const event of found.items) {
    const details = await getEventDetails(db, event.eventId, { now, city: city?.cityId });
    for (const s of details?.shows ?? []) {
      if (s.state === 'cancelled' || !inWindow(s.startsAt, window)) continue;
      shows.push({ ...s, title: event.title });
    }
  }
  shows.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.showId.localeCompare(b.showId));
  const listed = shows.slice(0, MAX_SHOWS);
  const items = listed.map((s) => {
    const place = city ? `${s.venue.name}, ${s.hall.name}` : `${s.venue.name} (${s.city.name})`;
    return { show: s, text: `${showTime(s.startsAt, s.timeZone)}: ${s.title} at ${place}, ${seatsLeft(s, now)}` };
  });

  const where = city ? ` in ${city.name}` : '';
  const what = category ? categoryNames[category] : 'shows';
  const when = window?.label ?? 'coming up';
  const lines: string[] = [];
  if (ignoredWords) lines.push(`Nothing matched "${words}", so here is everything.`);
  if (listed.length === 0) {
    lines.push(`I found no ${what}${where} ${when}.${window ? ' Try another day, or "this weekend".' : ''}`);
  } else {
    lines.push(`${capitalise(what)}${where} ${when}${city ? '' : ' (local times)'}:`);
    for (const item of items) lines.push(`- ${item.text}`);
    if (shows.length > listed.length || found.total > found.items.length) {
      lines.push('There is more: see the full listing.');
    }
  }
  if (!city && cities.length > 0) lines.push(`Tell me a city to narrow it down: ${cityList}.`);

  return { intent: 'whats_on', reply: lines.join('\n'), actions: actions(ctx, items) };
}

function inWindow(startsAt: string, window: TimeWindow | undefined): boolean {
  if (!window) return true;
  const at = new Date(startsAt);
  return at >= window.from && at <= window.to;
}

function seatsLeft(s: ShowListing, now: Date): string {
  if (s.state?.startsWith('scheduled') || (s.state === null && s.salesOpenAt && new Date(s.salesOpenAt) > now)) {
    return 'sales not open yet';
  }
  return s.availableSeats > 0 ? `${plural(s.availableSeats, 'seat')} left` : 'no seat free right now (waitlist open)';
}

/** Each listed show's link has its line's words, so the site shows one list, not the lines and then their links. */
function actions(ctx: AnswerContext, items: { show: Listed; text: string }[]): AssistantAction[] {
  const { city, category } = ctx.question;
  const page = new URLSearchParams();
  const list: string[] = [];
  if (city) {
    page.set('city', city.cityId);
    list.push('--city', city.name);
  }
  if (category) {
    page.set('category', category);
    list.push('--category', category);
  }
  const query = (p: URLSearchParams) => (p.toString() ? `?${p}` : '');
  return [
    ...items.map(({ show, text }): AssistantAction => ({
      label: text,
      kind: 'link',
      href: `/shows/${encodeURIComponent(show.showId)}`,
    })),
    { label: 'The full listing', kind: 'link', href: `/${query(page)}` },
    { label: 'The listing in a terminal', kind: 'command', command: cliCommand('list', ...list) },
  ];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
