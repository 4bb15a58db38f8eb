import type { ShowRuntime } from '../actors/runtime/types.js';

/**
 * Waits until the holds and waitlist read models follow every decision committed so far by the
 * shows live on this node, for a reader that lists a customer's rows across shows (their own writes
 * included). Waiting costs the shows nothing: it watches their projectors, it sends them no command.
 * Shows owned by other nodes are read as they stand, at most their projection pace behind.
 */
export async function localReadModelsCaughtUp(runtime: ShowRuntime): Promise<void> {
  await Promise.all(runtime.liveShows().map((showId) => runtime.readModelsCaughtUp(showId)));
}
