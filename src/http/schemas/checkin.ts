import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

export const CheckinRequest = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(512)
      .openapi({ description: 'The signed ticket code, as read from the QR image', example: 'tkt_1.Q2x0b3ZlcnMgYWRtaXQ' }),
    showId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'The show this door admits to; send this or showIds', example: 'concert_2025' }),
    showIds: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "The door's shows, when it admits to several at once" }),
  })
  .check((ctx) => {
    if ((ctx.value.showId === undefined) === (ctx.value.showIds === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['showId'],
        message: 'send exactly one of showId or showIds: a door admits only to its own shows',
      });
    }
  })
  .openapi('CheckinRequest');

export const CheckinResult = z
  .object({
    ticketId: z.string(),
    bookingId: z.string(),
    showId: z.string(),
    seatId: z.string(),
    admittedAt: IsoTime,
    status: z.literal('admitted'),
  })
  .openapi('CheckinResult');
