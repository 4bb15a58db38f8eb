import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/idempotency.js';
import { ApiError } from './errors.js';

export interface IdempotentRequest {
  userId: string;
  /** The Idempotency-Key header, if sent. */
  key: string | undefined;
  /** Method and path, e.g. "POST /api/shows/s1/holds": a key is bound to one operation. */
  scope: string;
  /**
   * The validated body; hashed canonically so key order and spacing do not matter. Leave out what
   * must not be kept in any form (card numbers, CVCs): the hash is stored.
   */
  body: unknown;
  /** How long a key is remembered; an older one counts as unused. Default 24 hours. */
  retentionMs?: number;
}

export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export interface StoredResponse<T> {
  status: 200 | 201;
  body: T;
}

/** JSON with object keys sorted, so equal bodies hash equally whatever order the client wrote them in. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function hashBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * Runs `work` at most once per (user, key) as far as the client can tell.
 *
 * The key's row is inserted before the work with a fresh resourceId (the id the work will create, e.g.
 * the holdId). A repeat with a stored response replays it. A repeat that finds the row without a
 * response (the first attempt crashed, or is still running) does the work again with the same
 * resourceId: the actor refuses a second hold with that id, so the work is never done twice. A first
 * attempt that fails with a client error created nothing, so its row is dropped and the key is free
 * again. Without a key the work simply runs with a fresh id.
 */
export async function idempotent<T>(
  db: Db,
  req: IdempotentRequest,
  work: (resourceId: string, retried: boolean) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T>> {
  if (req.key === undefined) return work(randomUUID(), false);
  const requestHash = hashBody(req.body);
  const fresh = { scope: req.scope, requestHash, resourceId: randomUUID() };
  const retentionMs = req.retentionMs ?? DEFAULT_IDEMPOTENCY_RETENTION_MS;
  // A key past its retention is taken over as if new, whether or not pruning has removed it yet.
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ userId: req.userId, key: req.key, ...fresh })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: { ...fresh, statusCode: null, response: null, createdAt: sql`now()` },
      setWhere: lt(idempotencyKeys.createdAt, sql`now() - ${retentionMs} * interval '1 millisecond'`),
    })
    .returning();
  const row =
    inserted ??
    (
      await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, req.userId), eq(idempotencyKeys.key, req.key)))
    )[0];
  if (!row) throw new Error('idempotency row vanished');
  if (row.scope !== req.scope || row.requestHash !== requestHash) {
    throw new ApiError('idempotency_key_reused', 422, 'This Idempotency-Key was already used for a different request');
  }
  if (row.statusCode !== null) return { status: row.statusCode as 200 | 201, body: row.response as T };

  const keyOf = and(eq(idempotencyKeys.userId, req.userId), eq(idempotencyKeys.key, req.key));
  let result: StoredResponse<T>;
  try {
    result = await work(row.resourceId, !inserted);
  } catch (err) {
    if (inserted && err instanceof ApiError && err.status < 500) await db.delete(idempotencyKeys).where(keyOf);
    throw err;
  }
  // The first finished attempt wins; a later one never overwrites what a client may already have seen.
  await db
    .update(idempotencyKeys)
    .set({ statusCode: result.status, response: result.body })
    .where(and(keyOf, isNull(idempotencyKeys.statusCode)));
  return result;
}

/** Deletes the keys older than `olderThan`; returns how many. */
export async function pruneIdempotencyKeys(db: Db, olderThan: Date): Promise<number> {
  const deleted = await db.execute(
    sql`delete from ${idempotencyKeys} where ${idempotencyKeys.createdAt} < ${olderThan.toISOString()}::timestamptz`,
  );
  return deleted.count;
}

/**
 * Prunes expired keys now and then every `everyMs` (an hour by default), so the table holds only
 * the retention window. Returns the function that stops it.
 */
export function startIdempotencyPruning(opts: {
  db: Db;
  retentionMs: number;
  now: () => number;
  log: { warn(obj: object, msg: string): void };
  everyMs?: number;
}): () => void {
  const prune = () =>
    void pruneIdempotencyKeys(opts.db, new Date(opts.now() - opts.retentionMs)).catch((err: unknown) =>
      opts.log.warn({ err }, 'pruning idempotency keys failed'),
    );
  prune();
  const timer = setInterval(prune, opts.everyMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
