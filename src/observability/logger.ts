import { pino, type DestinationStream, type Logger, type LogFn } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { logSafeError, REDACTED, safeErrorMessage } from './log-errors.js';
import { maskEmails } from './mask-emails.js';

export { REDACTED };

/**
 * Field names whose values are secrets wherever they appear: credentials, tokens, API keys, card
 * data, signing secrets. Nothing logs request bodies or headers today; this is the net under any
 * line that someday does (a debug line, an error with its input attached). Matched ignoring case.
 */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'key',
  'keyHash',
  'cardNumber',
  'cvc',
  'cvv',
  'expiry',
  'secret',
  'jwtSecret',
  'ticketSecret',
  'webhookSecret',
  'smtpUrl',
];
const secretNames = new Set(SECRET_FIELDS.map((name) => name.toLowerCase()));

const topLevelRedaction = Object.fromEntries(
  [...SECRET_FIELDS, ...secretNames].map((name) => [name, () => REDACTED] as const),
);
// Deeper than any line logs; also where a cyclic object stops being followed.
const MAX_DEPTH = 6;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const redactFields = (value: unknown) => redactSecrets(value, 1);

/**
 * A copy of `value` with every secret field's value replaced, emails masked and errors made safe
 * (`logSafeError`), at any depth; untouched objects are returned as they are, so a line without
 * secrets costs one walk and no copies. Dates, buffers and other class instances are left to pino.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskEmails(value) as T;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return logSafeError(value, redactFields) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => redactSecrets(item, depth + 1));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (!isPlain(value)) return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const name of Object.keys(source)) {
    const before = source[name];
    const after = secretNames.has(name.toLowerCase()) ? REDACTED : redactSecrets(before, depth + 1);
    if (after !== before) {
      copy ??= { ...source };
      copy[name] = after;
    }
  }
  return (copy ?? value) as T;
}

const maskStrings = (args: unknown[]) => args.map((arg) => (typeof arg === 'string' ? maskEmails(arg) : arg));

/**
 * pino makes an error's own message the line's message when an Error is logged alone
 * (`log.error(err)`) or a line has none (`log.error({ err })`); that message may carry a failed
 * query's values. And a message may name a customer's email.
 */
function safeLogArgs(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first, ...rest] = args as unknown[];
  const err = first instanceof Error ? first : (first as { err?: unknown } | null | undefined)?.err;
  const obj = first instanceof Error ? { err: first } : first;
  const message = rest.length === 0 && err instanceof Error ? [safeErrorMessage(err)] : maskStrings(rest);
  method.apply(this, [typeof obj === 'string' ? maskEmails(obj) : obj, ...message] as Parameters<LogFn>);
}

/**
 * The process logger; secrets are redacted wherever they appear in a logged object, and at the top
 * of a child logger's bindings. Errors lose a failed query's parameters and emails are masked
 * (`log-errors.ts`), whatever field or message carries them. Not pino's `redact` option: it takes
 * explicit paths, and wildcard paths deep enough to matter cost 40-100 µs per line (measured),
 * against about 1 µs for this one walk.
 * `destination` is for tests that read what was logged.
 */
export function createLogger(
  level: string,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: redactSecrets(bindings),
    formatters: { log: (o: Record<string, unknown>) => redactSecrets(o) },
    // pino formats a child logger's bindings apart from its lines; serializers reach both (top level).
    // `err` replaces pino's own error serializer, which copies every field and would undo the walk.
    serializers: { ...topLevelRedaction, err: (err: unknown) => logSafeError(err, redactFields) },
    hooks: { logMethod: safeLogArgs },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Where the server's lines go: JSON on stdout for a collector, or, for a person at a terminal
 * (`auto` with stdout a TTY, or `pretty`), one coloured line per entry through pino-pretty. The
 * lines are redacted before either: pino formats them, then the stream only re-prints.
 */
export function logDestination(
  format: 'auto' | 'json' | 'pretty',
  stdout: NodeJS.WritableStream & { isTTY?: boolean },
): DestinationStream | undefined {
  const pretty = format === 'pretty' || (format === 'auto' && stdout.isTTY === true);
  if (!pretty) return undefined;
  return PinoPretty({
    destination: stdout,
    colorize: stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    sync: true,
  });
}
