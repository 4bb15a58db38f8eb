import { z } from '@hono/zod-openapi';
import { OUTBOX_TOPICS } from '../../notifications/topics.js';
import { IsoTime } from './common.js';

export const Topic = z.enum(OUTBOX_TOPICS).openapi({ example: 'booking.confirmed' });

export const NotificationsQuery = z.object({
  unreadOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ param: { name: 'unreadOnly', in: 'query' }, description: 'Only notifications not yet read' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'At most this many (1-100, default 20)' }),
  before: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({
      param: { name: 'before', in: 'query' },
      description: 'Only notifications created before this time: pass the last item\'s createdAt for the next page',
      example: '2030-01-01T19:30:00.000Z',
    }),
});

export const NotificationParams = z.object({
  notificationId: z.uuid().openapi({ param: { name: 'notificationId', in: 'path' } }),
});

export const Notification = z
  .object({
    notificationId: z.string(),
    topic: Topic,
    title: z.string().openapi({ example: 'Booking confirmed: Beethoven 9' }),
    body: z.string(),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'The facts behind it: bookingId, showId, amounts, ...' }),
    createdAt: IsoTime,
    readAt: IsoTime.nullable(),
  })
  .openapi('Notification');

export const NotificationList = z
  .object({
    items: z.array(Notification),
    unread: z.number().int().openapi({ description: 'Unread notifications in total' }),
  })
  .openapi('NotificationList');
