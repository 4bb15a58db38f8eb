import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { listRevokedJtis, pruneRevokedTokens, revokeToken } from '../../db/queries/users.js';

export interface RevocationList {
  has(jti: string): boolean;
  /** Stores the revocation, then refuses the token here at once (other nodes learn on their next refresh). */
  revoke(jti: string, expiresAt: Date): Promise<void>;
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Revoked token ids held in memory so verifying a token never waits on the database. Each node reloads
 * the set every `refreshMs`, which bounds how long a token logged out on another node keeps working.
 */
export async function createRevocationList(deps: {
  db: Db;
  now: () => number;
  log: Logger;
  refreshMs?: number;
}): Promise<RevocationList> {
  let revoked = new Set<string>();
  // Revoked here while a reload was reading: the read may have missed them, so they are carried over.
  let revokedDuringRead = new Set<string>();
  const refresh = async () => {
    const now = new Date(deps.now());
    revokedDuringRead = new Set();
    const fresh = new Set(await listRevokedJtis(deps.db, now));
    for (const jti of revokedDuringRead) fresh.add(jti);
    revoked = fresh;
    await pruneRevokedTokens(deps.db, now);
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
      revoked.add(jti);
      revokedDuringRead.add(jti);
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
