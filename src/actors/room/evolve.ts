import { addToLine, admit, enterState, removeTurn, shufflePreQueue, startAdmission, useSettings } from './commands.js';
import type { RoomContext, RoomInput } from './context.js';
import { createRoomContext } from './context.js';
import { noteAdmissions, tokensAt } from './rate.js';
import { DONE, leaveLine } from './tickets.js';
import type { RoomEvent, RoomOutcome } from './types.js';

/*
 * Evolve: applies what an event decided (its outcomes, as journaled) to a room without deciding
 * anything again, with the primitives the rules themselves use. A rebuild that runs this rather than
 * applyRoomEvent keeps history as it happened even if a later release changes a rule (who is
 * admitted, when a turn ends). The shuffle is the one thing an outcome names but does not list: it is
 * redrawn from the journaled seed, with a generator pinned by a test (fairness.test.ts).
 */

export interface RoomJournalEntry {
  event: RoomEvent;
  outcomes: readonly RoomOutcome[];
}

/** The room after an event's outcomes; `event.now` is the time they were decided at. */
export function evolveRoom(context: RoomContext, entry: RoomJournalEntry): RoomContext {
  const now = entry.event.now;
  let spending = false;
  let admitted = 0;
  for (const o of entry.outcomes) {
    switch (o.type) {
      case 'room.configured':
        useSettings(context, o.settings, now);
        break;
      case 'room.state':
        enterState(context, o.from, o.to);
        if (o.to === 'admitting' && context.openedAt === null) startAdmission(context, now);
        break;
      case 'room.pauseKept':
        context.pauseKept = o.kept;
        break;
      case 'queue.shuffled':
        shufflePreQueue(context, o.seed);
        break;
      case 'queue.joined':
        if (!o.already) addToLine(context, o.accountId, now);
        break;
      case 'queue.left':
        leaveLine(context.tickets, o.ticket, DONE, now);
        break;
      case 'turn.admitted': {
        admit(context, o.ticket, o.turnEndsAt);
        admitted++;
        if (context.settings!.method === 'passthrough') break;
        // Tokens are spent one at a time from the level at `now`, exactly as admitDue spends them.
        const level = spending ? context.bucket.tokens : tokensAt(context.bucket, context.settings!, now);
        context.bucket = { tokens: level - 1, at: now };
        spending = true;
        break;
      }
      case 'turn.ended':
        removeTurn(context, o.ticket);
        break;
      case 'room.rejected':
        break;
      default: {
        const unknown: never = o;
        throw new Error(`evolve: unknown room outcome ${JSON.stringify(unknown)}`);
      }
    }
  }
  if (admitted > 0) {
    context.admittedTotal += admitted;
    noteAdmissions(context.recent, now, admitted);
  }
  return context;
}

/** A room rebuilt from a snapshot (or nothing) and the journal entries after it, by evolve alone. */
export function rebuildRoom(start: RoomInput | RoomContext, entries: Iterable<RoomJournalEntry>): RoomContext {
  const context = 'tickets' in start ? start : createRoomContext(start);
  for (const entry of entries) evolveRoom(context, entry);
  return context;
}
