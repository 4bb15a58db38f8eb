import { describeError } from '../errors.js';
import { logIn, logOut, register } from './account.js';
import { askAssistant } from './ask.js';
import { bookShow } from './book.js';
import { cancelBooking, showBookings } from './bookings.js';
import { browse, checkSeats } from './browse.js';
import { showLoyalty, showNotifications, showPayments } from './commerce.js';
import type { MenuContext } from './context.js';
import { pickShow } from './pick-show.js';
import { PromptAborted, type Choice } from './prompter.js';

type Action =
  | 'browse'
  | 'seats'
  | 'book'
  | 'bookings'
  | 'cancel'
  | 'loyalty'
  | 'notifications'
  | 'payments'
  | 'ask'
  | 'register'
  | 'login'
  | 'logout'
  | 'quit';

function mainChoices(loggedIn: boolean): Choice<Action>[] {
  return [
    { name: 'Browse shows', value: 'browse' },
    { name: "Check a show's seats", value: 'seats' },
    { name: 'Book tickets', value: 'book' },
    { name: 'My bookings', value: 'bookings' },
    { name: 'Cancel a booking', value: 'cancel' },
    ...(loggedIn
      ? [
          { name: 'My points', value: 'loyalty' as const },
          { name: 'Notifications', value: 'notifications' as const },
          { name: 'Payments', value: 'payments' as const },
        ]
      : []),
    { name: 'Ask the assistant', value: 'ask' },
    ...(loggedIn
      ? [{ name: 'Log out', value: 'logout' as const }]
      : [
          { name: 'Register', value: 'register' as const },
          { name: 'Log in', value: 'login' as const },
        ]),
    { name: 'Quit', value: 'quit' },
  ];
}

async function perform(ctx: MenuContext, action: Exclude<Action, 'quit'>): Promise<void> {
  switch (action) {
    case 'browse':
      return browse(ctx);
    case 'seats':
      return checkSeats(ctx);
    case 'book': {
      const showId = await pickShow(ctx);
      return showId ? bookShow(ctx, showId) : undefined;
    }
    case 'bookings':
      return showBookings(ctx);
    case 'cancel':
      return cancelBooking(ctx);
    case 'loyalty':
      return showLoyalty(ctx);
    case 'notifications':
      return showNotifications(ctx);
    case 'payments':
      return showPayments(ctx);
    case 'ask':
      return askAssistant(ctx);
    case 'register':
      await register(ctx);
      return;
    case 'login':
      await logIn(ctx);
      return;
    case 'logout':
      return logOut(ctx);
  }
}

/**
 * The main menu until Quit, Ctrl-C or the end of input. A refusal from the server is shown and the
 * menu goes on: one failed step should not throw the person out.
 */
export async function runMenu(ctx: MenuContext): Promise<void> {
  const { colors } = ctx.out;
  try {
    for (;;) {
      const who = ctx.session.isLoggedIn() ? `logged in as ${ctx.session.email()}` : 'not logged in';
      ctx.out.out('');
      ctx.out.out(`${colors.bold('Showtime')} ${colors.dim(`· ${ctx.session.url} · ${who}`)}`);
      const action = await ctx.prompter.select('What would you like to do?', mainChoices(ctx.session.isLoggedIn()));
      if (action === 'quit') break;
      try {
        await perform(ctx, action);
      } catch (err) {
        if (err instanceof PromptAborted) throw err;
        ctx.out.out(colors.red(describeError(err)));
      }
    }
  } catch (err) {
    if (!(err instanceof PromptAborted)) throw err;
  } finally {
    ctx.prompter.close();
  }
  ctx.out.out('Bye.');
}
