import { listUpcomingBookings } from '../../db/queries/show-facts.js';
import { money } from '../../format/money.js';
import { plural } from '../../format/plural.js';
import { showTime } from '../../format/show-time.js';
import { cliCommand } from '../cli-command.js';
import type { AnswerContext, AssistantAction, AssistantReply } from '../types.js';

const MAX_BOOKINGS = 5;

/** The signed-in customer's upcoming bookings; anyone else is asked to log in. */
export async function answerMyBookings(ctx: AnswerContext): Promise<AssistantReply> {
  const { user } = ctx;
  if (!user) {
    return {
      intent: 'my_bookings',
      reply: 'I can show your bookings once you are logged in. Log in (or register) and ask me again.',
      actions: [
        { label: 'Log in', kind: 'link', href: '/login' },
        { label: 'Register', kind: 'link', href: '/register' },
      ],
    };
  }
  const { items, total } = await listUpcomingBookings(ctx.db, user.userId, { now: ctx.now, limit: MAX_BOOKINGS });
  const hello = user.name ? `${user.name}, ` : '';
  const described = items.map((b) => {
    const seats = b.seats.length > 0 ? ` (${b.seats.join(', ')})` : b.section ? ` (${b.section})` : '';
    const text = `${showTime(b.startsAt, b.timeZone)}: ${b.title} at ${b.venue} (${b.city.name}), ${plural(b.quantity, 'seat')}${seats}, ${money(b.total.amount, b.total.currency)}`;
    return { booking: b, text };
  });
  // Each booking's link has its line's words, so the site shows one list, not the lines and then their links.
  const actions: AssistantAction[] = described.map(({ booking, text }) => ({
    label: text,
    kind: 'link',
    href: `/bookings/${encodeURIComponent(booking.bookingId)}`,
  }));
  actions.push(
    { label: 'My bookings', kind: 'link', href: '/my-bookings' },
    { label: 'My bookings in a terminal', kind: 'command', command: cliCommand('bookings') },
  );
  if (items.length === 0) {
    return {
      intent: 'my_bookings',
      reply: `${hello}you have no upcoming bookings. Ask me what's on, for example "what's on in Berlin this weekend".`,
      actions,
    };
  }
  const lines = [`${hello}your upcoming ${total === 1 ? 'booking' : `bookings (${total})`}:`];
  for (const { text } of described) lines.push(`- ${text}`);
  if (total > items.length) lines.push(`and ${total - items.length} more under My bookings.`);
  return { intent: 'my_bookings', reply: lines.join('\n'), actions };
}
