import { z } from '@hono/zod-openapi';
import { IsoTime, pathId } from './common.js';

const methods = ['randomThenFifo', 'fifo', 'passthrough'] as const;
const states = ['closed', 'preQueue', 'admitting', 'paused', 'soldOut', 'ended'] as const;

export const RoomSettingsRequest = z
  .object({
    preQueueAt: z.iso.datetime({ offset: true }).openapi({ description: 'When joining opens (the pre-queue)' }),
    salesOpenAt: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'When admission starts; pre-queue joiners are shuffled then (randomThenFifo)' }),
    method: z.enum(methods).default('randomThenFifo').openapi({
      description:
        'randomThenFifo: the pre-queue in a random order at sales open, later arrivals in order; fifo: order of ' +
        'arrival; passthrough: everyone who joins is admitted at once',
    }),
    maxActive: z.number().int().min(1).max(1_000_000).openapi({ description: 'Admitted turns live at once, at most' }),
    admitPerMinute: z.number().int().min(1).max(1_000_000).openapi({ description: 'Admissions per minute, at most' }),
    turnMinutes: z.number().int().min(1).max(24 * 60).default(10).openapi({ description: 'How long a turn lasts' }),
  })
  .refine((s) => Date.parse(s.salesOpenAt) >= Date.parse(s.preQueueAt), {
    message: 'salesOpenAt must not be before preQueueAt',
    path: ['salesOpenAt'],
  })
  .openapi('RoomSettingsRequest');

export const RoomView = z
  .object({
    showId: z.string(),
    enabled: z.boolean().openapi({ description: 'Configured and not ended: holds need an admission token' }),
    state: z.enum(states),
    method: z.enum(methods).nullable(),
    preQueueAt: IsoTime.nullable(),
    salesOpenAt: IsoTime.nullable(),
    maxActive: z.number().int().nullable(),
    admitPerMinute: z.number().int().nullable(),
    turnMinutes: z.number().nullable(),
    queued: z.number().int(),
    active: z.number().int(),
    admittedTotal: z.number().int(),
    admittedLastMinute: z.number().int(),
  })
  .openapi('RoomView');

export const TicketView = z
  .object({
    ticketId: z.string().openapi({ description: 'The ticket number: its join order, stable for life' }),
    showId: z.string(),
    status: z.enum(['queued', 'admitted', 'done', 'soldOut', 'ended']),
    position: z.number().int().nullable().openapi({ description: '1 = next to be admitted; null unless queued' }),
    ahead: z.number().int(),
    admittedLastMinute: z.number().int(),
    estimatedWaitSeconds: z.number().int().nullable(),
    turnEndsAt: IsoTime.nullable(),
    admissionToken: z
      .string()
      .nullable()
      .openapi({ description: 'While admitted: send it as the Admission-Token header of hold requests' }),
    waitlistUrl: z.string().optional().openapi({ description: 'When sold out: join the waitlist there' }),
  })
  .openapi('QueueTicket');

export const RevokeRequest = z.object({ userId: z.string().min(1).max(100) }).openapi('RoomRevokeRequest');

export const TicketParams = z.object({
  showId: pathId('showId', 'concert_2025'),
  ticketId: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'a ticket number')
    .openapi({ param: { name: 'ticketId', in: 'path' }, example: '42' }),
});

export const TicketWaitQuery = z.object({
  waitSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(30)
    .default(0)
    .openapi({
      param: { name: 'waitSeconds', in: 'query' },
      description: 'Long poll: answer when the ticket changes or after this many seconds',
    }),
});

export const AdmissionHeader = z.object({
  'admission-token': z
    .string()
    .max(2048)
    .optional()
    .openapi({
      param: { name: 'admission-token', in: 'header' },
      description: 'While the show has a waiting room: the token of your admitted turn (GET .../queue/:ticketId)',
    }),
});

export const TicketEtagHeader = z.object({
  'if-none-match': z
    .string()
    .max(200)
    .optional()
    .openapi({
      param: { name: 'if-none-match', in: 'header' },
      description: 'The ETag of your last answer: a long poll then waits only while the ticket is unchanged since',
    }),
});
