import { findShows } from '../show-ref.js';
import { cliCommand } from '../cli-command.js';
import type { AnswerContext, AssistantAction, AssistantReply } from '../types.js';
import { showActions } from './show-lines.js';

/** How booking and paying work, with the built-in test gateway's cards; the named show's next steps. */
export async function answerHowToPay(ctx: AnswerContext): Promise<AssistantReply> {
  const ref = await findShows(ctx, { limit: 1 });
  const show = ref.kind === 'ids' || ref.kind === 'title' ? ref.shows[0] : undefined;
  const lines = [
    'Booking takes two steps: hold seats (the best available, or the ones you pick on the seat map), then pay ' +
      'to confirm them. A hold keeps the seats for a few minutes; the countdown shows how long.',
    'You can pay by card or PayPal. This is a demo shop with a test gateway: card 4242 4242 4242 4242 ' +
      '(any future expiry, any CVC) is accepted, 4000 0000 0000 0002 is declined, and any PayPal account email works.',
    'Your tickets, each with a QR code, are ready as soon as the payment goes through.',
  ];
  if (!ctx.user) lines.push('You need an account to book: register or log in first.');
  if (show) lines.push(`Ready for ${show.title}? Open its seat map or hold seats below.`);

  const actions: AssistantAction[] = [
    ...(show ? showActions(show, ctx.now) : [{ label: "Browse what's on", kind: 'link' as const, href: '/' }]),
    show
      ? {
          label: 'Hold and pay in a terminal (the test card)',
          kind: 'command',
          command: cliCommand('book', show.showId, 2),
        }
      : { label: 'Find a show in a terminal', kind: 'command', command: cliCommand('list') },
  ];
  if (!ctx.user) {
    actions.push(
      { label: 'Log in', kind: 'link', href: '/login' },
      { label: 'Register', kind: 'link', href: '/register' },
    );
  }
  return { intent: 'how_to_pay', reply: lines.join('\n'), actions };
}
