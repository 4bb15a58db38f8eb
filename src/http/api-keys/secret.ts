import { createHash, randomBytes, randomUUID } from 'node:crypto';

// Recognisable in leaked-secret scans and in a developer's config; the rest is 256 random bits.
const KEY_PREFIX = 'stk_';
/** How much of a key its owner sees again later, to tell keys apart. */
const SHOWN_CHARS = KEY_PREFIX.length + 8;

export interface IssuedKey {
  apiKeyId: string;
  /** The key itself: shown once to its owner, never stored. */
  key: string;
  keyHash: string;
  prefix: string;
}

/** A new random key, its id and the parts that are stored. */
export function issueKey(): IssuedKey {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { apiKeyId: randomUUID(), key, keyHash: hashKey(key), prefix: key.slice(0, SHOWN_CHARS) };
}

/**
 * SHA-256 is enough here (unlike for passwords): the key has 256 random bits, so there is nothing
 * to guess, and a fast hash keeps the per-request lookup cheap.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
