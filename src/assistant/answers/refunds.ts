import { listUpcomingBookings } from '../../db/queries/show-facts.js';
import { decideRefund, defaultCancellationPolicy } from '../../policies/cancellation.js';
import { money } from '../../format/money.js';
import { showTime } from '../../format/show-time.js';
import { describePolicy } from '../format.js';
import { findShows } from '../show-ref.js';
import { cliCommand } from '../cli-command.js';
import type { AnswerContext, AssistantAction, AssistantReply } from '../types.js';

const MAX_BOOKINGS = 3;

/**
 * The refund rules: the named show's own policy, else the default one; for a signed-in customer,
 * what cancelling each upcoming booking would give back right now.
 */
export async function answerRefunds(ctx: AnswerContext): Promise<AssistantReply> {
  const { db, now, user } = ctx;
  const ref = await findShows(ctx, { limit: 1 });
  const show = ref.kind === 'ids' || ref.kind === 'title' ? ref.shows[0] : undefined;
  const lines: string[] = [];
  const actions: AssistantAction[] = [];

  if (show) {
    const when = showTime(show.startsAt, show.timeZone);
    lines.push(`For ${show.title} on ${when}: ${describePolicy(show.cancellationPolicy)}.`);
    const decision = decideRefund({
      policy: show.cancellationPolicy,
      startsAt: show.startsAt.getTime(),
      now: now.getTime(),
      total: 100,
    });
    lines.push(decision.ok ? `Cancelling now gives ${decision.percent}% back.` : `Right now: ${decision.detail}.`);
  } else {
    lines.push(
      `Each show has its own cancellation policy. Unless it says otherwise: ${describePolicy(defaultCancellationPolicy)}.`,
    );
  }
  lines.push(
    'Refunds go back to the card or PayPal account you paid with. If a show is cancelled, everyone gets a full refund.',
  );

  if (user) {
    const { items, total } = await listUpcomingBookings(db, user.userId, { now, limit: MAX_BOOKINGS });
    if (items.length === 0) lines.push('You have no upcoming bookings to cancel.');
    for (const b of items) {
      const paid = money(b.total.amount, b.total.currency);
      const decision = decideRefund({
        policy: b.cancellationPolicy,
        startsAt: b.startsAt.getTime(),
        now: now.getTime(),
        total: b.total.amount,
      });
      const label = `${b.title} on ${showTime(b.startsAt, b.timeZone)}`;
      if (decision.ok) {
        const back = money(decision.amount, b.total.currency);
        lines.push(`Your booking for ${label} (${paid}): cancelling now refunds ${back} (${decision.percent}%).`);
        actions.push(
          {
            label: `Cancel ${b.title} and get ${back} back`,
            kind: 'link',
            href: `/bookings/${encodeURIComponent(b.bookingId)}`,
          },
          { label: `Cancel ${b.title} in a terminal`, kind: 'command', command: cliCommand('cancel', b.bookingId) },
        );
      } else {
        lines.push(`Your booking for ${label} (${paid}) can no longer be cancelled: ${decision.detail}.`);
      }
    }
    if (total > items.length) lines.push(`You have ${total - items.length} more; see My bookings.`);
    actions.push({ label: 'My bookings', kind: 'link', href: '/my-bookings' });
  } else {
    lines.push('Log in and ask again to see what your own bookings would get back.');
    actions.push(
      { label: 'Log in', kind: 'link', href: '/login' },
      { label: 'My bookings', kind: 'link', href: '/my-bookings' },
    );
  }
  return { intent: 'refund_policy', reply: lines.join('\n'), actions };
}
