import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { apiKeys, apiKeyUsage, type ApiKeyRow } from '../schema/api-keys.js';

export interface NewApiKey {
  id: string;
  keyHash: string;
  prefix: string;
  name: string;
  userId: string;
  quotaPerHour: number;
}

export interface ApiKeyWithUsage extends ApiKeyRow {
  /** Requests counted in the current hour window (the database's clock). */
  usedThisHour: number;
}

/** Stores a new key; only its hash is kept. */
export async function insertApiKey(db: Executor, key: NewApiKey): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(key).returning();
  return row!;
}

export async function countActiveApiKeys(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  return row?.n ?? 0;
}

/** A user's keys that still work, oldest first, each with this hour's usage. */
export async function listActiveApiKeys(db: Executor, userId: string): Promise<ApiKeyWithUsage[]> {
  return selectWithUsage(db)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/** Every key for an admin, revoked ones too, newest first; optionally one user's. */
export async function listAllApiKeys(
  db: Executor,
  filter: { userId?: string; limit: number },
): Promise<ApiKeyWithUsage[]> {
  return selectWithUsage(db)
    .where(filter.userId === undefined ? undefined : eq(apiKeys.userId, filter.userId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(filter.limit);
}

export async function findApiKey(db: Executor, keyId: string): Promise<ApiKeyWithUsage | null> {
  const [row] = await selectWithUsage(db).where(eq(apiKeys.id, keyId));
  return row ?? null;
}

function selectWithUsage(db: Executor) {
  return db
    .select({
      id: apiKeys.id,
      keyHash: apiKeys.keyHash,
      prefix: apiKeys.prefix,
      name: apiKeys.name,
      userId: apiKeys.userId,
      quotaPerHour: apiKeys.quotaPerHour,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
      usedThisHour: sql<number>`coalesce(${apiKeyUsage.count}, 0)`.mapWith(Number),
    })
    .from(apiKeys)
    .leftJoin(
      apiKeyUsage,
      and(eq(apiKeyUsage.keyId, apiKeys.id), eq(apiKeyUsage.windowStart, sql`date_trunc('hour', now())`)),
    )
    .$dynamic();
}

/** Revokes one of the user's live keys; false when there is no such live key of theirs. */
export async function revokeApiKey(db: Executor, userId: string, keyId: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** An admin's change of one key's hourly quota; false when the key does not exist. */
export async function setApiKeyQuota(db: Executor, keyId: string, quotaPerHour: number): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ quotaPerHour })
    .where(eq(apiKeys.id, keyId))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export type MeterResult =
  | { ok: true; keyId: string; userId: string; quotaPerHour: number; used: number; resetInMs: number }
  | { ok: false; reason: 'unknown_or_revoked' };

/**
 * Finds a live key by its hash and counts one request in its current hour window, in one statement
 * so every node of a cluster counts into the same row. The window follows the database's clock, so
 * nodes with skewed clocks still agree on when an hour starts.
 */
export async function meterApiKey(db: Executor, keyHash: string): Promise<MeterResult> {
  const rows = await db.execute<{
    key_id: string;
    user_id: string;
    quota_per_hour: number;
    used: number;
    reset_in_ms: string;
  }>(sql`
    with live as (
      select id, user_id, quota_per_hour from ${apiKeys}
      where key_hash = ${keyHash} and revoked_at is null
    ), counted as (
      insert into ${apiKeyUsage} (key_id, window_start, count)
      select id, date_trunc('hour', now()), 1 from live
      on conflict (key_id, window_start) do update set count = ${apiKeyUsage}.count + 1
      returning key_id, window_start, count
    )
    select live.id as key_id, live.user_id, live.quota_per_hour, counted.count as used,
      (extract(epoch from counted.window_start + interval '1 hour' - now()) * 1000)::bigint as reset_in_ms
    from live join counted on counted.key_id = live.id`);
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown_or_revoked' };
  return {
    ok: true,
    keyId: row.key_id,
    userId: row.user_id,
    quotaPerHour: row.quota_per_hour,
    used: Number(row.used),
    resetInMs: Math.max(0, Number(row.reset_in_ms)),
  };
}

/**
 * Deletes the hour windows that began more than `keepHours` before the current one (the database's
 * clock, as the meter's); returns how many. Only the current window counts toward a quota.
 */
export async function pruneApiKeyUsage(db: Executor, keepHours: number): Promise<number> {
  const rows = await db
    .delete(apiKeyUsage)
    .where(sql`${apiKeyUsage.windowStart} < date_trunc('hour', now()) - make_interval(hours => ${keepHours})`)
    .returning({ keyId: apiKeyUsage.keyId });
  return rows.length;
}
