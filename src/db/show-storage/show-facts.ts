import type { OutboxTopic } from '../schema/index.js';
import type { ShowOutcome } from '../../actors/show/types.js';

/**
 * One outbox row a show's batch records. `bookingId`: the row is completed from that booking's
 * read-model row in the same statement (its user, and the money the customer actually paid, which
 * the machine does not know).
 */
export interface ShowFact {
  eventKey: string;
  topic: OutboxTopic;
  userId: string | null;
  bookingId: string | null;
  payload: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Appends the outbox facts among one command's outcomes to `facts`; most commands have none (holds,
 * releases, expiries). The writer adds the show's currency to every payload.
 */
export function collectShowFacts(showId: string, outcomes: readonly ShowOutcome[], facts: ShowFact[]): void {
  for (const o of outcomes) {
    switch (o.type) {
      case 'booking.confirmed':
        facts.push({
          eventKey: `booking.confirmed:${o.bookingId}`,
          topic: 'booking.confirmed',
          userId: o.userId,
          bookingId: o.bookingId,
          payload: {
            bookingId: o.bookingId,
            showId,
            userId: o.userId,
            holdId: o.holdId,
            total: o.total,
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
          },
        });
        break;
      case 'booking.cancelled':
        facts.push({
          eventKey: `booking.cancelled:${o.bookingId}`,
          topic: 'booking.cancelled',
          userId: null,
          bookingId: o.bookingId,
          payload: {
            bookingId: o.bookingId,
            showId,
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
          },
        });
        break;
      case 'waitlist.offered':
        facts.push({
          eventKey: `waitlist.offered:${o.holdId}`,
          topic: 'waitlist.offered',
          userId: o.userId,
          bookingId: null,
          payload: {
            entryId: o.entryId,
            holdId: o.holdId,
            showId,
            userId: o.userId,
            seats: o.seats,
            gaSection: o.ga?.section ?? null,
            quantity: o.quantity,
            expiresAt: iso(o.expiresAt),
            total: o.total,
          },
        });
        break;
      case 'show.cancelled':
        for (const bookingId of o.bookingIds) {
          facts.push({
            eventKey: `show.cancelled:${bookingId}`,
            topic: 'show.cancelled',
            userId: null,
            bookingId,
            payload: { bookingId, showId },
          });
        }
        break;
      default:
        break;
    }
  }
}

/** Whether a committed batch recorded outbox facts (the dispatcher is woken for those only). */
export function hasShowFacts(outcomes: readonly ShowOutcome[]): boolean {
  return outcomes.some(
    (o) =>
      o.type === 'booking.confirmed' ||
      o.type === 'booking.cancelled' ||
      o.type === 'waitlist.offered' ||
      (o.type === 'show.cancelled' && o.bookingIds.length > 0),
  );
}
