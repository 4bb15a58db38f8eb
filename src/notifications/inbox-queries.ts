import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { notifications, type NotificationRow } from '../db/schema/index.js';

export interface InboxPage {
  items: NotificationRow[];
  /** Unread notifications in total, whatever the page shows. */
  unread: number;
}

/** A user's notifications, newest first; `before` pages back by creation time. */
export async function listNotifications(
  db: Executor,
  userId: string,
  opts: { unreadOnly: boolean; limit: number; before?: Date },
): Promise<InboxPage> {
  const mine = eq(notifications.userId, userId);
  const [items, [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(
        and(
          mine,
          opts.unreadOnly ? isNull(notifications.readAt) : undefined,
          opts.before ? lt(notifications.createdAt, opts.before) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(opts.limit),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return { items, unread: unread?.n ?? 0 };
}

/** Marks one of the user's notifications read (again is fine); false when the user has no such notification. */
export async function markNotificationRead(db: Executor, userId: string, notificationId: string): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllNotificationsRead(db: Executor, userId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
