import { listCities } from '../db/queries/catalog-search.js';
import { answerHelp, answerOpeningHours } from './answers/help.js';
import { answerHowToPay } from './answers/how-to-pay.js';
import { answerMyBookings } from './answers/my-bookings.js';
import { answerPrices } from './answers/prices.js';
import { answerRefunds } from './answers/refunds.js';
import { answerSeatsLeft } from './answers/seats-left.js';
import { answerWaitlist } from './answers/waitlist.js';
import { answerWhatsOn } from './answers/whats-on.js';
import { readQuestion } from './intents.js';
import type { AnswerContext, AskingUser, AssistantDeps, AssistantReply } from './types.js';

export interface Assistant {
  ask(message: string, user?: AskingUser): Promise<AssistantReply>;
}

async function answer(ctx: AnswerContext): Promise<AssistantReply> {
  switch (ctx.question.intent) {
    case 'whats_on':
      return answerWhatsOn(ctx);
    case 'seats_left':
      return answerSeatsLeft(ctx);
    case 'how_to_pay':
      return answerHowToPay(ctx);
    case 'refund_policy':
      return answerRefunds(ctx);
    case 'waitlist':
      return answerWaitlist(ctx);
    case 'my_bookings':
      return answerMyBookings(ctx);
    case 'prices':
      return answerPrices(ctx);
    case 'opening_hours':
      return answerOpeningHours(ctx);
    case 'help':
      return answerHelp(ctx);
  }
}

/**
 * The customer assistant: keyword rules read the question, then one answerer per intent replies
 * from live data (catalog search, published seat counts, policies, the asker's bookings). No outside
 * service is called; time comes from the injected clock.
 */
export function createAssistant(deps: AssistantDeps): Assistant {
  return {
    async ask(message, user) {
      const cities = await listCities(deps.db);
      const question = readQuestion(message, { cities });
      return answer({ db: deps.db, now: new Date(deps.clock.now()), question, cities, user });
    },
  };
}
