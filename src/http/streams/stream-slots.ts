/**
 * Counts open streams per client, so one address cannot hold open connections without limit (each
 * keeps a socket, a feed listener and its pending updates). Counted per node: the stream is served
 * by the node that owns its show.
 */
export interface StreamSlots {
  /** Takes a slot for `client`; returns the release function, or null when the client has `max` open. */
  acquire(client: string): (() => void) | null;
  /** Open streams of one client. */
  open(client: string): number;
}

export function createStreamSlots(max: number): StreamSlots {
  const open = new Map<string, number>();
  return {
    acquire(client) {
      const n = open.get(client) ?? 0;
      if (n >= max) return null;
      open.set(client, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(client) ?? 1) - 1;
        // Only clients with a stream open are kept, so the map is as small as the open streams.
        if (left <= 0) open.delete(client);
        else open.set(client, left);
      };
    },
    open: (client) => open.get(client) ?? 0,
  };
}
