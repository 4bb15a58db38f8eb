import { z } from '@hono/zod-openapi';
import { intents } from '../../assistant/index.js';

export const AssistantRequest = z
  .object({
    message: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .openapi({ description: 'A question in plain words', example: "what's on in Berlin tonight" }),
  })
  .openapi('AssistantRequest');

const LinkAction = z.object({
  label: z.string(),
  kind: z.literal('link'),
  href: z.string().openapi({ description: 'A page of the web site', example: '/shows/concert_2025' }),
});

const CommandAction = z.object({
  label: z.string(),
  kind: z.literal('command'),
  command: z.string().openapi({
    description: 'A command line of the terminal client, quoted for a shell',
    example: 'showtime book concert_2025 2',
  }),
});

export const AssistantAnswer = z
  .object({
    reply: z.string().openapi({ description: 'The answer, plain text; lines separated by \\n' }),
    actions: z.array(z.discriminatedUnion('kind', [LinkAction, CommandAction])).openapi({
      description: 'Suggested next steps: pages of the web site and terminal commands, never raw API calls',
    }),
    intent: z.enum(intents).openapi({ description: 'What the question was understood to be about' }),
  })
  .openapi('AssistantAnswer');
