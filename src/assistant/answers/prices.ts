import type { ShowFacts } from '../../db/queries/show-facts.js';
import { money } from '../../format/money.js';
import { cliCommand } from '../cli-command.js';
import { findShows } from '../show-ref.js';
import type { AnswerContext, AssistantAction, AssistantReply } from '../types.js';
import { availabilityLine, saleStatus, showHeadline } from './show-lines.js';

/** Shows compared: the next few of an event are where the cheapest seat usually is; the page has the rest. */
const MAX_SHOWS = 4;

type Category = ShowFacts['categories'][number];

/** "regular €9.50 (80 left), premium €14.00 (sold out)": cheapest first, with what is left of each. */
function priceList(show: ShowFacts): string {
  return [...show.categories]
    .sort((a, b) => a.price - b.price || a.category.localeCompare(b.category))
    .map(
      (c) => `${c.category} ${money(c.price, show.currency)} (${c.available > 0 ? `${c.available} left` : 'sold out'})`,
    )
    .join(', ');
}

/** The cheapest category with a seat left, across the shows on sale. */
function cheapest(shows: ShowFacts[], now: Date): { show: ShowFacts; category: Category } | undefined {
  let best: { show: ShowFacts; category: Category } | undefined;
  for (const show of shows) {
    if (saleStatus(show, now) !== 'on_sale') continue;
    for (const category of show.categories) {
      if (category.available === 0) continue;
      if (!best || category.price < best.category.price) best = { show, category };
    }
  }
  return best;
}

/** What tickets cost: the named show's or event's next shows, each category cheapest first with seats left. */
export async function answerPrices(ctx: AnswerContext): Promise<AssistantReply> {
  const ref = await findShows(ctx, { limit: MAX_SHOWS });
  const browse: AssistantAction = { label: "Browse what's on", kind: 'link', href: '/' };
  switch (ref.kind) {
    case 'none':
      return {
        intent: 'prices',
        reply:
          'Which show do you mean? Give me the title of the event or a show id, for example ' +
          '"cheapest tickets for The Last Orbit" or "prices for concert_2025".',
        actions: [browse],
      };
    case 'unknown':
      return {
        intent: 'prices',
        reply: `I could not find a show matching "${ref.asked}". Try the event's title or the show's id.`,
        actions: [browse],
      };
    case 'title':
      if (ref.shows.length === 0) {
        return {
          intent: 'prices',
          reply: `${ref.title} has no upcoming show${ctx.question.when || ctx.question.city ? ' then and there' : ''}.`,
          actions: [{ label: ref.title, kind: 'link', href: `/events/${encodeURIComponent(ref.eventId)}` }],
        };
      }
      break;
    case 'ids':
      break;
  }

  const shows = ref.shows;
  const title = ref.kind === 'title' ? ref.title : shows[0]!.title;
  const best = cheapest(shows, ctx.now);
  const lines = [
    best
      ? `The cheapest tickets for ${title}: ${best.category.category} at ${money(best.category.price, best.show.currency)}` +
        ` (${best.category.available} left) on ${showHeadline(best.show)}.`
      : `No seat of ${title} is on sale right now.`,
  ];
  // Each line is also the link to its show, so the site shows one list, not the lines and then their links.
  const items = shows.map((s) => ({
    show: s,
    text: `${showHeadline(s)}: ${saleStatus(s, ctx.now) === 'on_sale' ? priceList(s) : availabilityLine(s, ctx.now)}`,
  }));
  if (shows.length > 1) lines.push(`Prices of the next ${shows.length} shows, cheapest first:`);
  for (const item of items) lines.push(`- ${item.text}`);

  const actions: AssistantAction[] = items.map((item) => ({
    label: item.text,
    kind: 'link',
    href: `/shows/${encodeURIComponent(item.show.showId)}`,
  }));
  if (best) {
    actions.push({
      label: `Book 2 ${best.category.category} seats in a terminal`,
      kind: 'command',
      command: cliCommand('book', best.show.showId, 2, '--category', best.category.category),
    });
  }
  if (ref.kind === 'title') {
    actions.push({ label: `Every show of ${title}`, kind: 'link', href: `/events/${encodeURIComponent(ref.eventId)}` });
  }
  return { intent: 'prices', reply: lines.join('\n'), actions };
}
