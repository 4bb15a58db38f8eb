import { findShows } from '../show-ref.js';
import type { AnswerContext, AssistantReply } from '../types.js';
import { availabilityLine, saleStatus, showActions, showHeadline } from './show-lines.js';

/** How the waitlist works, and where the named show's waitlist stands. */
export async function answerWaitlist(ctx: AnswerContext): Promise<AssistantReply> {
  const ref = await findShows(ctx, { limit: 1 });
  const show = ref.kind === 'ids' || ref.kind === 'title' ? ref.shows[0] : undefined;
  const lines = [
    'When every seat is sold or held, you can join the waitlist for the number of seats you need. It is strictly ' +
      'first come, first served: seats that free up go to the first person waiting, as an offer (a hold made for ' +
      'you) that you pay for like any hold within a few minutes. A place on the list lasts up to an hour.',
  ];
  if (!show) {
    lines.push('Tell me which show (its id, like concert_2025, or its title) and I will tell you where it stands.');
    return {
      intent: 'waitlist',
      reply: lines.join('\n'),
      actions: [{ label: "Browse what's on", kind: 'link', href: '/' }],
    };
  }
  const status = saleStatus(show, ctx.now);
  lines.push(`${showHeadline(show)}: ${availabilityLine(show, ctx.now)}.`);
  if (status === 'on_sale') lines.push('Seats are free right now, so there is no need to wait: hold them instead.');
  if (show.waitlistLength > 0 && status !== 'on_sale') lines.push(`${show.waitlistLength} waiting so far.`);
  return { intent: 'waitlist', reply: lines.join('\n'), actions: showActions(show, ctx.now) };
}
