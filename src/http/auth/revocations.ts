import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { listRevokedSince } from '../../db/queries/sessions.js';
import { pruneRevokedTokens, revokeToken } from '../../db/queries/users.js';

export interface RevocationList {
  has(jti: string): boolean;
  /** Stores the revocation, then refuses the token here at once (other nodes learn on their next refresh). */
  revoke(jti: string, expiresAt: Date): Promise<void>;
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * A revocation written by a transaction that began before a read's `now()` but committed after it
 * carries an earlier `revoked_at` than the read: each read looks this far back so it cannot miss it.
 * A revocation is one single-row insert, far shorter than this.
 */
const OVERLAP_MS = 10_000;
/** Expired rows are deleted from the table this often, not on every refresh. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Revoked token ids held in memory so verifying a token never waits on the database. The first load
 * reads every unexpired revocation; after that each node reads only those recorded since its last
 * read, every `refreshMs`, which bounds how long a token logged out on another node keeps working.
 * Expired ids are dropped from memory as they pass (their token's own exp refuses it).
 */
export async function createRevocationList(deps: {
  db: Db;
  now: () => number;
  log: Logger;
  refreshMs?: number;
}): Promise<RevocationList> {
  const revoked = new Map<string, number>();
  let since: Date | null = null;
  let prunedAt = 0;
  const refresh = async () => {
    const read = await listRevokedSince(deps.db, since);
    for (const r of read.revoked) revoked.set(r.jti, r.expiresAt.getTime());
    since = new Date(read.readAt.getTime() - OVERLAP_MS);
    const now = deps.now();
    for (const [jti, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(jti);
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      await pruneRevokedTokens(deps.db, new Date(now));
    }
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch((err: unknown) => deps.log.warn({ err }, 'revoked token refresh failed'));
  }, deps.refreshMs ?? 5_000);
  timer.unref();
  return {
    has: (jti) => revoked.has(jti),
    async revoke(jti, expiresAt) {
      await revokeToken(deps.db, jti, expiresAt);
      revoked.set(jti, expiresAt.getTime());
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
