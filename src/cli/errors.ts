/** A problem answered by the server (RFC 9457 problem+json, or whatever a non-JSON error page said). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly fieldErrors: { path: string; message: string }[] = [],
    /** The pause the server asked for before a retry (its Retry-After), or null when it named none. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiProblem';
  }
}

/** The server could not be reached at all (refused, DNS, timeout). */
export class ConnectionError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Cannot reach the server at ${url}: ${reason}`);
    this.name = 'ConnectionError';
  }
}

/** The command line itself is wrong; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Something the user must do first (log in, pick another server); exit code 1 like an API refusal. */
export class NeedsActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NeedsActionError';
  }
}

export const exitCodes = { ok: 0, apiError: 1, usage: 2 } as const;

export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? exitCodes.usage : exitCodes.apiError;
}

/** One readable paragraph for any error; a stack only for a bug in the client itself, and only when asked. */
export function describeError(err: unknown, opts: { debug?: boolean } = {}): string {
  if (err instanceof ApiProblem) {
    const head = `${err.title} (${err.status} ${err.code})`;
    const lines = [err.detail && err.detail !== err.title ? `${head}: ${err.detail}` : head];
    for (const f of err.fieldErrors) lines.push(`  ${f.path || '(body)'}: ${f.message}`);
    const hint = hintFor(err);
    if (hint) lines.push(hint);
    return lines.join('\n');
  }
  if (err instanceof ConnectionError || err instanceof UsageError || err instanceof NeedsActionError) {
    return err.message;
  }
  if (err instanceof Error) return `Unexpected error: ${opts.debug ? (err.stack ?? err.message) : err.message}`;
  return `Unexpected error: ${String(err)}`;
}

function hintFor(err: ApiProblem): string | undefined {
  switch (err.code) {
    case 'unauthorized':
      return 'Log in first: showtime login <email>';
    case 'forbidden':
      return 'This needs an admin account (showtime login admin@example.com).';
    case 'queue_required':
      return 'This show has a waiting room: run showtime queue <showId> first, then hold during your turn.';
    case 'room_not_open':
      return 'The waiting room is not open yet (or this show has none).';
    case 'held_by_others':
      return 'Seats may free up soon; try again later or join the waitlist.';
    default:
      return undefined;
  }
}
