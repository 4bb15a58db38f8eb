import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';

describe('notification settings', () => {
  it('has defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      OUTBOX_POLL_MS: 500,
      OUTBOX_DISPATCH: 'on',
      HOLD_EXPIRY_WARNING_SECONDS: 60,
      WEBHOOK_MAX_ATTEMPTS: 10,
      MAIL_FROM: 'Showtime <no-reply@showtime.local>',
    });
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAILBOX_DIR).toBeUndefined();
  });

  it.each([
    ['SMTP_URL', 'not a url'],
    ['OUTBOX_POLL_MS', 'soon'],
    ['OUTBOX_POLL_MS', '0'],
    ['OUTBOX_DISPATCH', 'maybe'],
    ['HOLD_EXPIRY_WARNING_SECONDS', '-5'],
    ['WEBHOOK_MAX_ATTEMPTS', '0'],
  ])('stops start-up on a bad %s, naming it', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(new RegExp(`Invalid configuration: .*${name}`));
  });
});
