import { renderAnswer } from '../render/assistant.js';
import type { Command } from './command.js';

export const askCommand: Command = {
  name: 'ask',
  usage: 'ask <question...>',
  summary: "ask the assistant (what's on, seats left, paying, refunds, the waitlist, your bookings)",
  details: [`e.g. showtime ask "what's on in Berlin tonight"   or   showtime ask seats left for concert_2025`],
  minArgs: 1,
  maxArgs: Number.POSITIVE_INFINITY,
  async run({ session, out, options }, words) {
    const answer = await session.api.ask(words.join(' '));
    if (options.json) {
      out.out(JSON.stringify(answer, null, 2));
      return;
    }
    for (const line of renderAnswer(answer, session.url, out.colors)) out.out(line);
  },
};
