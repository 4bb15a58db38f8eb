import { cliCommand } from '../cli-command.js';
import type { AnswerContext, AssistantAction, AssistantReply } from '../types.js';

const WHAT_I_KNOW = [
  'I can answer:',
  `- what's on: "what's on in Berlin tonight", "films in London this weekend", "concerts in Paris on 14 June"`,
  '- seats left: "seats left for concert_2025", "any tickets for Classic Night?"',
  '- booking and paying: "how do I pay?"',
  '- refunds and cancelling: "can I get a refund?"',
  '- the waitlist: "how does the waitlist work for concert_2025?"',
  '- prices: "cheapest tickets for The Last Orbit"',
  '- your bookings: "my bookings" (when you are logged in)',
].join('\n');

function suggestions(ctx: AnswerContext): AssistantAction[] {
  const city = ctx.cities[0];
  return [
    { label: "Browse what's on", kind: 'link', href: '/' },
    ...(city
      ? [
          {
            label: `What's on in ${city.name}`,
            kind: 'link' as const,
            href: `/?city=${encodeURIComponent(city.cityId)}`,
          },
        ]
      : []),
    { label: 'Ask in a terminal: how do I pay?', kind: 'command', command: cliCommand('ask', 'how do I pay?') },
  ];
}

/** The fallback: what the assistant can do, with examples. */
export function answerHelp(ctx: AnswerContext): AssistantReply {
  const hello = ctx.user?.name ? `Hi ${ctx.user.name}! ` : 'Hi! ';
  const unsure =
    ctx.question.text === '' || /\b(help|hi|hello|hey|hallo|hiya)\b/.test(ctx.question.text)
      ? ''
      : "I didn't catch that. ";
  return { intent: 'help', reply: `${unsure}${hello}${WHAT_I_KNOW}`, actions: suggestions(ctx) };
}

/** Opening hours, as far as an online box office has them, and what else to ask. */
export function answerOpeningHours(ctx: AnswerContext): AssistantReply {
  return {
    intent: 'opening_hours',
    reply:
      "The online box office never closes: you can book any time until a show's sales close, usually when it starts. " +
      "Venues open their doors shortly before the show (typically 30 to 60 minutes); your ticket's QR code gets you in.\n" +
      WHAT_I_KNOW,
    actions: suggestions(ctx),
  };
}
