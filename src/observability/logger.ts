import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Field names whose values are secrets wherever they appear: credentials, tokens, API keys, card
 * data, signing secrets. Nothing logs request bodies or headers today; this is the net under any
 * line that someday does (a debug line, an error with its input attached).
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

// Up to three objects deep covers `req.headers.cookie` and `body.payment.cardNumber`; pino's redaction
// takes explicit paths, so each name is listed at each depth (bracketed: some names hold a dash).
const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];
export const REDACT_PATHS = DEPTHS.flatMap((prefix) => SECRET_FIELDS.map((name) => `${prefix}["${name}"]`));

export const REDACTED = '[redacted]';

/**
 * The process logger; secrets are redacted wherever they appear in a logged object. `destination`
 * is for tests that read what was logged.
 */
export function createLogger(
  level: string,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = { level, base: bindings, redact: { paths: REDACT_PATHS, censor: REDACTED } };
  return destination ? pino(options, destination) : pino(options);
}
