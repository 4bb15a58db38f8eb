import { findShows } from '../show-ref.js';
import type { AnswerContext, AssistantReply } from '../types.js';
import { availabilityLine, showActions, showHeadline } from './show-lines.js';
import { answerWhatsOn } from './whats-on.js';

const MAX_SHOWS = 3;

/** Seats left for the show the question names, or the next shows of the event it names. */
export async function answerSeatsLeft(ctx: AnswerContext): Promise<AssistantReply> {
  const ref = await findShows(ctx, { limit: MAX_SHOWS });
  switch (ref.kind) {
    case 'none':
      // "Any seats left in Berlin tonight?" names no show, but the listing answers it with counts.
      if (ctx.question.city || ctx.question.when || ctx.question.category) {
        return { ...(await answerWhatsOn(ctx)), intent: 'seats_left' };
      }
      return {
        intent: 'seats_left',
        reply:
          'Which show do you mean? Give me its id (like concert_2025) or the title of the event, ' +
          'for example "seats left for Classic Night".',
        actions: [{ label: "Browse what's on", kind: 'link', href: '/' }],
      };
    case 'unknown':
      return {
        intent: 'seats_left',
        reply: `I could not find a show matching "${ref.asked}". Try its id (like concert_2025) or the event's title.`,
        actions: [{ label: "Browse what's on", kind: 'link', href: '/' }],
      };
    case 'title':
      if (ref.shows.length === 0) {
        return {
          intent: 'seats_left',
          reply: `${ref.title} has no upcoming show${ctx.question.when || ctx.question.city ? ' then and there' : ''}.`,
          actions: [{ label: ref.title, kind: 'link', href: `/events/${encodeURIComponent(ref.eventId)}` }],
        };
      }
      break;
    case 'ids':
      break;
  }
  const intro = ref.kind === 'title' && ref.shows.length > 1 ? `The next shows of ${ref.title}:\n` : '';
  return {
    intent: 'seats_left',
    reply: intro + ref.shows.map((s) => `${showHeadline(s)}: ${availabilityLine(s, ctx.now)}.`).join('\n'),
    // Every action for the first show; the seat map of the others.
    actions: ref.shows.flatMap((s, i) => (i === 0 ? showActions(s, ctx.now) : showActions(s, ctx.now).slice(0, 1))),
  };
}
