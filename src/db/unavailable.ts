/**
 * Errors that mean "the database cannot be reached or is going away", as opposed to an error in
 * what was asked of it. A request that meets one can be retried once PostgreSQL is back, so the
 * HTTP layer answers 503 with Retry-After, and a connection that met one must not be used again.
 */

/** postgres.js's own codes for a connection that is gone, and the socket errors behind them. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is shutting down, starting up, in recovery, read-only after a failover
 * or out of connections (classes 08 and 57P, and 25006, 53300). A read-only answer means this
 * connection reached a standby: the next connection finds the primary.
 */
function isUnavailableState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '25006' ||
    code === '53300'
  );
}

interface MaybePgError {
  code?: unknown;
  severity?: unknown;
  cause?: unknown;
}

/**
 * True when an error means the database is unavailable for now (retry later), not a bad query; the
 * connection it came from is gone or about to go, so it must not be used again.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
    if (typeof e.code === 'string' && isUnavailableState(e.code) && typeof e.severity === 'string') return true;
  }
  return false;
}

/** The error and its causes (drizzle wraps driver errors in a DrizzleQueryError with a cause). */
function* causes(err: unknown): Generator<MaybePgError> {
  let e = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    yield e as MaybePgError;
    e = (e as MaybePgError).cause;
  }
}
