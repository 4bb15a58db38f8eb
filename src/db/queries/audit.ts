import { count, desc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { adminAuditLog, type AdminAuditRow } from '../schema/support.js';

export interface AdminAction {
  adminUserId: string;
  /** `<target>.<verb>`, e.g. `venue.create`, `ticket.checkin`. */
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/** Appends one entry; pass the transaction of the change when there is one, so both commit together. */
export async function recordAdminAction(db: Executor, entry: AdminAction): Promise<void> {
  await db.insert(adminAuditLog).values({ ...entry, details: entry.details ?? {} });
}

export interface AuditPage {
  entries: AdminAuditRow[];
  total: number;
}

/** Entries newest first, optionally of one action. */
export async function listAdminActions(
  db: Executor,
  filter: { action?: string; page: number; pageSize: number },
): Promise<AuditPage> {
  const where = filter.action === undefined ? undefined : eq(adminAuditLog.action, filter.action);
  const [entries, [counted]] = await Promise.all([
    db
      .select()
      .from(adminAuditLog)
      .where(where)
      .orderBy(desc(adminAuditLog.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(adminAuditLog).where(where),
  ]);
  return { entries, total: counted?.total ?? 0 };
}
