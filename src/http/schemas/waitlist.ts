import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

export const JoinWaitlistRequest = z
  .object({
    quantity: z.number().int().min(1),
    category: z.string().min(1).max(64).optional(),
    section: z.string().min(1).max(64).optional(),
  })
  .openapi('JoinWaitlistRequest');

export const WaitlistJoined = z
  .object({ entryId: z.string(), position: z.number().int(), status: z.literal('waiting') })
  .openapi('WaitlistJoined');

export const WaitlistEntry = z
  .object({
    entryId: z.string(),
    showId: z.string(),
    status: z.enum(['waiting', 'offered', 'fulfilled', 'expired', 'unsatisfiable', 'cancelled']),
    position: z
      .number()
      .int()
      .nullable()
      .openapi({ description: '1-based place among waiting entries; null once not waiting' }),
    quantity: z.number().int(),
    expiresAt: IsoTime,
    offer: z
      .object({ holdId: z.string(), seats: z.array(z.string()), expiresAt: IsoTime })
      .optional()
      .openapi({ description: 'A hold made for you: confirm it like any hold' }),
  })
  .openapi('WaitlistEntry');

export const WaitQuery = z.object({
  waitSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(0)
    .openapi({
      param: { name: 'waitSeconds', in: 'query' },
      description: 'Seconds to wait for a change while the entry is waiting (0, the default, answers at once)',
    }),
});
