import { DrizzleQueryError } from 'drizzle-orm';
import { maskEmails } from './mask-emails.js';

export const REDACTED = '[redacted]';

/**
 * Own fields of database errors that hold a query's values: drizzle's `params`; postgres.js's
 * `parameters`, `args` and `types`, which it makes enumerable when its `debug` option is on.
 */
const VALUE_FIELDS = new Set(['params', 'parameters', 'args', 'types']);
// Long enough for any statement we write by hand; the bulk writes are one `unnest` statement each.
const MAX_QUERY_CHARS = 2000;
// A cause chain this deep is a loop or a bug; the rest is not worth a log line.
const MAX_CAUSES = 5;

export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  cause?: LoggedError | string;
  errors?: LoggedError[];
  [field: string]: unknown;
}

function sqlState(err: Error): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The message without the values it may embed: drizzle writes a failed query's parameters into its
 * message, and PostgreSQL quotes the offending value in a data exception (SQLSTATE class 22:
 * `invalid input syntax for type uuid: "..."`).
 */
export function safeErrorMessage(err: Error): string {
  if (err instanceof DrizzleQueryError) return 'Failed query';
  const state = sqlState(err);
  const message = state?.startsWith('22') ? err.message.replace(/"[^"]*"/g, `"${REDACTED}"`) : err.message;
  return maskEmails(message);
}

/**
 * PostgreSQL's DETAIL of an integrity error (class 23) names the row's values, as in
 * `Key (email)=(j@example.com) already exists`; the columns stay, the values go. A data exception
 * (class 22) describes the bad value itself, so its detail goes altogether.
 */
function safeDetail(detail: string, state: string | undefined): string | undefined {
  if (state?.startsWith('22')) return undefined;
  if (state?.startsWith('23')) {
    return detail
      .replace(/\)=\(.*\)( already exists| is not present| is still referenced| conflicts)/s, `)=(${REDACTED})$1`)
      .replace(/^Failing row contains \(.*\)\.?$/s, `Failing row contains (${REDACTED}).`);
  }
  return maskEmails(detail);
}

/** The stack's frames under the safe message: V8 wrote the original message at the top of it. */
function safeStack(err: Error, type: string, message: string): string | undefined {
  if (typeof err.stack !== 'string') return undefined;
  const frames = err.stack.indexOf('\n    at ');
  return `${type}: ${message}${frames === -1 ? '' : err.stack.slice(frames)}`;
}

function safeField(name: string, value: unknown, state: string | undefined, fields: (value: unknown) => unknown) {
  if (typeof value !== 'string') return typeof value === 'object' && value !== null ? fields(value) : value;
  if (name === 'detail') return safeDetail(value, state);
  if (name === 'query') return value.length > MAX_QUERY_CHARS ? `${value.slice(0, MAX_QUERY_CHARS)}…` : value;
  // PostgreSQL puts a bind parameter's value in the CONTEXT when log_parameter_max_length_on_error allows.
  if (name === 'where') return maskEmails(value.replace(/(portal parameter \$\d+) = '.*'$/gm, '$1'));
  return maskEmails(value);
}

function toLogged(err: Error, depth: number, fields: (value: unknown) => unknown): LoggedError {
  const state = sqlState(err);
  const type = typeof err.constructor === 'function' ? err.constructor.name : err.name;
  const message = safeErrorMessage(err);
  const logged: LoggedError = { type, message };
  const stack = safeStack(err, type, message);
  if (stack !== undefined) logged.stack = stack;
  for (const name of Object.keys(err)) {
    if (name in logged || name === 'cause' || name === 'errors' || VALUE_FIELDS.has(name)) continue;
    const value = safeField(name, (err as unknown as Record<string, unknown>)[name], state, fields);
    if (value !== undefined) logged[name] = value;
  }
  if (depth < MAX_CAUSES) {
    const { cause } = err;
    if (cause instanceof Error) logged.cause = toLogged(cause, depth + 1, fields);
    else if (typeof cause === 'string') logged.cause = maskEmails(cause);
    const { errors } = err as { errors?: unknown };
    if (Array.isArray(errors)) {
      logged.errors = errors.filter((e): e is Error => e instanceof Error).map((e) => toLogged(e, depth + 1, fields));
    }
  }
  return logged;
}

/**
 * An error as a log line carries it: type, SQLSTATE and the driver's other codes, message and stack,
 * and its causes, without a failed query's parameters or a value PostgreSQL quotes back, and with
 * emails masked. `fields` makes an object-valued field safe (the logger's own walk). Anything that
 * is not an Error is returned as it is.
 */
export function logSafeError(value: unknown, fields: (value: unknown) => unknown): unknown {
  return value instanceof Error ? toLogged(value, 0, fields) : value;
}
