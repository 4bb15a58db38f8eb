import { z } from '@hono/zod-openapi';

export const Health = z.object({ status: z.literal('ok') }).openapi('Health');

export const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.boolean(),
      migrations: z.boolean(),
      ring: z.boolean().openapi({ description: 'This node holds a renewed lease and is in the ring' }),
    }),
  })
  .openapi('Readiness');
