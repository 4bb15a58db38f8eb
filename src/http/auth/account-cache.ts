import type { Db } from '../../db/client.js';
import { findAccountState, type AccountState } from '../../db/queries/sessions.js';

export interface AccountCache {
  /** The account as the database has it, at most `ttlMs` old; null when it no longer exists. */
  get(userId: string): AccountState | null | Promise<AccountState | null>;
  /** Forgets what this node read of the account (after changing its role or token version here). */
  forget(userId: string): void;
}

interface Entry {
  at: number;
  value: AccountState | null | Promise<AccountState | null>;
}

/**
 * Role and token version per account, read from the database at most once per `ttlMs` per account
 * and node, so a demotion, a deleted account or "sign out everywhere" takes effect within that time
 * while a busy client's requests cost a map lookup, not a query. Concurrent misses share one read.
 * At most `maxEntries` accounts are kept: the oldest read goes first.
 */
export function createAccountCache(deps: {
  db: Db;
  now: () => number;
  ttlMs: number;
  maxEntries?: number;
}): AccountCache {
  const max = deps.maxEntries ?? 50_000;
  const entries = new Map<string, Entry>();
  return {
    get(userId) {
      const now = deps.now();
      const hit = entries.get(userId);
      if (hit && now - hit.at < deps.ttlMs) return hit.value;
      if (hit) entries.delete(userId);
      const read = findAccountState(deps.db, userId);
      const entry: Entry = { at: now, value: read };
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(userId, entry);
      return read.then(
        (value) => {
          if (entries.get(userId) === entry) entry.value = value;
          return value;
        },
        (err: unknown) => {
          if (entries.get(userId) === entry) entries.delete(userId);
          throw err;
        },
      );
    },
    forget: (userId) => void entries.delete(userId),
  };
}
