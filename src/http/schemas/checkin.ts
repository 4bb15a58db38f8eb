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
