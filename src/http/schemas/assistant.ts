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

const ApiAction = z.object({
  label: z.string(),
  kind: z.literal('api'),
  method: z.enum(['GET', 'POST', 'DELETE']),
  path: z.string().openapi({
    description: 'An API path; a {placeholder} such as {holdId} is a value only the client knows',
    example: '/api/shows/concert_2025/holds',
  }),
  body: z
    .unknown()
    .optional()
    .openapi({ description: 'The JSON body to send, if any', example: { quantity: 2 } }),
});

export const AssistantAnswer = z
  .object({
    reply: z.string().openapi({ description: 'The answer, plain text; lines separated by \\n' }),
    actions: z.array(z.discriminatedUnion('kind', [LinkAction, ApiAction])).openapi({
      description: 'Suggested next steps',
    }),
    intent: z.enum(intents).openapi({ description: 'What the question was understood to be about' }),
  })
  .openapi('AssistantAnswer');
