import { applyRoomEvent } from './commands.js';
import type { RoomContext, RoomInput } from './context.js';
import { createRoomContext } from './context.js';
import type { RoomEvent } from './types.js';

/**
 * Rebuilds a room from its journal: the events in order (TICKs with their seeds), applied again.
 * The rules are deterministic, so this gives the context the live room had; start from a snapshot
 * (roomFromSnapshot) and pass the events journaled after it. Events that changed nothing may be
 * missing from the journal: leaving them out changes nothing either (see RoomResult.changed).
 */
export function replayRoom(start: RoomInput | RoomContext, events: Iterable<RoomEvent>): RoomContext {
  let context = 'tickets' in start ? start : createRoomContext(start);
  for (const event of events) context = applyRoomEvent(context, event).context;
  return context;
}
