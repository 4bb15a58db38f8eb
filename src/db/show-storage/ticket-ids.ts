import { createHash } from 'node:crypto';

/**
 * A ticket's id, derived from its booking and place: the journal holds every booking with its
 * places, so the tickets table can be rebuilt from the journal alone with the same ids (and the
 * same signed codes). Shaped as a UUID, like the ids made before ids were derived.
 */
export function ticketIdFor(bookingId: string, place: string): string {
  const h = createHash('sha256').update(`ticket|${bookingId}|${place}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
