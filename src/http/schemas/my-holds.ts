import { z } from '@hono/zod-openapi';
import { IsoTime, Money } from './common.js';

const ShowOf = {
  showId: z.string(),
  title: z.string().openapi({ description: 'The event’s title' }),
  startsAt: IsoTime.openapi({ description: 'When the show starts' }),
  path: z.string().openapi({
    description: 'The web page where the customer acts on it (pays, accepts the offer)',
    example: '/shows/show_123',
  }),
};

export const MyHold = z
  .object({
    holdId: z.string(),
    ...ShowOf,
    status: z.enum(['held', 'paying', 'offered']).openapi({
      description:
        'offered: a waitlist offer (a hold made for you: accept and pay it like a hold); paying: a payment is in flight',
    }),
    seats: z.array(z.string()),
    quantity: z.number().int(),
    section: z.string().optional(),
    expiresAt: IsoTime.openapi({ description: 'Pay before this (UTC)' }),
    total: Money,
    entryId: z.string().optional().openapi({ description: 'The waitlist entry an offer was made to' }),
    holdPath: z.string().openapi({
      description: 'The hold in the API: GET it, POST .../confirm to pay, DELETE to release',
      example: '/api/shows/show_123/holds/hold_456',
    }),
  })
  .openapi('MyHold');

export const MyHolds = z.object({ items: z.array(MyHold) }).openapi('MyHolds');

export const MyWaitlistEntry = z
  .object({
    entryId: z.string(),
    ...ShowOf,
    status: z.enum(['waiting', 'offered']),
    position: z
      .number()
      .int()
      .nullable()
      .openapi({ description: '1-based place among the show’s waiting entries; null once offered' }),
    quantity: z.number().int(),
    category: z.string().optional(),
    section: z.string().optional(),
    expiresAt: IsoTime.openapi({ description: 'The wait ends then if no seats were offered' }),
    offer: z
      .object({ holdId: z.string(), seats: z.array(z.string()), expiresAt: IsoTime, total: Money })
      .optional()
      .openapi({ description: 'A hold made for you: confirm it like any hold before it expires' }),
  })
  .openapi('MyWaitlistEntry');

export const MyWaitlist = z.object({ items: z.array(MyWaitlistEntry) }).openapi('MyWaitlist');
