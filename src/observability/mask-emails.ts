import { maskEmail } from '../format/mask-email.js';

// The domain needs a dot and letters at the end, so `postgres://user@127.0.0.1` or `user@localhost`
// stay as they are: those are hosts, not mailboxes.
const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;

/**
 * `text` with every email address in it masked as the admin views show one (`j***@example.com`):
 * enough to tell two customers' failures apart in a log, not enough to write to them.
 */
export function maskEmails(text: string): string {
  return text.includes('@') ? text.replace(EMAIL, maskEmail) : text;
}
